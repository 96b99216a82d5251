"""The site search: scoped to the commune and language of the request, French-friendly."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from consultations import services
from consultations.factories import ProposalFactory, make_consultation
from consultations.models import ProposalStatus
from home.services import translate_page
from projects.factories import make_project, make_project_index

from .conftest import BELVAL, MONTCLAIR, publish_page, search

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [hit.title for hit in response.context["hits"]]


def count(response) -> int:
    return response.context["page_obj"].paginator.count


# Scope ---------------------------------------------------------------------------


def test_finds_pages_and_proposals_of_the_commune(client, market, school):
    response = search(client, "bancs")
    assert set(titles(response)) == {
        "Plus de bancs sur la place",
        "Des bancs à l'ombre autour de la fontaine",
        "Une boîte à livres",  # "…près des bancs." in its description
    }
    assert "3 résultats pour « bancs »" in response.text

    pages = search(client, "Tilleuls")
    assert titles(pages) == ["L'École des Tilleuls"]
    assert 'href="/fr/ecole/"' in pages.text


def test_a_word_only_montclair_has_finds_nothing_on_belval(client, market, montclair_content):
    on_belval = search(client, "guinguette", host=BELVAL)
    assert titles(on_belval) == []
    assert count(on_belval) == 0
    assert "Saône" not in on_belval.text

    on_montclair = search(client, "guinguette", host=MONTCLAIR)
    assert set(titles(on_montclair)) == {"Bord de Saône", "Une guinguette sur les quais"}


def test_pages_are_found_in_the_language_of_the_request_only(client, belval, school):
    translate_page(
        page=school,
        language="en",
        strings={
            "L'École des Tilleuls": "Lime Tree School",
            "ecole": "school",
            school.intro: "A teaching garden and pupils' newspapers.",
        },
    )
    assert titles(search(client, "Lime Tree", language="en")) == ["Lime Tree School"]
    assert titles(search(client, "Lime Tree", language="fr")) == []
    assert titles(search(client, "Tilleuls", language="fr")) == ["L'École des Tilleuls"]
    assert titles(search(client, "Tilleuls", language="en")) == []


def test_proposals_are_found_in_every_language_and_link_to_the_visitors_page(
    client, belval, market
):
    english = translate_page(
        page=market,
        language="en",
        strings={
            market.title: "Redesigning the market square",
            market.slug: "market-square",
            market.intro: "The market square will be redesigned.",
        },
    )
    response = search(client, "toilettes", language="en")
    assert titles(response) == ["Des toilettes publiques accessibles"]
    hit = response.context["hits"][0]
    assert hit.url.startswith(english.url + "proposals/")
    assert hit.context == "Redesigning the market square"
    assert hit.lang == "fr"  # the proposal's text is in the source page's language
    assert 'lang="fr"' in response.text

    # German has no translation of the page: the French page is linked.
    german = search(client, "toilettes", language="de")
    assert german.context["hits"][0].url.startswith(market.url + "proposals/")


def test_hidden_pending_and_merged_proposals_are_never_found(client, belval, market, citizen):
    page = make_consultation(parent=belval.home, title="Parcs", slug="parcs")
    visible = ProposalFactory(page=page, title="Un kiosque zebulon visible")
    hidden = ProposalFactory(page=page, title="Un kiosque zebulon caché")
    services.hide(target=hidden, moderator=None, reason="Hors sujet")
    ProposalFactory(page=page, title="Un kiosque zebulon en attente", status=ProposalStatus.PENDING)
    merged = ProposalFactory(page=page, title="Un kiosque zebulon en double")
    services.merge_proposals(duplicate=merged, original=visible, staff=None)

    response = search(client, "zebulon")
    assert titles(response) == ["Un kiosque zebulon visible"]
    assert "caché" not in response.text
    assert "attente" not in response.text


def test_unpublished_and_restricted_pages_and_their_proposals_are_not_found(client, belval):
    draft = publish_page(belval.home, title="Brouillon xylophone", slug="brouillon")
    draft.unpublish()
    private = make_consultation(parent=belval.home, title="Réservé xylophone", slug="reserve")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    ProposalFactory(page=private, title="Proposition xylophone privée")

    assert titles(search(client, "xylophone")) == []


# French: accents, ligatures, plurals ------------------------------------------------


@pytest.mark.parametrize("query", ["ecole", "École", "ÉCOLE", "écoles", "tilleul"])
def test_accents_case_and_plurals_do_not_defeat_a_search(client, school, query):
    assert titles(search(client, query)) == ["L'École des Tilleuls"]


@pytest.mark.parametrize(
    ("query", "present_as"),
    [
        ("jardins", "jardin"),  # plural typed, singular in the text
        ("journal", "journaux"),  # -al / -aux
        ("coeur", "cœur"),  # ligature spelt out
        ("eleve", "élèves"),
    ],
)
def test_french_spellings_find_each_other(client, school, query, present_as):
    assert present_as in school.intro
    response = search(client, query)
    assert titles(response) == ["L'École des Tilleuls"]
    # The matched word is marked in the snippet, escaped.
    assert f"<mark>{present_as}</mark>" in response.text.replace("&#x27;", "'")


def test_a_singular_query_finds_a_plural_title(client, market):
    assert "Des arbres pour rafraîchir la place" in titles(search(client, "arbre"))


def test_every_word_must_match_unless_none_match_together(client, market):
    assert titles(search(client, "bancs fontaine")) == ["Des bancs à l'ombre autour de la fontaine"]
    fallback = search(client, "bancs kiosque")
    assert fallback.context["partial"]
    assert "Aucun résultat ne contient tous vos mots" in fallback.text
    assert {"Un kiosque à musique", "Plus de bancs sur la place"} <= set(titles(fallback))


def test_quoted_phrase(client, market):
    assert titles(search(client, '"rue du Four"')) == ["Élargir les trottoirs rue du Four"]
    assert titles(search(client, '"Four rue du"')) == []


# Snippets ---------------------------------------------------------------------------


def test_snippet_marks_the_match_and_escapes_citizen_text(client, belval):
    page = make_consultation(parent=belval.home, title="Idées", slug="idees")
    ProposalFactory(
        page=page,
        title="<script>alert('x')</script> Un théâtre de verdure",
        body="Pour les <b>spectacles</b> d'été : un théâtre en plein air.",
    )
    response = search(client, "theatre")
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "&lt;b&gt;spectacles&lt;/b&gt;" in response.text
    assert "<mark>théâtre</mark>" in response.text


# Promotions and statistics --------------------------------------------------------


def test_editors_promotions_come_first_and_stay_in_their_commune(
    client, belval, montclair, market, school
):
    montclair_page = publish_page(montclair.home, title="Marché de Montclair", slug="marche")
    query = Query.get("marché")
    SearchPromotion.objects.create(query=query, page=school, sort_order=0, description="À voir.")
    SearchPromotion.objects.create(query=query, page=montclair_page, sort_order=1)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org", external_link_text="Ailleurs"
    )

    response = search(client, "Marché")
    hits = response.context["hits"]
    assert hits[0].title == "L'École des Tilleuls"
    assert hits[0].promoted
    assert "Recommandé" in response.text
    assert "À voir." in response.text
    assert "Marché de Montclair" not in response.text
    assert "Ailleurs" not in response.text
    assert [hit.title for hit in hits].count("L'École des Tilleuls") == 1

    # On the next page of results the promotion is not repeated.
    second = search(client, "Marché", page=2)
    assert all(not hit.promoted for hit in second.context["hits"])


def test_a_promotion_shows_the_page_in_the_visitors_language(client, belval, school):
    english = translate_page(
        page=school,
        language="en",
        strings={
            "L'École des Tilleuls": "Lime Tree School",
            "ecole": "school",
            school.intro: "A teaching garden.",
        },
    )
    SearchPromotion.objects.create(query=Query.get("ecole"), page=school, sort_order=0)
    hits = search(client, "ecole", language="en").context["hits"]
    assert hits[0].title == "Lime Tree School"
    assert hits[0].url == english.url


def test_searches_are_counted_for_the_popular_searches_report(client, market):
    search(client, "Bancs")
    search(client, "  bancs ")
    search(client, "bancs", page=2)  # paging is not a new search
    search(client, "bancs", type="proposals")  # nor is choosing a kind of result
    assert Query.objects.get(query_string="bancs").hits == 2
    assert list(Query.get_most_popular()) == [Query.objects.get(query_string="bancs")]


# Kinds of result and pagination ----------------------------------------------------


def test_result_kinds_filter_and_count(client, market, belval):
    publish_page(belval.home, title="Les bancs publics", slug="bancs")
    response = search(client, "bancs")
    filters = {item["kind"]: item["count"] for item in response.context["filters"]}
    assert filters == {"": 4, "pages": 1, "proposals": 3, "projects": 0}
    assert titles(response)[0] == "Les bancs publics"  # pages first, then proposals

    assert set(titles(search(client, "bancs", type="proposals"))) == {
        "Plus de bancs sur la place",
        "Des bancs à l'ombre autour de la fontaine",
        "Une boîte à livres",
    }
    assert titles(search(client, "bancs", type="pages")) == ["Les bancs publics"]
    assert titles(search(client, "bancs", type="projects")) == []
    assert titles(search(client, "bancs", type="nonsense")) == titles(response)


def test_project_results_come_from_the_project_page_type(client, market, school, monkeypatch):
    """With a projects app, "projects" are pages of its ProjectPage type (here a stand-in)."""
    from home.models import StandardPage
    from search import results

    monkeypatch.setattr(results, "project_page_model", lambda: StandardPage)
    response = search(client, "ecole")
    assert {item["kind"] for item in response.context["filters"]} == {
        "",
        "pages",
        "projects",
        "proposals",
    }
    assert titles(search(client, "ecole", type="projects")) == ["L'École des Tilleuls"]
    assert titles(search(client, "ecole", type="pages")) == []
    assert response.context["hits"][0].kind == "projects"


def test_pagination_runs_across_kinds(client, belval):
    publish_page(belval.home, title="Le grand quiproquo", slug="quiproquo")
    page = make_consultation(parent=belval.home, title="Idées", slug="idees")
    for number in range(24):
        ProposalFactory(page=page, title=f"Quiproquo numéro {number}")

    first = search(client, "quiproquo")
    assert count(first) == 25
    assert titles(first)[0] == "Le grand quiproquo"
    assert len(titles(first)) == 10
    third = search(client, "quiproquo", page=3)
    assert len(titles(third)) == 5
    seen = (
        set(titles(first)) | set(titles(search(client, "quiproquo", page=2))) | set(titles(third))
    )
    assert len(seen) == 25
    assert titles(search(client, "quiproquo", page="999")) == titles(third)
    assert titles(search(client, "quiproquo", page="abc")) == titles(first)


# Bad input ----------------------------------------------------------------------------


def test_empty_search_shows_the_form_only(client, market):
    response = search(client, "")
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert Query.objects.count() == 0
    assert client.get("/fr/search/", **BELVAL).status_code == 200


def test_a_long_search_is_shortened_with_a_notice(client, market):
    response = search(client, "bancs " + "x" * 400)
    assert response.status_code == 200
    assert "Votre recherche a été raccourcie à ses 200 premiers caractères." in response.text
    assert len(response.context["search_query"]) <= 200


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"bancs',
        'bancs"place',
        "'",
        "bancs AND NOT place OR",
        "(bancs",
        "bancs*",
        "NEAR(bancs place)",
        "title:bancs",
        "{title}: bancs",
        "-bancs",
        "^bancs",
        "'; DROP TABLE wagtailcore_page; --",
        "1 OR 1=1",
        "%",
        "_",
        "\\",
        "bancs\x00place",
        "\x00",
        "\u202e\u200b",
        "...!?",
        "😀 bancs",
    ],
)
def test_odd_queries_never_fail_or_leak(client, market, query):
    response = search(client, query)
    assert response.status_code == 200
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    assert "\x00" not in response.text
    if response.context["page_obj"] is not None:
        for hit in response.context["hits"]:
            assert hit.kind in ("pages", "proposals")


def test_lone_punctuation_asks_for_a_word(client, market):
    response = search(client, "?!")
    assert "Tapez au moins un mot fait de lettres ou de chiffres." in response.text
    assert response.context["page_obj"] is None


# Cost -----------------------------------------------------------------------------


def _queries_for(client, django_assert_max_num_queries, **params):
    search(client, "quiproquo", **params)  # first of the day: statistics rows are created
    with django_assert_max_num_queries(40) as captured:
        response = search(client, "quiproquo", **params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def quiproquo(belval):
    """Two pages (one promoted) and a consultation, all about a quiproquo."""
    pages = [publish_page(belval.home, title=f"Quiproquo {n}", slug=f"q{n}") for n in range(2)]
    SearchPromotion.objects.create(query=Query.get("quiproquo"), page=pages[0], sort_order=0)
    return make_consultation(parent=belval.home, title="Idées", slug="idees")


def test_queries_do_not_depend_on_the_number_of_proposals_found(
    client, belval, quiproquo, django_assert_max_num_queries
):
    for number in range(2):
        ProposalFactory(page=quiproquo, title=f"Quiproquo {number}")
    few = _queries_for(client, django_assert_max_num_queries)

    for number in range(2, 60):
        ProposalFactory(page=quiproquo, title=f"Quiproquo {number}")
    many = _queries_for(client, django_assert_max_num_queries)
    assert many == few
    assert len(search(client, "quiproquo").context["hits"]) == 10


def test_queries_do_not_depend_on_the_number_of_pages_found(
    client, belval, quiproquo, django_assert_max_num_queries
):
    few = _queries_for(client, django_assert_max_num_queries, type="pages")
    for number in range(2, 30):
        publish_page(belval.home, title=f"Quiproquo {number}", slug=f"q{number}")
    many = _queries_for(client, django_assert_max_num_queries, type="pages")
    assert many == few


def test_a_project_pages_words_are_found_as_a_project_in_its_commune_only(
    client, belval, montclair
):
    belval_projects = make_project_index(parent=belval.home, slug="projets")
    orchard = make_project(
        index=belval_projects,
        title="Un verger partagé",
        slug="verger",
        summary="Trente néfliers plantés au parc des Prés.",
        body=[("paragraph", "<p>Les écoliers arroseront les arbres tout l'été.</p>")],
    )
    url = orchard.relative_url(belval.site)
    montclair_projects = make_project_index(parent=montclair.home, slug="projets")
    make_project(
        index=montclair_projects,
        title="Des néfliers rue des Tilleuls",
        slug="nefliers",
        summary="Douze arbres le long de la rue.",
    )

    for words in ("néfliers", "écoliers arroseront"):
        response = search(client, words, type="projects")
        assert titles(response) == ["Un verger partagé"], words
        hit = response.context["hits"][0]
        assert hit.kind == "projects"
        assert hit.url == url
        assert titles(search(client, words, type="pages")) == []

    everything = search(client, "néfliers")
    filters = {item["kind"]: item["count"] for item in everything.context["filters"]}
    assert filters == {"": 1, "pages": 0, "proposals": 0, "projects": 1}
    assert f'href="{url}"' in everything.text

    on_montclair = search(client, "néfliers", host=MONTCLAIR, type="projects")
    assert titles(on_montclair) == ["Des néfliers rue des Tilleuls"]
    assert titles(search(client, "écoliers", host=MONTCLAIR)) == []
