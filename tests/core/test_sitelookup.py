"""Each process remembers which commune answers which host, and forgets it when sites
change (core.sitelookup)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core import pagecache, sitelookup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _remember_sites(settings):
    settings.AGORA_REMEMBER_SITES = True


BELVAL = {"HTTP_HOST": "belval.localhost"}
MONTCLAIR = {"HTTP_HOST": "montclair.localhost"}


def _site_queries(client, path, host) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **host)
    assert response.status_code == 200
    looked_up = [q for q in queries.captured_queries if 'FROM "wagtailcore_site"' in q["sql"]]
    return len(looked_up), response.text


def test_a_host_is_looked_up_once_then_remembered(client, belval, montclair):
    first, _ = _site_queries(client, "/fr/", BELVAL)
    again, belval_home = _site_queries(client, "/fr/", BELVAL)
    other, montclair_home = _site_queries(client, "/fr/", MONTCLAIR)
    assert first >= 1
    assert again == 0
    assert other >= 1  # each host has its own answer
    assert "Ville de Belval" in belval_home
    assert "Commune de Montclair" in montclair_home
    assert "Ville de Belval" not in montclair_home


def test_a_new_domain_is_answered_at_once(client, belval, montclair):
    _site_queries(client, "/fr/", MONTCLAIR)
    site = Site.objects.get(hostname="montclair.localhost")
    site.hostname = "www.montclair.localhost"
    site.save()  # as in Wagtail's settings of sites
    _count, text = _site_queries(client, "/fr/", {"HTTP_HOST": "www.montclair.localhost"})
    assert "Commune de Montclair" in text
    # The old name now falls back to the default commune, as Wagtail answers it.
    _count, text = _site_queries(client, "/fr/", MONTCLAIR)
    assert "Ville de Belval" in text


def test_a_change_made_by_another_process_is_seen_through_the_shared_generation(
    client, belval, montclair
):
    _site_queries(client, "/fr/", MONTCLAIR)
    # Another process changed the row and bumped the generation every process reads.
    Site.objects.filter(hostname="montclair.localhost").update(hostname="ailleurs.localhost")
    pagecache.bump(sitelookup.SITES_KEY)
    count, text = _site_queries(client, "/fr/", MONTCLAIR)
    assert count >= 1
    assert "Ville de Belval" in text


def test_requests_never_share_the_remembered_objects(rf, belval):
    first = sitelookup.remember_site(rf.get("/", **BELVAL))
    second = sitelookup.remember_site(rf.get("/", **BELVAL))
    assert first == second  # the same site...
    assert first is not second  # ...as separate objects
    assert first.root_page is not second.root_page


def test_made_up_hosts_never_grow_the_table_without_bound(rf, belval, monkeypatch):
    monkeypatch.setattr(sitelookup, "MAX_HOSTS", 3)
    for number in range(10):
        site = sitelookup.remember_site(rf.get("/", HTTP_HOST=f"h{number}.example"))
        assert site.hostname == "belval.localhost"  # the default commune answers
    assert len(sitelookup._known) <= 3
