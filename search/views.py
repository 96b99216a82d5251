from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home import pagecache
from home.tenancy import commune_pages_q

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    """Search the live, public pages of the current commune in the current language."""
    pagecache.cacheable(request)  # the commune's pages only: its generation covers them
    raw_query = request.GET.get("q", "").strip()
    query = raw_query[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = Page.objects.none()
    if query and site is not None:
        locale = Locale.objects.filter(language_code=get_language()).first()
        pages = Page.objects.live().public().filter(commune_pages_q(site)).specific()
        if locale is not None:
            pages = pages.filter(locale=locale)
        results = pages.search(query)

    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "query_truncated": len(raw_query) > MAX_QUERY_LENGTH,
            "page_obj": page_obj,
            "results": page_obj.object_list,
        },
    )
