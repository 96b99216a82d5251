"""Belval's participation content exists in every language of the commune.

Belval speaks French, English, German and Dutch: its consultations, budgets,
questionnaire, projects index and projects are translated into each of them through
wagtail-localize, with their categories, so that a German or Dutch visitor finds the
participations on their home page and the language switcher leads from every page to
its translation. The demo is loaded once for this module, inside a transaction rolled
back after its last test.
"""

import re

import pytest
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Site

from budget.models import BudgetPage
from consultations.models import Category, ConsultationPage, QuestionnairePage
from core.tenancy import commune_pages_q
from projects.models import ProjectIndexPage, ProjectPage
from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "belval.localhost"}
TRANSLATED = ("en", "de", "nl")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def belval_site():
    return Site.objects.get(hostname="belval.localhost")


def french_pages(model):
    """Belval's live French pages of `model` (the drafts of budget winners not built are
    neither published nor translated)."""
    site = belval_site()
    return list(model.objects.live().filter(commune_pages_q(site), locale__language_code="fr"))


def participation_pages():
    return [
        *french_pages(ConsultationPage),
        *french_pages(BudgetPage),
        *french_pages(QuestionnairePage),
        *french_pages(ProjectIndexPage),
        *french_pages(ProjectPage),
    ]


def translation(page, language):
    return page.get_translations().filter(locale__language_code=language).get().specific


def path(page):
    return page.get_url_parts()[2]


def switcher_links(html: str) -> dict[str, str]:
    """The language switcher's links, by language code."""
    return {
        code: href
        for href, code in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="[^"]+">', html)
    }


@pytest.mark.parametrize(
    ("language", "participations", "projects"),
    [
        (
            "de",
            [
                "Neugestaltung des Marktplatzes",
                "Radverkehrsplan 2026",
                "Bürgerhaushalt 2026",
                "Bürgerhaushalt 2025",
            ],
            "/de/projekte/",
        ),
        (
            "nl",
            [
                "Herinrichting van het marktplein",
                "Fietsplan 2026",
                "Burgerbegroting 2026",
                "Burgerbegroting 2025",
            ],
            "/nl/projecten/",
        ),
    ],
)
def test_the_german_and_dutch_home_pages_list_the_participations_and_the_projects(
    demo, client, language, participations, projects
):
    response = client.get(f"/{language}/", **HOST)
    assert response.status_code == 200
    listed = response.context["participations"]
    assert sorted(page.title for page in listed) == sorted(participations)
    assert all(page.locale.language_code == language for page in listed)
    for page in listed:
        assert f'href="{path(page)}"' in response.text
    assert f'href="{projects}"' in response.text
    assert client.get(projects, **HOST).status_code == 200


def test_every_participation_page_of_belval_is_live_in_each_of_its_languages(demo, client):
    pages = participation_pages()
    # Two consultations, two budgets, a questionnaire, the projects index, three projects.
    assert len(pages) == 9
    for page in pages:
        for language in TRANSLATED:
            translated = translation(page, language)
            assert translated.live, (page.title, language)
            if (page.slug, language) != ("questionnaire", "en"):  # the same word in English
                assert translated.title != page.title, (page.title, language)
                assert translated.slug != page.slug, (page.slug, language)
            # Slugs stay plain ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS is off).
            assert slugify(translated.slug) == translated.slug, translated.slug
            assert client.get(path(translated), **HOST).status_code == 200, path(translated)


@pytest.mark.parametrize(
    ("french", "german", "dutch"),
    [
        (
            "Aménagement de la place du marché",
            "Neugestaltung des Marktplatzes",
            "Herinrichting van het marktplein",
        ),
        ("Budget participatif 2026", "Bürgerhaushalt 2026", "Burgerbegroting 2026"),
        ("Les projets", "Projekte", "Projecten"),
        (
            "Un verger partagé au parc des Prés",
            "Ein Gemeinschaftsobstgarten im Parc des Prés",
            "Een buurtboomgaard in het Parc des Prés",
        ),
        ("Questionnaire", "Fragebogen", "Vragenlijst"),
    ],
)
def test_the_pages_have_their_german_and_dutch_titles(demo, french, german, dutch):
    (page,) = [page for page in participation_pages() if page.title == french]
    assert translation(page, "de").title == german
    assert translation(page, "nl").title == dutch


def test_german_and_dutch_pages_read_in_their_language(demo, client):
    (orchard,) = [p for p in french_pages(ProjectPage) if p.slug == "verger-partage"]
    german = client.get(path(translation(orchard, "de")), **HOST)
    assert "Jede Klasse der Schule Les Prés übernimmt die Patenschaft" in german.text
    assert "Pflanzaktion mit den Schulen" in german.text
    # Its category keeps the commune's French one, named in German.
    assert "Natur in der Stadt" in german.text

    (cycling,) = [p for p in french_pages(ConsultationPage) if p.slug == "plan-velo-2026"]
    dutch = client.get(path(translation(cycling, "nl")), **HOST)
    assert "Hier leest u de antwoorden van de gemeente." in dutch.text
    questionnaire = QuestionnairePage.objects.child_of(translation(cycling, "nl")).get()
    assert [field.label for field in questionnaire.form_fields.all()] == [
        "Hoe vaak fietst u?",
        "Wat zou u ertoe aanzetten vaker te fietsen?",
    ]
    assert questionnaire.form_fields.first().choices == "Elke dag\nElke week\nZelden\nNooit"

    site = belval_site()
    for language, name in (("de", "Mobilität"), ("nl", "Mobiliteit")):
        assert Category.objects.filter(
            site=site, locale__language_code=language, name=name
        ).exists()


def test_the_language_switcher_leads_from_each_french_page_to_its_translations(demo, client):
    for page in participation_pages():
        response = client.get(path(page), **HOST)
        assert response.status_code == 200, page.title
        links = switcher_links(response.text)
        for language in TRANSLATED:
            assert links[language] == path(translation(page, language)), (page.title, language)
            assert "lang=" not in links[language]
