"""Citizens take part whatever address they typed: `localhost` for the default
commune, or a commune's hostname, on a port that is not the one its Site records (a
proxy in front, `make run PORT=…` before the sites follow it).

Every form answers with a redirect; an absolute one to the Site's own address would
be refused by the browser (CSP `form-action 'self'`) and leave the citizen on the
form with no message, although the action was saved."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from budget.models import Ballot, voter_hash
from consultations.models import Comment, Proposal

from .browser import login
from .conftest import MONTCLAIR

RECORDED_PORT = 8000  # what the Sites say, while the server listens elsewhere


def unsupported_proposal(slug: str, email: str) -> str:
    """The path of a proposal of the consultation that the citizen neither wrote nor
    supports yet."""
    proposal = (
        Proposal.objects.listed()
        .filter(page__slug=slug, page__locale__language_code="fr")
        .exclude(author__email=email)
        .exclude(supports__user__email=email)
        .order_by("pk")
        .first()
    )
    return f"/fr/{slug}/proposals/{proposal.pk}/"


def write_comment(page):
    """The comment form is on the proposal's page, or on its own page when the
    citizen's first contributions carry a captcha."""
    link = page.get_by_role("link", name="Écrire un commentaire")
    if link.count():
        link.click()


@pytest.fixture
def sites_on_another_port(demo_server):
    """The Sites record port 8000 during the test; the live server is elsewhere."""
    sites = list(Site.objects.all())
    assert {site.port for site in sites} == {demo_server.port}
    for site in sites:
        site.port = RECORDED_PORT
        site.save(update_fields=["port"])
    yield
    for site in sites:
        site.port = demo_server.port
        site.save(update_fields=["port"])


def test_on_localhost_a_citizen_supports_follows_proposes_comments_and_votes(
    demo_server, sites_on_another_port, page
):
    host = "localhost"
    email = "citoyen9@demo.localhost"
    login(page, demo_server, email, host=host)

    # Support a proposal: the message and the count show on the same address.
    page.goto(demo_server.url(unsupported_proposal("place-du-marche", email), host))
    page.get_by_role("button", name="Soutenir cette proposition").click()
    expect(page.locator(".messages")).to_contain_text("Merci pour votre soutien.")
    assert page.url.startswith(f"http://localhost:{demo_server.port}/fr/place-du-marche/")

    # Comment on it.
    write_comment(page)
    page.get_by_label("Votre commentaire").fill("Vu depuis localhost, cela fonctionne.")
    captcha = page.get_by_label("Recopiez les caractères de l'image")
    if captcha.count():
        captcha.fill("PASSED")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.locator(".messages")).to_contain_text("Votre commentaire est publié.")
    assert Comment.objects.filter(body="Vu depuis localhost, cela fonctionne.").count() == 1

    # Follow the consultation.
    page.goto(demo_server.url("/fr/place-du-marche/", host))
    page.locator(".follow-panel").get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("Vous suivez cette page")

    # Propose: once, and the citizen lands on their proposal.
    page.get_by_role("link", name="Déposer une proposition").first.click()
    page.get_by_label("Titre").fill("Un atelier de réparation de parapluies le samedi")
    page.get_by_label("Description").fill(
        "Des bénévoles réparent les parapluies des passants, un samedi par mois."
    )
    page.get_by_label("Catégorie").select_option(label="Vie de quartier")
    captcha = page.get_by_label("Recopiez les caractères de l'image")
    if captcha.count():
        captcha.fill("PASSED")
    page.get_by_role("button", name="Déposer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Un atelier de réparation de parapluies le samedi"
    )
    assert (
        Proposal.objects.filter(title="Un atelier de réparation de parapluies le samedi").count()
        == 1
    )

    # Vote in the budget.
    page.goto(demo_server.url("/fr/budget-participatif-2026/vote/", host))
    for number in (1, 2, 3):
        rank = page.get_by_label(f"Choix n° {number}")
        rank.select_option(index=number)
    page.get_by_role("button", name="Voter").click()
    expect(page.locator(".messages")).to_contain_text("Votre bulletin est enregistré.")
    assert Ballot.objects.filter(voter_hash=voter_hash(email)).count() == 1
    assert re.match(rf"http://localhost:{demo_server.port}/", page.url)


def test_on_a_commune_host_a_citizen_supports_and_comments(
    demo_server, sites_on_another_port, page
):
    email = "citoyen10@demo.localhost"
    login(page, demo_server, email, host=MONTCLAIR)
    page.goto(demo_server.url(unsupported_proposal("cour-oasis", email), MONTCLAIR))
    page.get_by_role("button", name="Soutenir cette proposition").click()
    expect(page.locator(".messages")).to_contain_text("Merci pour votre soutien.")

    write_comment(page)
    page.get_by_label("Votre commentaire").fill("Une cour plus verte, oui.")
    captcha = page.get_by_label("Recopiez les caractères de l'image")
    if captcha.count():
        captcha.fill("PASSED")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.locator(".messages")).to_contain_text("Votre commentaire est publié.")
    assert page.url.startswith(f"http://{MONTCLAIR}:{demo_server.port}/fr/cour-oasis/")
