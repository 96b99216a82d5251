"""The Host header decides which commune answers, and nothing leaks between them."""

import pytest

from core.tenancy import commune_pages, site_for_page

pytestmark = pytest.mark.django_db


def test_each_host_serves_its_own_home_page(client, belval, montclair):
    belval_page = client.get("/fr/", HTTP_HOST="belval.localhost")
    montclair_page = client.get("/fr/", HTTP_HOST="montclair.localhost")

    assert belval_page.status_code == 200
    assert montclair_page.status_code == 200
    assert "Ville de Belval" in belval_page.text
    assert "Montclair" not in belval_page.text
    assert "Commune de Montclair" in montclair_page.text
    assert "Belval" not in montclair_page.text


def test_unknown_host_falls_back_to_the_default_commune(client, belval, montclair):
    response = client.get("/fr/", HTTP_HOST="localhost")
    assert "Ville de Belval" in response.text


def test_a_page_of_another_commune_is_not_reachable_by_path(client, belval, montclair):
    assert client.get("/fr/marche/", HTTP_HOST="belval.localhost").status_code == 200
    assert client.get("/fr/marche/", HTTP_HOST="montclair.localhost").status_code == 404


def test_commune_pages_cover_every_language_and_only_that_commune(belval, montclair):
    belval_pages = set(commune_pages(belval.site).values_list("pk", flat=True))
    montclair_pages = set(commune_pages(montclair.site).values_list("pk", flat=True))

    translations = belval.market_page.get_translations(inclusive=True)
    assert set(translations.values_list("pk", flat=True)) <= belval_pages
    assert {page.pk for page in belval.home_pages.values()} <= belval_pages
    assert not belval_pages & montclair_pages


def test_site_for_page_finds_the_commune_of_a_translation(belval, montclair):
    english_market = belval.market_page.get_translation(belval.home_pages["en"].locale)
    assert site_for_page(english_market) == belval.site
    assert site_for_page(montclair.home) == montclair.site
