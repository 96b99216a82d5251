"""A citizen reports a comment; Belval's moderator hides it from the admin; visitors
no longer see it."""

import re

from playwright.sync_api import expect

from accounts.models import User
from consultations import services
from consultations.models import Comment, ConsultationPage, Proposal

from .browser import login
from .conftest import DEMO_PASSWORD

COMMENT = "Venez tous acheter mes montres de luxe à prix cassés sur mon site !"


def arrange_comment() -> tuple[Comment, str]:
    page = ConsultationPage.objects.get(slug="place-du-marche", locale__language_code="fr")
    proposal = Proposal.objects.listed().filter(page=page).order_by("pk")[2]
    comment = services.add_comment(
        page=page,
        author=User.objects.get(email="citoyen11@demo.localhost"),
        body=COMMENT,
        proposal=proposal,
    )
    return comment, f"/fr/place-du-marche/proposals/{proposal.pk}/"


def test_moderator_hides_a_reported_comment_and_visitors_no_longer_see_it(
    demo_server, page, open_page
):
    comment, proposal_path = arrange_comment()
    author = comment.author.display_name

    # A citizen reports it.
    login(page, demo_server, "citoyen12@demo.localhost")
    page.goto(demo_server.url(proposal_path))
    page.locator(f"#comment-{comment.pk}").get_by_role(
        "link", name=f"Signaler le commentaire de {author}"
    ).click()
    page.get_by_label("Spam ou publicité").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator(".messages")).to_contain_text("Un modérateur examinera votre signalement.")

    # The moderator finds it, reported, in the admin and hides it with a reason.
    admin = open_page()
    admin.goto(demo_server.url("/admin/login/"))
    admin.locator("#id_username").fill("moderateur@belval.localhost")
    admin.locator("#id_password").fill(DEMO_PASSWORD)
    admin.locator("#id_password").press("Enter")
    admin.goto(demo_server.url("/admin/participation/comments/?ordering=-report_count"))
    row = admin.get_by_role("row").filter(has_text=COMMENT[:40])
    expect(row).to_have_count(1)
    row.get_by_role("link", name=re.compile(re.escape(COMMENT[:20]))).first.click()
    expect(admin.get_by_role("main")).to_contain_text("Spam ou publicité")
    admin.get_by_role("button", name="Actions", exact=True).click()
    admin.get_by_role("link", name="Masquer", exact=True).click()
    expect(admin).to_have_url(re.compile(rf"/admin/participation/comments/hide/{comment.pk}/$"))
    admin.get_by_label("Motif du masquage").fill("Publicité")
    admin.get_by_role("button", name="Masquer", exact=True).click()
    expect(admin.get_by_role("status").or_(admin.locator(".messages")).first).to_contain_text(
        "masqué"
    )

    # A visitor sees that a comment was hidden, not its text.
    visitor = open_page()
    visitor.goto(demo_server.url(proposal_path))
    hidden = visitor.locator(f"#comment-{comment.pk}")
    expect(hidden).to_have_text("Ce commentaire a été masqué par les modérateurs.")
    expect(visitor.get_by_role("main")).not_to_contain_text(COMMENT)
    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.hidden_reason == "Publicité"
