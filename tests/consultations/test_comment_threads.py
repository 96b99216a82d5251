"""Long discussions on a proposal: threads a page at a time, sorts, folded replies,
permalinks, the commune's answers, counts, the page cache and the cost in queries."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.factories import CitizenFactory, CommentFactory, ProposalFactory
from consultations.models import Comment, ProposalStatus
from consultations.threads import REPLIES_SHOWN, THREADS_PER_PAGE
from core.pagecache import HEADER

from .helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db

MORE = "Voir plus de commentaires"
EARLIER = "Voir les commentaires précédents"


def detail(page, proposal) -> str:
    return sub(page, "proposal", proposal.pk)


def get(client, url):
    return client.get(url, **HOST)


def link(html: str, text: str) -> str | None:
    """The href of the link whose text starts with `text`, or None."""
    for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if unescape(re.sub(r"<[^>]+>", "", label)).strip().startswith(text):
            return unescape(href)
    return None


def threads(page, proposal, count: int, *, author=None, start: int = 1) -> list[Comment]:
    """`count` top-level comments, "Avis 001"… in the order they were written."""
    author = author or CitizenFactory()
    return Comment.objects.bulk_create(
        Comment(page=page, proposal=proposal, author=author, body=f"Avis {n:03d}")
        for n in range(start, start + count)
    )


def replies(top: Comment, count: int, *, author=None) -> list[Comment]:
    author = author or CitizenFactory()
    return Comment.objects.bulk_create(
        Comment(
            page_id=top.page_id,
            proposal_id=top.proposal_id,
            parent=top,
            author=author,
            body=f"Réponse {n:02d} à {top.body}",
        )
        for n in range(1, count + 1)
    )


def shown_threads(html: str) -> list[str]:
    return re.findall(r"<p>(Avis \d{3})</p>", html)


# Pages of threads ----------------------------------------------------------------------


def test_twenty_threads_a_page_with_a_plain_link_to_the_next(client, consultation, proposal):
    threads(consultation, proposal, 45)
    url = detail(consultation, proposal)

    first = get(client, url).text
    assert shown_threads(first) == [f"Avis {n:03d}" for n in range(1, THREADS_PER_PAGE + 1)]
    more = link(first, MORE)
    assert more == "?comments=2#comments"
    assert 'rel="next"' in first
    assert link(first, EARLIER) is None

    second = get(client, url + more.split("#")[0]).text
    assert shown_threads(second) == [f"Avis {n:03d}" for n in range(21, 41)]
    assert link(second, MORE) == "?comments=3#comments"
    assert link(second, EARLIER) == "?#comments"

    last = get(client, url + "?comments=3").text
    assert shown_threads(last) == [f"Avis {n:03d}" for n in range(41, 46)]
    assert link(last, MORE) is None


def test_no_more_link_when_everything_fits(client, consultation, proposal):
    threads(consultation, proposal, THREADS_PER_PAGE)
    html = get(client, detail(consultation, proposal)).text
    assert len(shown_threads(html)) == THREADS_PER_PAGE
    assert link(html, MORE) is None
    assert 'class="comment-pages"' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?comments=abc", "Avis 001"),
        ("?comments=0", "Avis 001"),
        ("?comments=-2", "Avis 001"),
        ("?comments=2.5", "Avis 001"),
        ("?comments=999", "Avis 041"),  # beyond the last page: the last (as proposal lists)
        ("?comments=99999999999999999999999999", "Avis 001"),
        ("?order=evil", "Avis 001"),
        ("?order=", "Avis 001"),
        ("?thread=abc", "Avis 001"),
        ("?thread=99999999999999999999999999", "Avis 001"),
        ("?thread=-1&comments=&order=newest%00", "Avis 001"),
    ],
)
def test_bad_values_fall_back_to_the_defaults(client, consultation, proposal, query, expected):
    threads(consultation, proposal, 45)
    response = get(client, detail(consultation, proposal) + query)
    assert response.status_code == 200
    assert shown_threads(response.text)[0] == expected


def test_the_plain_links_work_without_javascript(client, consultation, proposal):
    """Every control is a link (or a form) the server answers; the script is a file of
    ours (no inline script: the CSP allows none)."""
    top = threads(consultation, proposal, 25)[0]
    replies(top, 5)
    html = get(client, detail(consultation, proposal)).text
    for text in (MORE, "Voir les 5 réponses", "Les plus récents d'abord"):
        href = link(html, text)
        assert href, text
        assert href.startswith("?"), text
        assert get(client, detail(consultation, proposal) + href.split("#")[0]).status_code == 200
    assert re.search(r'<script src="[^"]*/js/comments\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# Sort orders -----------------------------------------------------------------------------


def test_newest_first_and_the_order_is_kept_when_paging(client, consultation, proposal):
    threads(consultation, proposal, 45)
    url = detail(consultation, proposal)
    html = get(client, url).text
    assert link(html, "Les plus anciens d'abord") == "?#comments"
    newest = link(html, "Les plus récents d'abord")
    assert newest == "?order=newest#comments"

    first = get(client, url + "?order=newest").text
    assert shown_threads(first) == [f"Avis {n:03d}" for n in range(45, 25, -1)]
    assert 'aria-current="true">Les plus récents d&#x27;abord' in first
    more = link(first, MORE)
    assert more == "?comments=2&order=newest#comments"
    second = get(client, url + more.split("#")[0]).text
    assert shown_threads(second) == [f"Avis {n:03d}" for n in range(25, 5, -1)]
    # Choosing another order starts at its first page.
    assert link(second, "Les plus anciens d'abord") == "?#comments"


def test_threads_holding_an_answer_from_the_commune_first(
    client, consultation, proposal, belval_moderator
):
    made = threads(consultation, proposal, 30)
    # The commune answered in thread 25 (a reply) and opened thread 28 itself; a hidden
    # answer and a deleted one count for nothing.
    Comment.objects.create(
        page=consultation,
        proposal=proposal,
        parent=made[24],
        author=belval_moderator,
        body="Nous étudions la question.",
        is_commune_answer=True,
    )
    Comment.objects.filter(pk=made[27].pk).update(is_commune_answer=True)
    for index, flag in ((9, "is_hidden"), (11, "is_deleted")):
        Comment.objects.create(
            page=consultation,
            proposal=proposal,
            parent=made[index],
            author=belval_moderator,
            body="Retirée.",
            is_commune_answer=True,
            **{flag: True},
        )

    url = detail(consultation, proposal)
    choice = link(get(client, url).text, "Réponses de la commune d'abord")
    assert choice == "?order=commune#comments"
    html = get(client, url + "?order=commune").text
    assert shown_threads(html)[:4] == ["Avis 025", "Avis 028", "Avis 001", "Avis 002"]
    assert html.count("Réponse de la commune</span>") == 2
    second = get(client, url + link(html, MORE).split("#")[0]).text
    assert shown_threads(second) == [f"Avis {n:03d}" for n in range(19, 31) if n not in (25, 28)]


# Folded replies ----------------------------------------------------------------------------


def test_replies_beyond_the_first_three_are_folded_behind_a_plain_link(
    client, consultation, proposal
):
    tops = threads(consultation, proposal, 3)
    long_thread = replies(tops[0], 15)
    replies(tops[1], REPLIES_SHOWN)
    replies(tops[2], 4)
    url = detail(consultation, proposal)

    html = get(client, url).text
    assert "Réponse 03 à Avis 001" in html
    assert "Réponse 04 à Avis 001" not in html
    assert "Réponse 03 à Avis 002" in html
    unfold = link(html, "Voir les 15 réponses")
    assert unfold == f"?thread={tops[0].pk}#comment-{long_thread[3].pk}"
    assert (
        link(html, "Voir les 4 réponses")
        == f"?thread={tops[2].pk}#comment-{replies_of(tops[2])[3]}"
    )
    # Its name says which thread it unfolds, for screen readers.
    assert 'Voir les 15 réponses<span class="visually-hidden"> au commentaire de' in html
    assert html.count("réponses<span") == 2  # no link for the thread of three replies

    unfolded = get(client, url + unfold.split("#")[0]).text
    assert all(f"Réponse {n:02d} à Avis 001" in unfolded for n in range(1, 16))
    assert link(unfolded, "Voir les 15 réponses") is None
    assert "Réponse 04 à Avis 003" not in unfolded  # the other threads stay folded


def replies_of(top: Comment) -> list[int]:
    return list(top.replies.order_by("created_at", "pk").values_list("pk", flat=True))


def test_folding_is_kept_across_pages_of_threads(client, consultation, proposal):
    tops = threads(consultation, proposal, 30)
    replies(tops[25], 6)
    # Newest first, thread 26 is the fifth of the first page.
    html = get(client, detail(consultation, proposal) + "?order=newest").text
    unfold = link(html, "Voir les 6 réponses")
    assert unfold.startswith(f"?order=newest&thread={tops[25].pk}#comment-")
    assert "Réponse 06 à Avis 026" in get(client, detail(consultation, proposal) + unfold).text


# Permalinks ----------------------------------------------------------------------------------


def follow(client, url):
    response = get(client, url)
    assert response.status_code == 302, response.status_code
    target = response["Location"]
    assert target.startswith("/fr/"), target  # relative: the site works on any host
    return target, get(client, target.split("#")[0])


def test_a_comment_on_page_nine_of_threads_opens_its_page_scrolled_to_it(
    client, consultation, proposal
):
    made = threads(consultation, proposal, 9 * THREADS_PER_PAGE)
    wanted = made[8 * THREADS_PER_PAGE + 4]  # Avis 165
    target, page = follow(client, sub(consultation, "comment", wanted.pk))
    assert target == f"{detail(consultation, proposal)}?comments=9#comment-{wanted.pk}"
    assert f'id="comment-{wanted.pk}"' in page.text
    assert "Avis 165" in page.text

    # Sorted newest first, it is on the first page.
    target, page = follow(client, sub(consultation, "comment", wanted.pk) + "?order=newest")
    assert target == f"{detail(consultation, proposal)}?order=newest#comment-{wanted.pk}"
    assert "Avis 165" in page.text


def test_a_folded_reply_opens_its_thread_unfolded(client, consultation, proposal):
    made = threads(consultation, proposal, 50)
    answers = replies(made[33], 12)
    target, page = follow(client, sub(consultation, "comment", answers[9].pk))
    assert target == (
        f"{detail(consultation, proposal)}?comments=2&thread={made[33].pk}#comment-{answers[9].pk}"
    )
    assert f'id="comment-{answers[9].pk}"' in page.text
    assert "Réponse 10 à Avis 034" in page.text

    # A reply shown without unfolding opens the page as it is.
    target, _page = follow(client, sub(consultation, "comment", answers[1].pk))
    assert target == f"{detail(consultation, proposal)}?comments=2#comment-{answers[1].pk}"


def test_permalinks_of_comments_on_the_page_itself(client, consultation):
    made = threads(consultation, None, 25)
    target, page = follow(client, sub(consultation, "comment", made[22].pk))
    assert target == f"{consultation.url}?comments=2#comment-{made[22].pk}"
    assert "Avis 023" in page.text
    assert "Avis 001" not in page.text


def test_permalinks_stay_within_the_commune_and_visible_proposals(
    client, consultation, proposal, montclair
):
    from consultations.factories import make_consultation

    elsewhere = make_consultation(parent=montclair.home, slug="ailleurs")
    foreign = CommentFactory(page=elsewhere, proposal=ProposalFactory(page=elsewhere))
    assert get(client, sub(consultation, "comment", foreign.pk)).status_code == 404
    assert get(client, sub(consultation, "comment", 999999)).status_code == 404

    hidden = ProposalFactory(page=consultation, status=ProposalStatus.PENDING)
    pending = CommentFactory(page=consultation, proposal=hidden)
    assert get(client, sub(consultation, "comment", pending.pk)).status_code == 404
    client.force_login(hidden.author)
    assert get(client, sub(consultation, "comment", pending.pk)).status_code == 302


def test_a_new_comment_brings_its_author_back_to_the_page_that_holds_it(
    client, consultation, proposal, citizen
):
    made = threads(consultation, proposal, 25)
    client.force_login(citizen)
    response = client.post(
        sub(consultation, "proposal_comments", proposal.pk),
        {"body": "Et la fontaine ?", **CAPTCHA_OK},
        **HOST,
    )
    new = Comment.objects.get(body="Et la fontaine ?")
    assert response["Location"] == f"{detail(consultation, proposal)}?comments=2#comment-{new.pk}"

    answers = replies(made[0], 5)
    response = client.post(
        sub(consultation, "proposal_comments", proposal.pk),
        {"body": "Je réponds aussi.", "parent": made[0].pk, **CAPTCHA_OK},
        **HOST,
    )
    reply = Comment.objects.get(body="Je réponds aussi.")
    assert response["Location"] == (
        f"{detail(consultation, proposal)}?thread={made[0].pk}#comment-{reply.pk}"
    )
    assert len(answers) == 5


def test_the_admin_links_a_comment_to_its_permalink(client, consultation, proposal):
    from accounts.factories import UserFactory

    admin = UserFactory(email="admin@example.org", is_superuser=True)
    made = threads(consultation, proposal, 30)
    client.force_login(admin)
    page = client.get(f"/admin/participation/comments/inspect/{made[26].pk}/", **HOST)
    assert page.status_code == 200
    assert sub(consultation, "comment", made[26].pk) in page.text


# Counts ----------------------------------------------------------------------------------------


def test_the_count_says_how_many_comments_a_visitor_can_read(client, consultation, proposal):
    made = threads(consultation, proposal, 5)
    answers = replies(made[0], 3)
    Comment.objects.filter(pk=made[1].pk).update(is_hidden=True, hidden_reason="Injure")
    Comment.objects.filter(pk=made[2].pk).update(is_deleted=True, body="")
    Comment.objects.filter(pk=answers[0].pk).update(is_hidden=True)
    html = get(client, detail(consultation, proposal)).text
    assert '<h2 id="comments-title">5 commentaires</h2>' in html
    assert "Avis 002" not in html
    assert "Réponse 01 à Avis 001" not in html
    # Hidden and deleted comments keep their place as a notice, uncounted.
    assert "masqué par les modérateurs" in html
    assert "supprimé par son auteur" in html

    Comment.objects.filter(proposal=proposal).exclude(pk=made[3].pk).update(is_hidden=True)
    assert (
        '<h2 id="comments-title">1 commentaire</h2>'
        in get(client, detail(consultation, proposal)).text
    )


# The page cache --------------------------------------------------------------------------------


def test_each_page_of_threads_is_cached_under_its_own_key(
    client, consultation, proposal, settings, citizen
):
    settings.AGORA_PAGE_CACHE = True
    made = threads(consultation, proposal, 30)
    replies(made[0], 6)
    url = detail(consultation, proposal)
    seen = {}
    for query in ("", "?comments=2", "?order=newest", f"?thread={made[0].pk}", "?order=commune"):
        response = get(client, url + query)
        assert response[HEADER] == "miss", query
        seen[query] = response.text
        assert get(client, url + query)[HEADER] == "hit", query
    assert "Avis 021" not in seen[""]
    assert "Avis 021" in seen["?comments=2"]
    assert shown_threads(seen["?order=newest"])[0] == "Avis 030"
    assert "Réponse 06 à Avis 001" in seen[f"?thread={made[0].pk}"]
    assert "Réponse 06 à Avis 001" not in seen[""]

    # Signed-in readers get the shared fragments, also one per page of threads.
    client.force_login(citizen)
    assert "Avis 021" in get(client, url + "?comments=2").text
    assert shown_threads(get(client, url).text)[0] == "Avis 001"
    assert "Avis 021" not in get(client, url).text
    assert "Réponse 06 à Avis 001" in get(client, url + f"?thread={made[0].pk}").text


# Queries --------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    assert get(client, url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert get(client, url).status_code == 200
        return len(captured)


def grow(page, proposal, count: int, *, start: int) -> list[Comment]:
    made = threads(page, proposal, count, start=start)
    for top in made[::2]:
        replies(top, 6)
    Comment.objects.filter(pk__in=[top.pk for top in made[::5]]).update(is_commune_answer=True)
    return made


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "citizen"])
def test_queries_do_not_grow_with_the_threads(client, consultation, proposal, citizen, signed_in):
    if signed_in:
        client.force_login(citizen)
    first = grow(consultation, proposal, 45, start=1)
    url = detail(consultation, proposal)
    queries = {
        "page 1": "",
        "page 2": "?comments=2",
        "page 3, newest first": "?comments=3&order=newest",
        "commune first, page 2": "?order=commune&comments=2",
        "a thread unfolded": f"?thread={first[0].pk}",
    }
    few = {name: count_queries(client, url + query) for name, query in queries.items()}
    grow(consultation, proposal, 200, start=46)
    many = {name: count_queries(client, url + query) for name, query in queries.items()}
    assert few == many
    assert len(set(many.values())) == 1  # every page of threads costs the same
