"""The search app's only write: counting a search in Wagtail's query statistics."""

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from core import ratelimit

# Searches counted in the statistics per visitor: enough for people, not for scripts.
LOG_RATE = "60/h"


@transaction.atomic
def record_search(*, query_string: str) -> None:
    """Count one search for the editors' "Search terms" report (and its promotions).

    Wagtail normalises the text (lower case, single spaces, 255 characters at most).
    """
    normalised = normalise_query_string(query_string)
    if normalised:
        Query.get(normalised).add_hit()


def record_visitor_search(request, query_string: str) -> None:
    """Count a visitor's fresh search, at most `LOG_RATE` per client address. Also
    called when the results page is served from the page cache."""
    usage = ratelimit.hit("search-log", ratelimit.ip_key(request), LOG_RATE)
    if not usage.blocked:
        record_search(query_string=query_string)
