"""Query parsing, French spellings and snippets: pure functions, no database."""

import pytest
from wagtail.search.query import And, Or, Phrase, PlainText

from core import folding
from search import query
from search.highlight import best_snippet, snippet, stream_text


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("École", "ecole"),
        ("Œuvre", "oeuvre"),
        ("cœur", "coeur"),
        ("Straße", "strasse"),
        ("naïf", "naif"),
    ],
)
def test_fold(word, folded):
    assert folding.fold(word) == folded


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("jardins", "jardin"),
        ("journaux", "journal"),
        ("bateaux", "bateau"),
        ("jeux", "jeu"),
        ("bus", "bus"),
        ("express", "express"),
        ("jardin", "jardin"),
    ],
)
def test_stem_folds_french_plurals(word, key):
    assert folding.stem(word) == key


def test_spellings_cover_accents_ligatures_and_number():
    assert {"écoles", "ecoles", "école", "ecole"} <= set(folding.spellings("Écoles"))
    assert {"coeur", "cœur", "coeurs"} <= set(folding.spellings("coeur"))
    assert {"journal", "journaux"} <= set(folding.spellings("journal"))
    assert {"travail", "travaux"} <= set(folding.spellings("travaux"))
    assert len(folding.spellings("anticonstitutionnellement")) <= 10


def test_parse_keeps_words_and_phrases_only():
    parsed = query.parse('  Les "place du marché" bancs) OR (1=1; -- école\x00  ')
    assert parsed.phrases == (("place", "du", "marché"),)
    assert parsed.words == ("bancs", "OR", "1", "école")  # "1" and "1" are one word
    assert all(word.isalnum() for word in parsed.words)
    assert "Les" not in parsed.words  # a little word
    assert "\x00" not in parsed.text


def test_parse_never_fails_and_bounds_the_query():
    for raw in (None, "", "\x00\x00", '"""', "«»", "\u202e", "a" * 10_000, "mot " * 500):
        parsed = query.parse(raw)
        assert len(parsed.text) <= query.MAX_QUERY_LENGTH
        assert len(parsed.words) + len(parsed.phrases) <= query.MAX_WORDS
    assert query.parse("x" * 201).truncated
    assert not query.parse("x" * 200).truncated
    assert query.parse("?!").is_empty
    assert query.parse("de la").words == ("de", "la")  # only little words: kept


def test_the_backend_query_ands_words_and_ors_their_spellings():
    built = query.parse('jardins "rue du Four"').backend_query()
    assert isinstance(built, And)
    words, phrase = built.subqueries
    assert isinstance(words, Or)
    assert {sub.query_string for sub in words.subqueries} >= {"jardins", "jardin"}
    assert all(isinstance(sub, PlainText) for sub in words.subqueries)
    assert isinstance(phrase, Phrase)
    assert phrase.query_string == "rue du Four"
    assert isinstance(query.parse("jardins ecole").backend_query(match_all=False), Or)
    assert query.parse("").backend_query() is None


def test_snippet_escapes_then_marks():
    keys = query.parse("ecole").highlight_keys
    marked = snippet("<b>L'École</b> & les écoles", keys)
    assert marked == "&lt;b&gt;L&#x27;<mark>École</mark>&lt;/b&gt; &amp; les <mark>écoles</mark>"
    assert snippet("rien à voir", keys) is None
    assert best_snippet(["rien à voir"], keys) == "rien à voir"


def test_snippet_is_cut_around_the_first_match():
    long_text = "début " * 100 + "école " + "fin " * 100
    marked = snippet(long_text, query.parse("ecole").highlight_keys)
    assert marked.startswith("…")
    assert marked.endswith("…")
    assert "<mark>école</mark>" in marked
    assert len(marked) < 320


def test_stream_text_reads_prose_only():
    raw = [
        {"type": "heading", "value": {"text": "Le marché", "level": "h2"}, "id": "1"},
        {"type": "paragraph", "value": "<p>Des <b>bancs</b> &amp; des arbres</p>", "id": "2"},
        {"type": "image", "value": {"image": 3, "alt_text": "Une fontaine", "decorative": False}},
        {"type": "cta", "value": {"url": "https://example.org", "title": "Voir"}},
    ]
    assert stream_text(raw) == "Le marché Des bancs & des arbres Une fontaine Voir"
