"""Belval's editor creates a consultation with phases in the Wagtail admin and submits it
to the commune's publication workflow; a moderator approves it. The editor translates
it into English with wagtail-localize, the moderator publishes the translation, and
visitors read both."""

import datetime
import re

from playwright.sync_api import expect
from wagtail.models import Locale, Page

from .browser import assert_accessible
from .conftest import DEMO_PASSWORD

TITLE = "Réaménager les berges de la Moselle"
INTRO = "Donnez votre avis sur les futurs aménagements des berges."
PHASE = "Ateliers au bord de l'eau"
ENGLISH = {
    TITLE: "Redesigning the Moselle riverbanks",
    INTRO: "Have your say on the future riverbanks.",
    PHASE: "Workshops by the water",
}


def day(offset: int) -> str:
    """A date as the admin's date fields write it (settings.WAGTAIL_DATE_FORMAT)."""
    return (datetime.date.today() + datetime.timedelta(days=offset)).strftime("%d/%m/%Y")


def fill_date(page, field: str, value: str) -> None:
    """Type a date, then close the picker that covers the buttons below it. The picker
    opens 100 ms after the field takes focus: wait for it, then leave the field (it
    closes on blur; leaving earlier is undone when it opens)."""
    page.locator(field).fill(value)
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    page.locator(field).blur()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)


def log_in(page, demo_server, email: str) -> None:
    page.goto(demo_server.url("/admin/login/"))
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_editor_writes_moderator_approves_and_both_translate_a_consultation(
    demo_server, page, open_page, axe_source
):
    log_in(page, demo_server, "editeur@belval.localhost")

    # Add a consultation under Belval's home page.
    home = Page.objects.get(depth=2, slug="belval", locale__language_code="fr")
    page.goto(demo_server.url(f"/admin/pages/{home.pk}/add_subpage/"))
    page.get_by_role("link", name="Consultation", exact=True).click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_intro").fill(INTRO)

    # Two phases: information now, then proposals.
    page.locator("#id_phases-0-kind").select_option("information")
    page.locator("#id_phases-0-title").fill(PHASE)
    fill_date(page, "#id_phases-0-start", day(-3))
    fill_date(page, "#id_phases-0-end", day(10))
    page.get_by_role("button", name=re.compile(r"^Ajouter\s*:\s*Phase$")).click()
    expect(page.locator("#id_phases-1-kind")).to_be_visible()
    page.locator("#id_phases-1-kind").select_option("proposals")
    fill_date(page, "#id_phases-1-start", day(11))
    fill_date(page, "#id_phases-1-end", day(40))

    # The editor cannot publish: they submit it to Belval's publication workflow.
    page.get_by_role("button", name="Plus d'actions").click()
    expect(page.get_by_role("button", name="Publier", exact=True)).to_have_count(0)
    page.get_by_role("button", name=re.compile("^Soumettre au workflow")).click()
    expect(page.locator(".messages")).to_contain_text(TITLE)
    source = Page.objects.get(title=TITLE).specific
    assert not source.live
    assert [phase.kind for phase in source.phases.all()] == ["information", "proposals"]

    # A moderator of Belval finds it awaiting review and approves it: it is published.
    moderator = open_page()
    log_in(moderator, demo_server, "moderateur@belval.localhost")
    expect(moderator.get_by_role("main")).to_contain_text(TITLE)
    moderator.goto(demo_server.url(f"/admin/pages/{source.pk}/edit/"))
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name="Approuver et Publier", exact=True).click()
    expect(moderator.locator(".messages")).to_contain_text(TITLE)
    source.refresh_from_db()
    assert source.live

    # Translate it into English with wagtail-localize, then the translation editor.
    page.goto(demo_server.url(f"/admin/localize/submit/page/{source.pk}/"))
    page.get_by_label("Anglais").check()
    page.get_by_role("button", name="Soumettre").click()
    # The translation editor opens; nothing in English is live before it is published.
    expect(page.get_by_role("button", name="Traduire", exact=True).first).to_be_visible()
    assert not source.get_translation(Locale.objects.get(language_code="en")).live
    # The translation editor lists the source strings in page order, each with its
    # own "Traduire" button; the slug follows the title when left untranslated.
    for source_text in (TITLE, INTRO, PHASE):
        expect(page.get_by_role("main")).to_contain_text(source_text)
        page.get_by_role("button", name="Traduire", exact=True).first.click()
        page.locator("textarea").fill(ENGLISH[source_text])
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_role("button", name="Traduire", exact=True)).to_have_count(0)
    # Publishing it is the moderator's: the editor is offered no such button.
    expect(page.get_by_role("button", name=re.compile("^Publier"))).to_have_count(0)
    english = source.get_translation(Locale.objects.get(language_code="en"))
    moderator.goto(demo_server.url(f"/admin/pages/{english.pk}/edit/"))
    moderator.get_by_role("button", name=re.compile("^Publier la traduction")).click()
    expect(moderator.locator(".messages")).to_contain_text(ENGLISH[TITLE])

    english.refresh_from_db()
    assert english.live
    assert english.title == ENGLISH[TITLE]

    # Visitors read it in French and in English, with its phases.
    visitor = open_page()
    visitor.goto(source.full_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("main")).to_contain_text(INTRO)
    expect(visitor.get_by_role("main")).to_contain_text(PHASE)
    assert_accessible(visitor, axe_source, "new consultation (fr)")
    visitor.get_by_role("navigation", name="Choisir une langue").get_by_role(
        "link", name="English"
    ).click()
    expect(visitor).to_have_url(re.compile(re.escape(english.full_url) + "$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(ENGLISH[TITLE])
    expect(visitor.get_by_role("main")).to_contain_text(ENGLISH[INTRO])
    expect(visitor.get_by_role("main")).to_contain_text(ENGLISH[PHASE])
    assert_accessible(visitor, axe_source, "new consultation (en)")
