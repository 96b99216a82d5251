"""Voting and commenting with the keyboard only: the skip link works, focus moves in
reading order, every focused element shows it, and focus never gets trapped."""

import re

from playwright.sync_api import expect

from accounts.models import User
from consultations.services import needs_captcha

from .browser import assert_focus_visible, focused, named, tab_to, with_id
from .conftest import DEMO_PASSWORD


def keyboard_login(page, server, email: str):
    page.goto(server.url("/fr/accounts/login/"))
    # The log-in form puts the focus in its first box (autofocus).
    state = focused(page)
    assert_focus_visible(state)
    assert state["id"] == "id_username"
    page.keyboard.type(email)
    tab_to(page, with_id("id_password"))
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Mon profil")).to_be_visible()


def skip_to_content(page):
    """The first Tab reaches the skip link, shown on screen; Enter moves to <main>."""
    stops = tab_to(page, named("Aller au contenu principal"), max_steps=1)
    assert_focus_visible(stops[-1])
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def assert_no_trap(page, max_steps: int = 80):
    """From the current focus, Tab carries on to the end of the page and out of it."""
    for _step in range(max_steps):
        page.keyboard.press("Tab")
        state = focused(page)
        if state is None or state["name"] == "Aller au contenu principal":
            return  # left the document, or wrapped around to its start
        assert_focus_visible(state)
    raise AssertionError(f"focus still inside the page after {max_steps} Tabs: {state}")


def test_voting_with_the_keyboard_only(demo_server, page):
    keyboard_login(page, demo_server, "citoyen6@demo.localhost")
    page.goto(demo_server.url("/fr/budget-participatif-2026/vote/"))
    skip_to_content(page)

    # The skip link saves the header: the back link, then the first rank.
    stops = tab_to(page, with_id("rank-1"))
    assert len(stops) == 2
    basket = page.locator("[data-basket]")
    for number in (1, 2, 3):
        if number > 1:
            tab_to(page, with_id(f"rank-{number}"), max_steps=1)
        for _press in range(number):
            page.keyboard.press("ArrowDown")  # a closed select changes with the arrows
        projects = "projet" if number == 1 else "projets"
        expect(basket).to_have_text(f"Vous avez classé {number} {projects} sur 3.")
    chosen = [page.locator(f"#rank-{n}").input_value() for n in (1, 2, 3)]
    assert len(set(chosen)) == 3
    assert "" not in chosen

    # Through every project link, in order, to the button; Enter casts the ballot.
    stops = tab_to(page, named("^Voter$"))
    assert len(stops) > 25  # each project's link is reachable
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Votre bulletin est enregistré.")
    assert [page.locator(f"#rank-{n}").input_value() for n in (1, 2, 3)] == chosen

    # Shift+Tab goes back in order too, and nothing traps the focus.
    tab_to(page, with_id("rank-3"))
    tab_to(page, with_id("rank-1"), backwards=True)
    assert_no_trap(page)


def citizen_without_captcha() -> User:
    """A demo citizen whose contributions no longer need a captcha (the inline forms)."""
    return next(
        user
        for user in User.objects.filter(email__endswith="@demo.localhost").order_by("pk")
        if user.email not in {"citoyen20@demo.localhost", "citoyen21@demo.localhost"}
        and not needs_captcha(user)
    )


def test_commenting_and_replying_with_the_keyboard_only(demo_server, page):
    citizen = citizen_without_captcha()
    keyboard_login(page, demo_server, citizen.email)
    page.goto(demo_server.url("/fr/place-du-marche/proposals/"))
    skip_to_content(page)
    tab_to(
        page,
        lambda state: (
            state["tag"] == "a"
            and "/proposals/" in page.evaluate("document.activeElement.getAttribute('href')")
            and re.search(r"/proposals/\d+/$", page.evaluate("document.activeElement.href"))
        ),
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Write a comment: Tab to the box, type, Tab to the button, Enter.
    skip_to_content(page)
    tab_to(page, with_id("comment-body-new"))
    page.keyboard.type("Je passe au clavier : une fontaine serait bienvenue.")
    tab_to(page, named("^Publier le commentaire$"), max_steps=1)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Votre commentaire est publié.")
    comment = page.locator(".comment-list > li").filter(
        has_text="Je passe au clavier : une fontaine serait bienvenue."
    )
    expect(comment).to_be_visible()

    # Reply to it. The page came back at the new comment (#comment-N), so the keyboard
    # goes on from there: its delete button, then its reply disclosure.
    name = citizen.display_name
    stops = tab_to(page, named(f"^Répondre à {re.escape(name)}$"), max_steps=2)
    assert [stop["name"] for stop in stops] == [
        "Supprimer mon commentaire",
        f"Répondre à {name}",
    ]
    assert stops[-1]["tag"] == "summary"
    # The comment's own reply control, not an earlier thread's.
    assert comment.locator("summary").evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    reply_box = comment.get_by_label("Votre réponse")
    expect(reply_box).to_be_visible()
    tab_to(page, lambda state: state["tag"] == "textarea", max_steps=1)
    page.keyboard.type("Et une deuxième près des jeux d'enfants.")
    tab_to(page, named("^Publier la réponse$"), max_steps=1)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(comment.get_by_role("list", name="Réponses")).to_contain_text(
        "Et une deuxième près des jeux d'enfants."
    )
    assert_no_trap(page, max_steps=200)
