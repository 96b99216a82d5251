"""What visitors search on one commune's site is not shown to another commune's staff.

Wagtail records the terms searched on every site in one table, with no commune
(wagtail.contrib.search_promotions' `Query`); its query chooser, which the promoted
results screen opens, lists the most searched terms to anyone with admin access.
Search terms and promoted results are therefore for install-wide staff only.
"""

import pytest
from django.urls import reverse

from search.services import record_search

from .helpers import BELVAL_HOST, MONTCLAIR_HOST, body_of, refusal

SEARCHED = "horaires piscine belval"

SEARCH_TERM_VIEWS = [
    ("wagtailsearchpromotions:chooser", ""),
    ("wagtailsearchpromotions:chooserresults", ""),
    ("wagtailsearchpromotions:chooserresults", "q=belval"),
    ("wagtailsearchpromotions:index", ""),
    ("wagtailsearchpromotions:search_terms", ""),
]


@pytest.fixture
def searched(db):
    """Belval's visitors searched for their swimming pool's opening hours."""
    for _time in range(3):
        record_search(query_string=SEARCHED)


@pytest.mark.parametrize("role", ["montclair_editor", "montclair_moderator", "belval_editor"])
@pytest.mark.parametrize(("name", "query"), SEARCH_TERM_VIEWS)
def test_a_communes_staff_see_no_search_terms(world, searched, client, role, name, query):
    client.force_login(getattr(world, role))
    url = reverse(name) + (f"?{query}" if query else "")
    host = BELVAL_HOST if role.startswith("belval") else MONTCLAIR_HOST
    response = client.get(url, HTTP_HOST=host)
    assert SEARCHED not in body_of(response), f"{role} sees what Belval searched on {url}"
    assert refusal(response), (url, response.status_code)


def test_install_wide_staff_still_pick_search_terms(world, searched, client):
    client.force_login(world.superuser)
    response = client.get(reverse("wagtailsearchpromotions:chooser"), HTTP_HOST=BELVAL_HOST)
    assert response.status_code == 200
    assert SEARCHED in body_of(response)


def test_the_settings_menu_offers_promoted_results_to_install_wide_staff_only(world, db, client):
    client.force_login(world.belval_editor)
    assert reverse("wagtailsearchpromotions:index") not in body_of(
        client.get(reverse("wagtailadmin_home"), HTTP_HOST=BELVAL_HOST)
    )
    client.force_login(world.superuser)
    assert reverse("wagtailsearchpromotions:index") in body_of(
        client.get(reverse("wagtailadmin_home"), HTTP_HOST=BELVAL_HOST)
    )
