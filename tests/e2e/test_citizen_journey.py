"""A new citizen of Belval: signs up, confirms the e-mail, proposes, supports,
comments and replies, all in the browser."""

import re

from django.core import mail
from playwright.sync_api import expect

from .browser import assert_accessible, login
from .conftest import BELVAL

PASSWORD = "Un-mot-de-passe-solide-42"
CONSULTATION = "/fr/place-du-marche/"


def confirmation_link(address: str) -> str:
    message = next(message for message in mail.outbox if address in message.to)
    return re.search(r"https?://\S+/accounts/confirm/\S+/", message.body).group(0)


def test_citizen_signs_up_proposes_supports_comments_and_replies(demo_server, page, axe_source):
    email = "camille.martin@exemple.fr"

    # Sign up (the captcha answers "PASSED" in test settings only).
    page.goto(demo_server.url("/fr/"))
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Nom public").fill("Camille M.")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_label("Commune de résidence").select_option(label="Ville de Belval")
    page.get_by_label("Année de naissance").fill("1990")
    page.get_by_label(re.compile("J'ai lu et j'accepte")).check()
    page.get_by_label(re.compile("Contrôle de sécurité")).fill("PASSED")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos e-mails")

    # Confirm the address with the link of the e-mail, then log in.
    page.goto(confirmation_link(email))
    expect(page.locator(".messages")).to_contain_text("votre adresse e-mail est confirmée")
    login(page, demo_server, email, password=PASSWORD)

    # Submit a proposal (first contributions carry a captcha).
    page.goto(demo_server.url(CONSULTATION))
    page.get_by_role("link", name="Déposer une proposition").first.click()
    page.get_by_label("Titre").fill("Des fontaines à eau sur la place")
    # While the title is typed, the page's close proposals are suggested; having seen
    # them, the citizen is not asked "did you mean…?" again when sending.
    expect(page.locator(".similar-proposals")).to_contain_text("Une fontaine à eau potable")
    page.get_by_label("Description").fill(
        "Deux fontaines à eau potable près des étals, pour les jours de grande chaleur."
    )
    page.get_by_label("Catégorie").select_option(label="Vie de quartier")
    page.get_by_label("Recopiez les caractères de l'image").fill("PASSED")
    page.get_by_role("button", name="Déposer ma proposition").click()
    expect(page.locator(".messages")).to_contain_text("Merci ! Votre proposition est publiée.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Des fontaines à eau sur la place")
    own_proposal = page.url

    # It is listed, first among the most recent.
    page.goto(demo_server.url(f"{CONSULTATION}proposals/"))
    first_card = page.locator(".cards > li").first
    expect(first_card).to_contain_text("Des fontaines à eau sur la place")
    expect(first_card).to_contain_text("Camille M.")

    # Support someone else's proposal: the count goes up by one.
    other = page.locator(".cards > li").nth(1).locator(".card__title a")
    title = other.inner_text()
    other.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    count = page.locator(".support__count")
    before = int(re.match(r"\d+", count.inner_text()).group(0))
    page.get_by_role("button", name="Soutenir cette proposition").click()
    expect(page.locator(".messages")).to_contain_text("Merci pour votre soutien.")
    expect(count).to_have_text(re.compile(rf"^{before + 1} soutiens?\b"))
    expect(page.get_by_role("button", name="Retirer mon soutien")).to_be_visible()

    # Comment on it (on its own page, with the captcha), then reply to the comment.
    page.get_by_role("link", name="Écrire un commentaire").click()
    page.get_by_label("Votre commentaire").fill("Un abri près de la gare serait utile aussi.")
    page.get_by_label("Recopiez les caractères de l'image").fill("PASSED")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.locator(".messages")).to_contain_text("Votre commentaire est publié.")
    comment = page.locator(".comment-list > li").filter(
        has_text="Un abri près de la gare serait utile aussi."
    )
    expect(comment).to_contain_text("Camille M.")

    comment.get_by_role("link", name="Répondre à Camille M.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Répondre à Camille M.")
    page.get_by_label("Votre commentaire").fill("Et près du collège, pour les élèves.")
    page.get_by_label("Recopiez les caractères de l'image").fill("PASSED")
    page.get_by_role("button", name="Publier le commentaire").click()
    replies = comment.get_by_role("list", name="Réponses")
    expect(replies).to_contain_text("Et près du collège, pour les élèves.")
    assert_accessible(page, axe_source, "proposal with the new comment and reply")

    # Their own proposal offers no support button, only the count.
    page.goto(own_proposal)
    expect(page.get_by_role("main")).to_contain_text("0 soutien")
    expect(page.get_by_role("button", name="Soutenir cette proposition")).to_have_count(0)
    assert page.url.startswith(demo_server.url("/fr/", BELVAL))
