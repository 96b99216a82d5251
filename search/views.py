import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.tenancy import commune_pages_q

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Control characters (PostgreSQL refuses NUL in text) and double quotes, which the
# SQLite full-text backend puts around each word without escaping them: a query
# such as `"><svg` would otherwise be a syntax error, hence a server error.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f-\x9f]+')


def clean_query(raw: str) -> str:
    """The words to look for: unsearchable characters become spaces, spaces collapse."""
    return " ".join(UNSEARCHABLE.sub(" ", raw).split())


def search(request):
    """Search the live, public pages of the current commune in the current language."""
    raw_query = clean_query(request.GET.get("q", ""))
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
