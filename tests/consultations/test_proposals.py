"""Submitting, listing, reading and editing proposals through the public pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from consultations.models import PhaseKind, Proposal, ProposalStatus

from .helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db


def post_proposal(client, page, **data):
    payload = {"title": "Un abri vélo", "body": "Près de la gare, couvert.", **CAPTCHA_OK} | data
    return client.post(sub(page, "proposal_new"), payload, **HOST)


def png(size=(40, 30), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, "teal").save(buffer, fmt)
    return buffer.getvalue()


def test_citizen_submits_a_proposal_that_is_published_and_listed(
    client, consultation, citizen, mobility, centre
):
    client.force_login(citizen)
    response = post_proposal(
        client,
        consultation,
        category=mobility.pk,
        district=centre.pk,
        location_label="Rue de la Gare",
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == sub(consultation, "proposal", proposal.pk)
    assert proposal.status == ProposalStatus.PUBLISHED
    assert proposal.page_id == consultation.pk
    assert (proposal.author, proposal.category, proposal.district) == (citizen, mobility, centre)

    listing = client.get(sub(consultation, "proposals"), **HOST)
    assert "Un abri vélo" in listing.text
    detail = client.get(response["Location"], **HOST)
    assert "Près de la gare, couvert." in detail.text
    assert "Léa" in detail.text


def test_moderated_page_keeps_new_proposals_out_of_sight(client, belval, citizen):
    page = make_consultation(parent=belval.home, moderate_new_proposals=True)
    client.force_login(citizen)
    post_proposal(client, page)
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING
    assert "Un abri vélo" not in client.get(sub(page, "proposals"), **HOST).text
    # The author sees it with a notice; others get a 404.
    own = client.get(sub(page, "proposal", proposal.pk), **HOST)
    assert "Vous seul voyez cette proposition" in own.text
    client.force_login(CitizenFactory())
    assert client.get(sub(page, "proposal", proposal.pk), **HOST).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "Champ requis"),
        ({"title": "    "}, "title", "Champ requis"),
        ({"title": "x" * 141}, "title", "140"),
        ({"body": ""}, "body", "Champ requis"),
        ({"body": "y" * 5001}, "body", "5000"),
        ({"category": "999999"}, "category", "Sélectionnez un choix valide"),
        ({"captcha_0": "", "captcha_1": ""}, "captcha", "Champ requis"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_saves_nothing(
    client, consultation, citizen, data, field, message
):
    client.force_login(citizen)
    response = post_proposal(client, consultation, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.text or field == "captcha"
    assert not Proposal.objects.exists()


def test_a_category_of_another_commune_is_refused(client, consultation, citizen, montclair):
    from consultations.factories import CategoryFactory

    foreign = CategoryFactory(site=montclair.site, locale=montclair.home.locale)
    client.force_login(citizen)
    response = post_proposal(client, consultation, category=foreign.pk)
    assert "category" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_html_is_stored_as_text_and_escaped(client, consultation, citizen):
    client.force_login(citizen)
    post_proposal(client, consultation, title="<script>alert(1)</script>", body="<b>gras</b>")
    proposal = Proposal.objects.get()
    assert proposal.title == "<script>alert(1)</script>"
    page = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page


def test_image_upload_is_stored_in_the_communes_collection(client, consultation, citizen, belval):
    client.force_login(citizen)
    upload = SimpleUploadedFile("abri.png", png(), content_type="image/png")
    post_proposal(client, consultation, image=upload, image_description="Un abri en bois")
    proposal = Proposal.objects.get()
    assert proposal.image.collection == belval.collection
    assert proposal.image_description == "Un abri en bois"
    assert (
        'alt="Un abri en bois"'
        in client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    )


@pytest.mark.parametrize(
    ("upload", "description", "message"),
    [
        (SimpleUploadedFile("fake.png", b"not an image", content_type="image/png"), "x", "image"),
        (
            SimpleUploadedFile(
                "a.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                content_type="image/svg+xml",
            ),
            "x",
            "image",
        ),
        (
            SimpleUploadedFile("a.gif", png(fmt="GIF"), content_type="image/gif"),
            "x",
            "JPEG, PNG ou WebP",
        ),
        (SimpleUploadedFile("a.png", png(), content_type="image/png"), "", "Décrivez"),
    ],
)
def test_bad_images_are_refused(client, consultation, citizen, upload, description, message):
    client.force_login(citizen)
    response = post_proposal(client, consultation, image=upload, image_description=description)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors)
    assert not Proposal.objects.exists()


def test_oversized_image_is_refused(client, consultation, citizen, settings):
    settings.AGORA_UPLOAD_IMAGE_MAX_BYTES = 10
    client.force_login(citizen)
    upload = SimpleUploadedFile("a.png", png(), content_type="image/png")
    response = post_proposal(client, consultation, image=upload, image_description="x")
    assert "trop lourde" in str(response.context["form"].errors)
    assert not Proposal.objects.exists()


def test_pixel_bomb_is_refused(client, consultation, citizen, settings):
    settings.AGORA_UPLOAD_IMAGE_MAX_PIXELS = 100
    client.force_login(citizen)
    upload = SimpleUploadedFile("a.png", png(size=(20, 20)), content_type="image/png")
    response = post_proposal(client, consultation, image=upload, image_description="x")
    assert "trop de pixels" in str(response.context["form"].errors)


def test_captcha_only_for_the_first_contributions(client, consultation, citizen):
    ProposalFactory.create_batch(3, page=consultation, author=citizen)
    client.force_login(citizen)
    response = client.post(
        sub(consultation, "proposal_new"), {"title": "Sans captcha", "body": "Texte"}, **HOST
    )
    assert response.status_code == 302
    assert (
        "captcha"
        not in client.get(sub(consultation, "proposal_new"), **HOST).context["form"].fields
    )


@pytest.mark.parametrize(
    ("phases", "message"),
    [
        (
            ((PhaseKind.INFORMATION, -5, 5), (PhaseKind.PROPOSALS, 6, 20)),
            "Le dépôt des propositions s&#x27;ouvrira le",
        ),
        (
            ((PhaseKind.PROPOSALS, -20, -1), (PhaseKind.RESULTS, 0, 30)),
            "Les propositions sont closes depuis le",
        ),
        (((PhaseKind.INFORMATION, -5, 5),), "ne reçoit pas de propositions"),
    ],
)
def test_outside_the_proposals_phase_the_page_says_why(client, belval, citizen, phases, message):
    page = make_consultation(parent=belval.home, phases=phases)
    client.force_login(citizen)
    form_page = client.get(sub(page, "proposal_new"), **HOST)
    assert form_page.status_code == 403
    assert message in form_page.text
    assert message in client.get(page.url, **HOST).text
    assert post_proposal(client, page).status_code == 403
    assert not Proposal.objects.exists()


def test_proposals_switched_off(client, belval, citizen):
    page = make_consultation(parent=belval.home, proposals_enabled=False)
    client.force_login(citizen)
    assert post_proposal(client, page).status_code == 403


def test_visitors_are_sent_to_log_in(client, consultation):
    response = client.get(sub(consultation, "proposal_new"), **HOST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    page = client.get(consultation.url, **HOST).text
    # One sentence, whose words are the links.
    assert (
        '<a href="/fr/accounts/login/?next=/fr/place-du-marche/">Connectez-vous</a> ou '
        '<a href="/fr/accounts/signup/">créez un compte</a> pour participer.'
    ) in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email_confirmed_at": None}, "Confirmez votre adresse e-mail"),
        ({"birth_year": None}, "année de naissance"),
        ({"birth_year": 2020}, "à partir de 16 ans"),
    ],
)
def test_account_rules(client, consultation, fields, message):
    client.force_login(CitizenFactory(**fields))
    response = post_proposal(client, consultation)
    assert response.status_code == 403
    assert message in response.text
    assert not Proposal.objects.exists()


def test_author_edits_until_review(client, consultation, citizen, proposal):
    proposal.author = citizen
    proposal.save()
    client.force_login(citizen)
    edit = sub(consultation, "proposal_edit", proposal.pk)
    response = client.post(
        edit, {"title": "Des bancs et des arbres", "body": "Mis à jour", **CAPTCHA_OK}, **HOST
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs et des arbres"

    proposal.status = ProposalStatus.UNDER_REVIEW
    proposal.save()
    response = client.post(edit, {"title": "Trop tard", "body": "x", **CAPTCHA_OK}, **HOST)
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs et des arbres"


def test_only_the_author_can_edit(client, consultation, proposal, citizen):
    client.force_login(citizen)
    response = client.post(
        sub(consultation, "proposal_edit", proposal.pk), {"title": "Volé", "body": "x"}, **HOST
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Volé"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=supports", ["Populaire", "Moyenne", "Récente"]),
        ("?sort=comments", ["Moyenne", "Populaire", "Récente"]),
        ("?sort=recent", ["Récente", "Moyenne", "Populaire"]),
    ],
)
def test_list_sorts(client, consultation, query, expected):
    for title, supports, comments in (("Populaire", 9, 1), ("Moyenne", 5, 7), ("Récente", 0, 0)):
        ProposalFactory(
            page=consultation, title=title, support_count=supports, comment_count=comments
        )
    text = client.get(sub(consultation, "proposals") + query, **HOST).text
    positions = [text.index(title) for title in expected]
    assert positions == sorted(positions)


def test_random_sort_is_stable_for_a_visitor(client, consultation):
    ProposalFactory.create_batch(5, page=consultation)
    first = client.get(sub(consultation, "proposals") + "?sort=random", **HOST)
    assert first.status_code == 302
    assert "seed=" in first["Location"]
    one = client.get(first["Location"], **HOST)
    two = client.get(first["Location"], **HOST)
    ids = lambda response: [p.pk for p in response.context["proposals"]]  # noqa: E731
    assert ids(one) == ids(two)


def test_list_filters_and_ignores_bad_values(client, consultation, mobility, centre):
    ProposalFactory(page=consultation, title="Mobile", category=mobility)
    ProposalFactory(page=consultation, title="Au centre", district=centre)
    ProposalFactory(page=consultation, title="Retenue", status=ProposalStatus.ANSWERED)
    url = sub(consultation, "proposals")
    assert [
        p.title for p in client.get(f"{url}?category={mobility.pk}", **HOST).context["proposals"]
    ] == ["Mobile"]
    assert [
        p.title for p in client.get(f"{url}?district={centre.pk}", **HOST).context["proposals"]
    ] == ["Au centre"]
    assert [p.title for p in client.get(f"{url}?status=answered", **HOST).context["proposals"]] == [
        "Retenue"
    ]
    for bad in (
        "?category=abc",
        "?status=<script>",
        "?sort=drop+table",
        "?page=999",
        "?seed=-4&sort=random",
    ):
        assert client.get(url + bad, **HOST).status_code in (200, 302)


def test_hidden_proposals_are_not_listed_nor_readable(client, consultation):
    hidden = ProposalFactory(page=consultation, title="Cachée", is_hidden=True)
    assert "Cachée" not in client.get(sub(consultation, "proposals"), **HOST).text
    assert client.get(sub(consultation, "proposal", hidden.pk), **HOST).status_code == 404


def test_a_proposal_of_another_commune_is_not_reachable(client, consultation, montclair):
    other_page = make_consultation(parent=montclair.home)
    foreign = ProposalFactory(page=other_page, title="Chez Montclair")
    assert client.get(sub(consultation, "proposal", foreign.pk), **HOST).status_code == 404
    assert (
        client.get(
            sub(other_page, "proposal", foreign.pk), HTTP_HOST="belval.localhost"
        ).status_code
        == 404
    )


def test_translations_share_the_proposals(client, consultation, belval):
    from home.services import translate_page

    ProposalFactory(page=consultation, title="Une seule liste")
    strings = {
        consultation.title: "Market square",
        consultation.slug: "market-square",
        consultation.intro: "Have your say.",
    }
    english = translate_page(page=consultation, language="en", strings=strings).specific
    response = client.get(sub(english, "proposals"), **HOST)
    assert response.status_code == 200
    assert "Une seule liste" in response.text


@pytest.mark.parametrize(
    ("cost", "shown"),
    [("12000", "12\u00a0000\u00a0€"), ("12000.50", "12\u00a0000,50\u00a0€")],
)
def test_a_proposals_estimated_cost_reads_as_money(client, consultation, cost, shown):
    proposal = ProposalFactory(page=consultation, estimated_cost=cost)
    response = client.get(sub(consultation, "proposal", proposal.pk), **HOST)
    assert shown in response.text
