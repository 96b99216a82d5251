"""The demo's texts: each is written once with its translations, and a text missing in a
language the commune speaks stops the demo rather than publishing French on a German or
Dutch page (`home.demo`)."""

import pytest
from wagtail.models import Page

from home.demo import Text, translate_into, translations
from home.services import MissingTranslation, translate_page_into

pytestmark = pytest.mark.django_db


def translation(page, language):
    return page.get_translations().filter(locale__language_code=language).get().specific


def test_a_text_without_its_translation_stops_the_demo():
    text = Text("Plan vélo", "Cycling plan", "Radverkehrsplan")
    assert text.in_language("de") == "Radverkehrsplan"
    with pytest.raises(MissingTranslation, match="No nl translation for: 'Plan vélo'"):
        text.in_language("nl")
    with pytest.raises(MissingTranslation):
        text.in_language("es")
    assert Text("", "").in_language("nl") == ""


def test_one_french_text_translated_two_ways_on_a_page_is_refused():
    with pytest.raises(ValueError, match="both as"):
        translations([Text("Vote", "Vote", "Abstimmung"), Text("Vote", "Vote", "Wahl")], "de")


def test_multi_line_texts_are_matched_as_wagtail_localize_exports_them():
    strings = translations([Text("Oui\nNon", "Yes\nNo", "Ja\nNein")], "de")
    assert strings == {"Oui<br/>Non": "Ja<br/>Nein"}


def test_a_page_missing_one_language_is_translated_into_none(belval, market):
    texts = [
        Text(market.title, "Redesigning the market square", "Neugestaltung des Marktplatzes"),
        Text(market.slug, "market-square", "marktplatz", "marktplein"),
        Text(market.intro, "Share your ideas.", "Bringen Sie Ihre Ideen ein.", "Deel uw ideeën."),
    ]
    with pytest.raises(MissingTranslation, match="No nl translation"):
        translate_into(market, texts, ["de", "nl"])
    assert (
        not Page.objects.filter(translation_key=market.translation_key)
        .exclude(pk=market.pk)
        .exists()
    )

    texts[0] = Text(
        market.title,
        "Redesigning the market square",
        "Neugestaltung des Marktplatzes",
        "Herinrichting van het marktplein",
    )
    translate_into(market, texts, ["de", "nl"])
    german = translation(market, "de")
    assert (german.title, german.slug, german.live) == (
        "Neugestaltung des Marktplatzes",
        "marktplatz",
        True,
    )
    assert translation(market, "nl").title == "Herinrichting van het marktplein"


def test_a_string_missing_in_the_second_language_leaves_the_first_untranslated_too(belval, market):
    german = {
        market.title: "Neugestaltung des Marktplatzes",
        market.slug: "marktplatz",
        market.intro: "Bringen Sie Ihre Ideen ein.",
    }
    dutch = {market.title: "Herinrichting van het marktplein", market.slug: "marktplein"}
    with pytest.raises(MissingTranslation, match="No nl translation for: 'La place du march"):
        translate_page_into(page=market, strings={"de": german, "nl": dutch})
    assert (
        not Page.objects.filter(translation_key=market.translation_key)
        .exclude(pk=market.pk)
        .exists()
    )
