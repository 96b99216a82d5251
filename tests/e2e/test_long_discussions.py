"""A long discussion in a real browser: its controls pass axe, "see more comments" and
"show all replies" load in place from the keyboard and move the focus to what they
added, and a permalink opens the right page with the comment highlighted."""

import re

from playwright.sync_api import expect

from accounts.models import User
from consultations.models import Comment, ConsultationPage, Proposal

from .browser import assert_accessible


def arrange_discussion():
    """A proposal of the demo with 45 threads, the first with 8 replies."""
    page = ConsultationPage.objects.get(slug="place-du-marche", locale__language_code="fr")
    people = list(User.objects.filter(email__startswith="citoyen").order_by("pk")[:3])
    proposal = Proposal.objects.create(
        page=page, author=people[0], title="Un kiosque à musique", body="Pour les concerts."
    )
    tops = Comment.objects.bulk_create(
        Comment(page=page, proposal=proposal, author=people[n % 3], body=f"Avis {n:03d}")
        for n in range(1, 46)
    )
    replies = Comment.objects.bulk_create(
        Comment(page=page, proposal=proposal, parent=tops[0], author=people[1], body=f"Réponse {n}")
        for n in range(1, 9)
    )
    return proposal, tops, replies


def test_a_long_discussion_from_the_keyboard(demo_server, page, axe_source):
    proposal, tops, replies = arrange_discussion()
    try:
        url = demo_server.url(f"/fr/place-du-marche/proposals/{proposal.pk}/")
        page.goto(url)
        threads = page.locator("[data-threads] > li")
        expect(threads).to_have_count(20)
        assert_accessible(page, axe_source, "a proposal with 45 threads")

        # "See more comments", from the keyboard: the next 20 threads come in place.
        page.get_by_role("link", name="Voir plus de commentaires").focus()
        page.keyboard.press("Enter")
        expect(threads).to_have_count(40)
        assert page.url == url
        page.wait_for_function(f"document.activeElement.id === 'comment-{tops[20].pk}'")

        # "Show all 8 replies": the thread's replies come in place, the focus on the 4th.
        page.get_by_role("link", name=re.compile("^Voir les 8 réponses")).focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"#replies-{tops[0].pk} > li")).to_have_count(8)
        page.wait_for_function(f"document.activeElement.id === 'comment-{replies[3].pk}'")
        assert_accessible(page, axe_source, "the same, 40 threads and a thread unfolded")

        # A permalink opens the page of its thread, at the comment, highlighted.
        page.goto(demo_server.url(f"/fr/place-du-marche/comments/{tops[43].pk}/"))
        assert page.url.endswith(f"?comments=3#comment-{tops[43].pk}")
        target = page.locator(f"#comment-{tops[43].pk}")
        expect(target).to_be_in_viewport()
        assert target.evaluate("el => el.matches(':target')")
        assert target.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    finally:
        proposal.delete()
