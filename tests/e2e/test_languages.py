"""A visitor reads Belval in German and in Dutch: the language links keep them on the
content they were reading, and a page not yet translated says so in their language
instead of sending them elsewhere."""

import re

from playwright.sync_api import expect
from wagtail.models import Page

from home.factories import StandardPageFactory

from .browser import assert_accessible
from .conftest import BELVAL

SWITCHER = {"fr": "Choisir une langue", "de": "Sprache wählen", "nl": "Kies een taal"}


def switch(page, from_language: str, name: str) -> None:
    page.get_by_role("navigation", name=SWITCHER[from_language]).get_by_role(
        "link", name=name
    ).click()


def test_the_language_links_keep_the_visitor_on_the_consultation(demo_server, page, axe_source):
    page.goto(demo_server.url("/fr/place-du-marche/", host=BELVAL))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aménagement de la place du marché")

    switch(page, "fr", "Deutsch")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neugestaltung des Marktplatzes")
    expect(page).to_have_url(re.compile(r"/de/[a-z0-9-]+/$"))
    assert_accessible(page, axe_source, "consultation (de)")

    switch(page, "de", "Nederlands")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Herinrichting van het marktplein")
    assert_accessible(page, axe_source, "consultation (nl)")

    # Their home pages lead to the participations and the projects.
    page.goto(demo_server.url("/de/", host=BELVAL))
    expect(page.get_by_role("main")).to_contain_text("Neugestaltung des Marktplatzes")
    expect(page.get_by_role("main")).to_contain_text("Bürgerhaushalt 2026")


def test_a_page_not_yet_translated_stays_in_french_and_says_so(demo_server, page, axe_source):
    home = Page.objects.get(depth=2, slug="belval", locale__language_code="fr")
    french_only = StandardPageFactory(
        parent=home.specific, title="Fermeture estivale de la mairie", slug="fermeture-estivale"
    )
    french_only.save_revision().publish()

    page.goto(demo_server.url("/fr/fermeture-estivale/", host=BELVAL))
    switch(page, "fr", "Deutsch")

    expect(page).to_have_url(re.compile(r"/fr/fermeture-estivale/\?lang=de$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fermeture estivale de la mairie")
    expect(page.get_by_role("note")).to_contain_text(
        "Diese Seite gibt es noch nicht in Ihrer Sprache"
    )
    assert_accessible(page, axe_source, "untranslated page, asked in German")
