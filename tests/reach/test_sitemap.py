"""/sitemap.xml and /robots.txt: each commune's own, at the root of its host."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction, Site

from .conftest import BELVAL, BELVAL_ROOT, MONTCLAIR, path_of

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client, **host) -> dict[str, dict[str, str]]:
    """Each listed address, with its alternates {hreflang: address}."""
    response = client.get("/sitemap.xml", **host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap, under test
    assert root.tag == f"{{{NS['s']}}}urlset"
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_the_communes_pages_in_every_language(client, place):
    urls = sitemap(client, **BELVAL)
    expected = {
        f"{BELVAL_ROOT}/fr/",
        f"{BELVAL_ROOT}/en/",
        f"{BELVAL_ROOT}/de/",
        f"{BELVAL_ROOT}/nl/",
        f"{BELVAL_ROOT}/fr/place-du-marche/",
        f"{BELVAL_ROOT}/en/market-square/",
        f"{BELVAL_ROOT}/fr/budget-2027/",
        f"{BELVAL_ROOT}/fr/projets/",
        f"{BELVAL_ROOT}/fr/projets/place-refaite/",
        f"{BELVAL_ROOT}/fr/mentions/",
    }
    assert set(urls) == expected


def test_each_translation_is_an_hreflang_alternate(client, place):
    urls = sitemap(client, **BELVAL)
    market = {
        "fr": f"{BELVAL_ROOT}/fr/place-du-marche/",
        "en": f"{BELVAL_ROOT}/en/market-square/",
        "x-default": f"{BELVAL_ROOT}/fr/place-du-marche/",
    }
    assert urls[f"{BELVAL_ROOT}/fr/place-du-marche/"] == market
    assert urls[f"{BELVAL_ROOT}/en/market-square/"] == market
    assert set(urls[f"{BELVAL_ROOT}/de/"]) == {"fr", "en", "de", "nl", "x-default"}
    # A page in one language only has no alternates.
    assert urls[f"{BELVAL_ROOT}/fr/budget-2027/"] == {}


def test_another_communes_host_lists_only_its_own_pages(client, place):
    urls = sitemap(client, **MONTCLAIR)
    assert set(urls) == {
        "http://montclair.localhost/fr/",
        "http://montclair.localhost/en/",
        "http://montclair.localhost/fr/bancs/",
    }
    response = client.get("/sitemap.xml", **MONTCLAIR)
    assert b"belval" not in response.content.lower()


def test_drafts_private_pages_and_aliases_are_left_out(client, place):
    PageViewRestriction.objects.create(
        page=place.standard, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    alias = place.budget.create_alias(update_slug="budget-bis")
    assert alias.live
    urls = sitemap(client, **BELVAL)
    assert f"{BELVAL_ROOT}/fr/brouillon/" not in urls
    assert f"{BELVAL_ROOT}/fr/mentions/" not in urls
    assert f"{BELVAL_ROOT}/fr/budget-bis/" not in urls
    assert f"{BELVAL_ROOT}/fr/budget-2027/" in urls


def test_addresses_are_the_sites_own_whatever_the_host_used(client, place):
    """Reached at an address that is no commune's, Wagtail answers with the default
    commune: its sitemap names its own host and port, never the one in the request."""
    site = place.belval.site
    site.port = 8101
    site.save()
    Site.clear_site_root_paths_cache()
    urls = sitemap(client, HTTP_HOST="localhost")
    assert urls
    assert all(url.startswith("http://belval.localhost:8101/") for url in urls)


def test_sitemap_and_robots_are_at_the_root_only(client, place):
    assert client.get("/sitemap.xml", **BELVAL).status_code == 200
    assert client.get("/robots.txt", **BELVAL).status_code == 200
    assert client.get("/fr/sitemap.xml", **BELVAL).status_code == 404
    assert client.get("/fr/robots.txt", **BELVAL).status_code == 404
    assert client.post("/sitemap.xml", **BELVAL).status_code == 405
    assert client.post("/robots.txt", **BELVAL).status_code == 405


def test_robots_txt_names_the_sitemap_at_the_address_used(client, place):
    response = client.get("/robots.txt", HTTP_HOST="montclair.localhost:8101")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    for language in ("fr", "en", "de", "nl"):
        assert f"Disallow: /{language}/accounts/" in lines
        assert f"Disallow: /{language}/search/" in lines
    assert "Sitemap: http://montclair.localhost:8101/sitemap.xml" in lines
    # Pages themselves stay open to search engines.
    assert "Disallow: /" not in lines
    assert "Disallow: /fr/" not in lines


def test_page_paths_match_the_sitemap(client, place):
    """The addresses listed are the pages' own (their paths serve the pages)."""
    for url in sitemap(client, **BELVAL):
        path = url.removeprefix(BELVAL_ROOT)
        assert client.get(path, **BELVAL).status_code == 200, path
    assert path_of(place.consultation) == "/fr/place-du-marche/"
