"""Duplicate proposals: suggested while typing, asked about before saving, shown to staff."""

import html

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from consultations import duplicates, services
from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from consultations.models import Proposal, ProposalStatus
from consultations.similarity import Corpus
from core.folding import stop_words

from .helpers import HOST as BELVAL

pytestmark = pytest.mark.django_db

CAPTCHA_OK = {"captcha_0": "any", "captcha_1": "PASSED"}


def sub(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args or None)


def similar(client, page, title):
    return client.get(sub(page, "proposal_similar"), {"title": title}, **BELVAL)


def titles_of(proposals):
    return [proposal.title for proposal in proposals]


# Similarity ------------------------------------------------------------------------


def test_titles_with_the_same_words_are_close_whatever_their_spelling():
    corpus = Corpus(
        [(1, "Des bancs à l'ombre autour de la fontaine"), (2, "Un abri vélo couvert")],
        ignore=stop_words("fr"),
    )
    assert (
        corpus.similar_to("BANCS ombragés près de la Fontaine", threshold=0.3, limit=5)[0][0] == 1
    )
    assert corpus.similar_to("abris velos", threshold=0.5, limit=5)[0][0] == 2
    assert corpus.similar_to("de la des", threshold=0.01, limit=5) == []


def test_typing_a_title_suggests_the_demos_close_proposals(market):
    found = duplicates.similar_proposals(page=market, title="Des bancs")
    assert titles_of(found)[:2] == [
        "Plus de bancs sur la place",
        "Des bancs à l'ombre autour de la fontaine",
    ]
    assert (
        titles_of(duplicates.similar_proposals(page=market, title="un abri pour les vélos"))[0]
        == "Un abri vélo couvert"
    )
    assert titles_of(duplicates.similar_proposals(page=market, title="Toilettes publiques")) == [
        "Des toilettes publiques accessibles"
    ]


def test_at_most_five_suggestions(market):
    for number in range(8):
        ProposalFactory(page=market, title=f"Des bancs en bois numéro {number}")
    assert len(duplicates.similar_proposals(page=market, title="bancs en bois")) == 5


def test_only_visible_proposals_of_the_same_page_are_suggested(belval, market, montclair):
    bench = Proposal.objects.get(title="Plus de bancs sur la place")
    services.hide(target=bench, moderator=None, reason="Hors sujet")
    ProposalFactory(page=market, title="Des bancs partout", status=ProposalStatus.PENDING)
    other_page = make_consultation(parent=belval.home, title="Parc", slug="parc")
    ProposalFactory(page=other_page, title="Des bancs dans le parc")
    montclair_page = make_consultation(parent=montclair.home, title="Quais", slug="quais")
    ProposalFactory(page=montclair_page, title="Des bancs sur les quais")

    assert titles_of(duplicates.similar_proposals(page=market, title="Des bancs")) == [
        "Des bancs à l'ombre autour de la fontaine"
    ]


def test_suggestions_cost_two_queries_whatever_the_number_of_proposals(
    market, django_assert_num_queries
):
    assert market.source_page == market  # computed once per request by the page
    with django_assert_num_queries(2):
        duplicates.similar_proposals(page=market, title="Des bancs")
    ProposalFactory.create_batch(60, page=market)
    with django_assert_num_queries(2):
        duplicates.similar_proposals(page=market, title="Des bancs")


# While typing (the JavaScript's fragment) --------------------------------------------


def test_the_fragment_lists_close_proposals_with_links(client, market):
    response = similar(client, market, "Plus de bancs")
    assert response.status_code == 200
    assert "Des propositions proches existent déjà" in response.text
    bench = Proposal.objects.get(title="Plus de bancs sur la place")
    assert f'href="{sub(market, "proposal", bench.pk)}"' in response.text
    assert f'data-ids="{bench.pk},' in response.text
    assert "<html" not in response.text  # a fragment, not a page


@pytest.mark.parametrize("title", ["", "   ", "?!", "de la", "x" * 5000, "\x00", '"<script>'])
def test_the_fragment_is_empty_or_safe_for_odd_titles(client, market, title):
    response = similar(client, market, title)
    assert response.status_code == 200
    assert "<script>" not in response.text


def test_the_form_carries_the_suggestions_box_and_script(client, market, citizen):
    client.force_login(citizen)
    response = client.get(sub(market, "proposal_new"), **BELVAL)
    assert f'data-similar-url="{sub(market, "proposal_similar")}"' in response.text
    assert "js/similar-proposals.js" in response.text
    assert 'name="seen_similar"' in response.text


# Without JavaScript: "did you mean…?" before saving ------------------------------------


