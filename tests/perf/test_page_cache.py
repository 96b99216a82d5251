"""Anonymous visitors get stored pages; changes make them stale at once; nothing
personal is ever stored or shared."""

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from budget.services import cast_ballot
from consultations import services
from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from core import pagecache
from core.pagecache import HEADER

from .conftest import HOST, freeze, sub

MONTCLAIR = {"HTTP_HOST": "montclair.localhost"}
# The token of a reply form inside the (shared) comment thread.
REPLY_TOKEN = re.compile(
    r'class="comment-form">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">'
    r'\s*<input type="hidden" name="parent" value="(\d+)">'
)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.AGORA_PAGE_CACHE = True


@pytest.fixture
def small(scene):
    scene.grow(proposals=3, comments=4, projects=3, ballots=4)
    return scene


def get(client, url, **extra):
    return client.get(url, **(HOST | extra))


def test_anonymous_pages_are_served_from_the_cache_without_queries(
    client, small, django_assert_num_queries
):
    urls = [
        small.commune.home.url,
        small.consultation.url,
        sub(small.consultation, "proposals") + "?sort=supports",
        sub(small.consultation, "proposal", small.busy.pk),
        small.budget.url,
        sub(small.budget, "vote"),
    ]
    for url in urls:
        first = get(client, url)
        assert first.status_code == 200
        assert first[HEADER] == "miss", url
        assert "csrfmiddlewaretoken" not in first.text, url
        assert not first.cookies, url
        with django_assert_num_queries(0):
            again = get(client, url)
        assert again[HEADER] == "hit", url
        assert again.content == first.content
    # Search results too; the search is still counted in the statistics.
    search = "/fr/search/?q=proposition"
    assert get(client, search)[HEADER] == "miss"
    # The search term counted (Wagtail's query statistics, 5 queries) after one more
    # for the visitor's rate-limit counter, which every process shares (a row).
    with django_assert_num_queries(6):
        assert get(client, search)[HEADER] == "hit"
    assert Query.objects.get(query_string="proposition").hits == 2


