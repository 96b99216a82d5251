"""The search app's only write: counting a search in Wagtail's query statistics."""

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string


@transaction.atomic
def record_search(*, query_string: str) -> None:
    """Count one search for the editors' "Search terms" report (and its promotions).

    Wagtail normalises the text (lower case, single spaces, 255 characters at most).
    """
    normalised = normalise_query_string(query_string)
    if normalised:
        Query.get(normalised).add_hit()