def post_proposal(client, page, **data):
    payload = {"title": "Plus de bancs", "body": "Pour se reposer.", **CAPTCHA_OK} | data
    return client.post(sub(page, "proposal_new"), payload, **BELVAL)


def test_a_close_title_asks_did_you_mean_and_saves_nothing(client, market, citizen):
    before = Proposal.objects.count()
    client.force_login(citizen)
    response = post_proposal(client, market)
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Vouliez-vous parler d'une de ces propositions ?" in text
    assert "Plus de bancs sur la place" in text
    assert 'name="distinct"' in text
    assert "La mienne est différente : l'envoyer" in text
    assert 'value="Plus de bancs"' in text  # what the citizen typed is kept
    assert Proposal.objects.count() == before

    confirmed = post_proposal(client, market, distinct="1")
    assert confirmed.status_code == 302
    assert Proposal.objects.count() == before + 1
    assert Proposal.objects.filter(title="Plus de bancs", author=citizen).exists()


def test_a_new_idea_is_saved_at_once(client, market, citizen):
    client.force_login(citizen)
    response = post_proposal(client, market, title="Un mur d'escalade")
    assert response.status_code == 302
    assert Proposal.objects.filter(title="Un mur d'escalade").exists()


def test_suggestions_already_shown_while_typing_are_not_asked_again(client, market, citizen):
    bench = Proposal.objects.get(title="Plus de bancs sur la place")
    others = Proposal.objects.filter(title__contains="bancs").exclude(pk=bench.pk)
    seen = ",".join(str(pk) for pk in [bench.pk, *others.values_list("pk", flat=True)])
    client.force_login(citizen)
    assert post_proposal(client, market, seen_similar=seen).status_code == 302

    # Ids that are not what was shown (or not numbers) do not skip the question.
    response = post_proposal(client, market, title="Plus de bancs !", seen_similar="abc,999999")
    assert response.status_code == 200


def test_invalid_form_shows_errors_not_did_you_mean(client, market, citizen):
    client.force_login(citizen)
    response = post_proposal(client, market, body="")
    assert response.status_code == 200
    assert "Vouliez-vous parler" not in response.text
    assert "Le formulaire contient des erreurs" in response.text


# Staff --------------------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(f"participation_proposals:{name}", args=args or None)


@pytest.fixture
def montclair_pair(montclair):
    page = make_consultation(parent=montclair.home, title="Quais", slug="quais")
    return (
        ProposalFactory(page=page, title="Des bancs sur les quais"),
        ProposalFactory(page=page, title="Plus de bancs sur les quais"),
    )


def test_staff_see_likely_duplicates_of_a_proposal(
    client, market, belval_moderator, montclair_pair
):
    client.force_login(belval_moderator)
    bench = Proposal.objects.get(title="Plus de bancs sur la place")
    shade = Proposal.objects.get(title="Des bancs à l'ombre autour de la fontaine")
    response = client.get(admin_url("inspect", bench.pk))
    assert response.status_code == 200
    assert [other for other, _url, _merge in response.context["likely_duplicates"]] == [shade]
    assert f"{admin_url('merge', bench.pk)}?original={shade.pk}" in response.text
    assert "quais" not in response.text

    merge = client.get(admin_url("merge", bench.pk), {"original": shade.pk})
    assert merge.context["form"].initial == {"original": shade.pk}


def test_staff_list_likely_duplicates_of_their_communes_pages_only(
    client, market, belval, belval_moderator, montclair_pair
):
    client.force_login(belval_moderator)
    response = client.get(admin_url("duplicates"))
    assert response.status_code == 200
    assert [page.pk for page in response.context["pages"]] == [market.pk]
    # One page only: it is chosen at once.
    rows = response.context["rows"]
    pairs = {frozenset((row["first"].title, row["second"].title)) for row in rows}
    assert (
        frozenset(("Plus de bancs sur la place", "Des bancs à l'ombre autour de la fontaine"))
        in pairs
    )
    assert "quais" not in response.text

    # Another commune's page cannot be asked for.
    montclair_page_id = montclair_pair[0].page_id
    response = client.get(admin_url("duplicates"), {"page": montclair_page_id})
    assert response.context["chosen"].pk == market.pk
    assert "quais" not in response.text


def test_citizens_cannot_see_the_duplicates_screen(client, market):
    client.force_login(CitizenFactory())
    response = client.get(admin_url("duplicates"))
    assert response.status_code in (302, 403)
    client.force_login(UserFactory(is_staff=False))
    assert client.get(admin_url("duplicates")).status_code in (302, 403)
