"""`/<lang>/search/?q=&type=&page=`: the commune's pages, projects and proposals.

Thin: parse the query (`query.parse` never fails), let `results.SiteSearch`
find what this commune shows in this language, paginate, count the search in
Wagtail's statistics (a fresh search only, and at most `services.LOG_RATE` per
visitor, also when the page comes from the cache), render.
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core import pagecache

from . import query, services
from .results import KIND_LABELS, KINDS, SiteSearch

RESULTS_PER_PAGE = 10
RECORD_REPLAY = "search.record"  # registered in apps.SearchConfig.ready


def _cache_for_visitors(request) -> None:
    """Visitors' results may be served from the page cache until the commune's pages
    (read by the cache itself), its contributions or the promotions change. The
    generations are read before the results."""
    site = Site.find_for_request(request)
    if site is not None and pagecache.enabled():
        pagecache.cacheable(request)
        pagecache.depend_on(
            request, pagecache.contributions_key(site.root_page.path), pagecache.SEARCH_KEY
        )


def search(request):
    _cache_for_visitors(request)
    search_input = query.parse(request.GET.get("q"), language=get_language())
    site_search = SiteSearch(request, search_input)
    kind = request.GET.get("type", "")
    if kind not in KINDS:
        kind = ""

    page_obj = None
    filters = []
    if not search_input.is_empty:
        hits = site_search.sequence(kind)
        page_obj = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        counts = site_search.counts
        filters = [
            {"kind": "", "label": _("All"), "count": site_search.sequence("").count()},
            *(
                {"kind": name, "label": KIND_LABELS[name], "count": counts.get(name, 0)}
                for name in site_search.kinds
            ),
        ]
        if "page" not in request.GET and "type" not in request.GET:
            services.record_visitor_search(request, search_input.text)
            pagecache.replay_on_hit(request, RECORD_REPLAY, search_input.text)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": search_input.text,
            "search_input": search_input,
            "query_truncated": search_input.truncated,
            "max_length": query.MAX_QUERY_LENGTH,
            "kind": kind,
            "filters": filters,
            "partial": site_search.partial,
            "page_obj": page_obj,
            "hits": page_obj.object_list if page_obj else [],
        },
    )
