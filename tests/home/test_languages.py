"""Every public URL carries its language; the switcher leads to the same page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def switcher_links(response) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.text, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav)}


@pytest.mark.parametrize(
    ("language", "hero"),
    [
        ("fr", "Bienvenue à Belval"),
        ("en", "Welcome to Belval"),
        ("de", "Willkommen in Belval"),
        ("nl", "Welkom in Belval"),
    ],
)
def test_each_language_prefix_serves_the_translated_home(client, belval, language, hero):
    response = client.get(f"/{language}/", HTTP_HOST="belval.localhost")
    assert response.status_code == 200
    assert html_lang(response) == language
    assert f"<h1>{hero}</h1>" in response.text


def test_root_redirects_to_a_language(client, belval):
    response = client.get("/", HTTP_HOST="belval.localhost", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_switcher_links_to_the_translated_page(client, belval):
    response = client.get("/fr/marche/", HTTP_HOST="belval.localhost")
    assert switcher_links(response) == {"en": "/en/market/", "de": "/de/markt/", "nl": "/nl/markt/"}

    english = client.get("/en/market/", HTTP_HOST="belval.localhost")
    assert english.status_code == 200
    assert html_lang(english) == "en"
    assert "<h1>The market</h1>" in english.text
    assert switcher_links(english)["fr"] == "/fr/marche/"


def test_an_untranslated_page_stays_on_its_content_and_says_so(client, belval):
    """No silent jump to another language's home page: the visitor stays on the
    content, told in the language they chose that it is shown in French."""
    from home.factories import StandardPageFactory

    StandardPageFactory(
        parent=belval.home, title="Seulement en français", slug="seul"
    ).save_revision().publish()
    response = client.get("/fr/seul/", HTTP_HOST="belval.localhost")
    assert switcher_links(response) == {
        "en": "/fr/seul/?lang=en",
        "de": "/fr/seul/?lang=de",
        "nl": "/fr/seul/?lang=nl",
    }
    # Only real translations are announced to search engines.
    assert 'hreflang="de" href="/fr/seul/?lang=de"' not in response.text.split("</head>")[0]

    german = client.get("/fr/seul/?lang=de", HTTP_HOST="belval.localhost")
    assert german.status_code == 200
    assert "<h1>Seulement en français</h1>" in german.text
    assert (
        '<p class="notice notice--language" lang="de" role="note">Diese Seite gibt es noch '
        "nicht in Ihrer Sprache: Sie wird auf Französisch angezeigt.</p>"
    ) in german.text
    dutch = client.get("/fr/seul/?lang=nl", HTTP_HOST="belval.localhost")
    assert "ze wordt in het Frans getoond." in dutch.text
    # Nothing to say on the page's own language, or for a language that does not exist.
    for query in ("?lang=fr", "?lang=xx", ""):
        plain = client.get(f"/fr/seul/{query}", HTTP_HOST="belval.localhost")
        assert "notice--language" not in plain.text


def test_a_sub_page_of_an_untranslated_page_keeps_its_path_and_query(client, belval, market):
    response = client.get(f"{market.url}proposals/?sort=supports", HTTP_HOST="belval.localhost")
    links = switcher_links(response)
    assert any("/proposals/?sort=supports" in url for url in links.values()), links
    for url in links.values():
        assert "lang=" not in url or url.startswith(f"{market.url}proposals/?")


def test_switcher_offers_only_the_communes_languages(client, montclair):
    response = client.get("/fr/", HTTP_HOST="montclair.localhost")
    assert switcher_links(response) == {"en": "/en/"}


def test_a_language_the_commune_does_not_have_redirects_to_its_source_page(client, montclair):
    response = client.get("/de/", HTTP_HOST="montclair.localhost")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_switcher_on_a_non_page_view_translates_the_route(client, belval):
    response = client.get("/fr/search/?q=march%C3%A9", HTTP_HOST="belval.localhost")
    assert response.status_code == 200
    assert switcher_links(response)["en"] == "/en/search/?q=march%C3%A9"


def test_interface_strings_follow_the_language(client, belval):
    french = client.get("/fr/", HTTP_HOST="belval.localhost")
    english = client.get("/en/", HTTP_HOST="belval.localhost")
    assert "Aller au contenu principal" in french.text
    assert "Skip to main content" in english.text


def test_switcher_keeps_the_sub_page_of_a_routable_page(client, montclair):
    from consultations.factories import make_consultation
    from home.services import translate_page

    page = make_consultation(
        parent=montclair.home, title="Concertation", slug="concertation", intro="Donnez votre avis."
    )
    translate_page(
        page=page,
        language="en",
        strings={
            "Concertation": "Consultation",
            "concertation": "consultation",
            "Donnez votre avis.": "Have your say.",
        },
    )
    response = client.get(
        "/fr/concertation/proposals/?sort=supports", HTTP_HOST="montclair.localhost"
    )
    assert switcher_links(response) == {"en": "/en/consultation/proposals/?sort=supports"}
    english = client.get(switcher_links(response)["en"], HTTP_HOST="montclair.localhost")
    assert english.status_code == 200
    assert html_lang(english) == "en"


def test_translate_this_page_prepares_a_draft_until_a_translator_publishes_it(admin_client, belval):
    """wagtail-localize's "Translate this page": the English copy (French text, French
    slug until translated) is not live, and not listed on the English home page."""
    from wagtail.models import Locale

    from home.factories import StandardPageFactory

    french = StandardPageFactory(parent=belval.home, title="Horaires d'été", slug="horaires-ete")
    french.save_revision().publish()
    english_locale = Locale.objects.get(language_code="en")
    response = admin_client.post(
        f"/admin/localize/submit/page/{french.pk}/",
        {"locales": [english_locale.pk]},
        HTTP_HOST="belval.localhost",
    )
    assert response.status_code == 302
    english = french.get_translation(english_locale)
    assert not english.live
    assert admin_client.get("/en/horaires-ete/", HTTP_HOST="belval.localhost").status_code == 404
