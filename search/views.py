"""`/<lang>/search/?q=&type=&page=`: the commune's pages, projects and proposals.

Thin: parse the query (`query.parse` never fails), let `results.SiteSearch`
find what this commune shows in this language, paginate, count the search in
Wagtail's statistics (a fresh search only, and at most `LOG_RATE` per visitor),
render.
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home import ratelimit

from . import query, services
from .results import KIND_LABELS, KINDS, SiteSearch

RESULTS_PER_PAGE = 10
# Searches counted in the statistics per visitor: enough for people, not for scripts.
LOG_RATE = "60/h"


def _record(request, search_input) -> None:
    usage = ratelimit.hit("search-log", ratelimit.ip_key(request), LOG_RATE)
    if not usage.blocked:
        services.record_search(query_string=search_input.text)


def search(request):
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
            _record(request, search_input)

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