def test_search_results_follow_contributions_moderation_and_promotions(
    client, small, montclair, belval_moderator, django_capture_on_commit_callbacks
):
    search = "/fr/search/?q=lampadaires"
    assert "solaires" not in get(client, search).text
    assert get(client, search)[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ProposalFactory(page=small.consultation, title="Des lampadaires solaires")
        pagecache.bump_page_on_commit(proposal.page_id)  # as every contribution service does
    found = get(client, search)
    assert found[HEADER] == "miss"
    assert [hit.title for hit in found.context["hits"]] == ["Des lampadaires solaires"]

    with django_capture_on_commit_callbacks(execute=True):
        services.hide(target=proposal, moderator=belval_moderator, reason="Doublon")
    hidden = get(client, search)
    assert hidden[HEADER] == "miss"
    assert not hidden.context["hits"]

    get(client, search)
    with django_capture_on_commit_callbacks(execute=True):
        SearchPromotion.objects.create(
            query=Query.get("lampadaires"), page=small.consultation, sort_order=0
        )
    promoted = get(client, search)
    assert promoted[HEADER] == "miss"
    assert small.consultation.title in promoted.text

    # Another commune's contributions leave Belval's results stored.
    get(client, search)
    other = make_consultation(parent=montclair.home, title="Ailleurs", slug="ailleurs")
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.bump_page_on_commit(ProposalFactory(page=other).page_id)
    assert get(client, search)[HEADER] == "hit"


def test_query_strings_are_part_of_the_key_in_any_order(client, small):
    url = sub(small.consultation, "proposals")
    assert get(client, url + "?sort=supports&status=published")[HEADER] == "miss"
    assert get(client, url + "?status=published&sort=supports")[HEADER] == "hit"
    assert get(client, url + "?sort=comments")[HEADER] == "miss"


def test_a_contribution_makes_the_pages_of_its_participation_stale(
    client, small, citizen, django_capture_on_commit_callbacks
):
    detail = sub(small.consultation, "proposal", small.busy.pk)
    listing = sub(small.consultation, "proposals")
    budget = small.budget.url
    for url in (detail, listing, budget):
        get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            page=small.consultation, author=citizen, body="Un avis tout frais.", proposal=small.busy
        )
    fresh = get(client, detail)
    assert fresh[HEADER] == "miss"
    assert "Un avis tout frais." in fresh.text
    assert get(client, listing)[HEADER] == "miss"
    # Another participation page keeps its stored page.
    assert get(client, budget)[HEADER] == "hit"

    supporter = CitizenFactory(email="soutien@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_support(proposal=small.busy, user=supporter, support=True)
    assert get(client, detail)[HEADER] == "miss"


def test_publishing_makes_the_communes_pages_stale(
    client, small, django_capture_on_commit_callbacks
):
    home = small.commune.home
    get(client, home.url)
    get(client, small.consultation.url)
    consultation = small.consultation
    consultation.title = "Nos quartiers demain"
    with django_capture_on_commit_callbacks(execute=True):
        consultation.save_revision().publish()
    page = get(client, home.url)
    assert page[HEADER] == "miss"
    assert "Nos quartiers demain" in page.text


def test_a_ballot_refreshes_live_results_only(
    client, small, citizen, django_capture_on_commit_callbacks
):
    small.budget.show_live_results = True
    small.budget.save(update_fields=["show_live_results"])
    results, vote = sub(small.budget, "results"), sub(small.budget, "vote")
    get(client, results)
    get(client, vote)
    project = small.budget.source_page.proposals.first()
    with django_capture_on_commit_callbacks(execute=True):
        cast_ballot(page=small.budget, voter=citizen, projects=[project.pk])
    assert get(client, results)[HEADER] == "miss"
    assert get(client, vote)[HEADER] == "hit"


def test_signed_in_citizens_never_get_or_leave_a_stored_page(client, small, citizen):
    url = sub(small.consultation, "proposal", small.busy.pk)
    client.force_login(citizen)
    mine = get(client, url)
    assert HEADER not in mine
    assert "csrfmiddlewaretoken" in mine.text  # they can comment
    client.logout()
    anonymous = get(client, url)
    assert anonymous[HEADER] == "miss"
    assert "csrfmiddlewaretoken" not in anonymous.text
    assert citizen.display_name not in anonymous.text


def test_visitors_with_pending_messages_are_not_served_a_stored_page(client, small):
    url = small.consultation.url
    get(client, url)
    client.cookies[CookieStorage.cookie_name] = "anything"
    assert HEADER not in get(client, url)


def test_communes_never_share_a_stored_page(client, small, montclair):
    url = small.commune.home.url
    assert get(client, url)[HEADER] == "miss"
    other = client.get(url, **MONTCLAIR)
    assert other.get(HEADER) != "hit"
    assert "Montclair" in other.text


def test_shared_fragments_carry_each_persons_own_csrf_token(small, citizen):
    """Two citizens read the same cached comment thread, each gets a form that works."""
    url = sub(small.consultation, "proposal", small.busy.pk)
    other = CitizenFactory(email="autre@example.org")
    seen = set()
    for number, person in enumerate((citizen, other)):
        # Past their first contributions: reply forms in the thread, no captcha.
        ProposalFactory.create_batch(3, page=small.consultation, author=person)
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        page = get(client, url)
        assert "agora-csrf-placeholder" not in page.text
        token, parent = REPLY_TOKEN.findall(page.text)[0]
        seen.add(token)
        reply = client.post(
            sub(small.consultation, "proposal_comments", small.busy.pk),
            {"csrfmiddlewaretoken": token, "parent": parent, "body": f"Réponse {number}"},
            **HOST,
        )
        assert reply.status_code == 302, reply.status_code
    assert len(seen) == 2


def test_authors_see_their_delete_buttons_despite_the_shared_thread(client, small):
    url = sub(small.consultation, "proposal", small.busy.pk)
    author = small.people[0]  # wrote comments on the busy proposal
    reader = CitizenFactory(email="lectrice@example.org")
    client.force_login(reader)
    assert "Supprimer mon commentaire" not in get(client, url).text
    client.force_login(author)
    assert "Supprimer mon commentaire" in get(client, url).text


def test_frozen_results_are_read_as_stored_and_never_recounted(client, small, monkeypatch):
    freeze(small)
    import budget.results

    def recount(*args, **kwargs):
        raise AssertionError("frozen results must not be recounted")

    monkeypatch.setattr(budget.results, "count_results", recount)
    assert get(client, sub(small.closed_budget, "results")).status_code == 200
    assert get(client, small.closed_budget.url + "results.json").status_code == 200


def test_an_entry_stored_by_earlier_code_is_rebuilt_not_a_crash(client, small):
    """Entries pickled under a module path that no longer exists (the page cache lived in
    home/ before it moved to core/) are read as a miss after an upgrade."""
    import pickle
    import sys
    import types

    url = small.consultation.url
    first = get(client, url)
    assert first[HEADER] == "miss"
    cache = pagecache._cache()
    stored = [key for key in cache._cache if f"{small.commune.site.hostname}" in key]
    assert stored, "the page was stored"

    old_module = types.ModuleType("home.pagecache")
    old_entry = type("Entry", (), {"__module__": "home.pagecache"})
    old_module.Entry = old_entry
    sys.modules["home.pagecache"] = old_module
    try:
        old_bytes = pickle.dumps(old_entry())
    finally:
        del sys.modules["home.pagecache"]
    for key in stored:
        cache._cache[key] = old_bytes

    again = get(client, url)
    assert again.status_code == 200
    assert again[HEADER] == "miss"
    assert get(client, url)[HEADER] == "hit"
