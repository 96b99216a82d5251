"""The author of a proposal is told, by e-mail and in their language, that it arrived."""

import pytest
from django.core import mail

from consultations.factories import CitizenFactory, make_consultation
from consultations.models import Proposal

from .helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db


def post_proposal(client, page, title="Un abri vélo"):
    data = {"title": title, "body": "Près de la gare, couvert.", **CAPTCHA_OK}
    return client.post(sub(page, "proposal_new"), data, **HOST)


def test_the_author_receives_an_acknowledgement_with_the_link_and_the_commitment(
    client, consultation, citizen
):
    client.force_login(citizen)
    post_proposal(client, consultation, title="Des bancs & de l'ombre")
    proposal = Proposal.objects.get()

    (message,) = mail.outbox
    assert message.to == [citizen.email]
    assert message.subject == "Votre proposition a bien été reçue : Des bancs & de l'ombre"
    assert "Bonjour Léa," in message.body
    assert "« Des bancs & de l'ombre »" in message.body  # plain text, not HTML-escaped
    assert "Elle est publiée" in message.body
    assert f"http://belval.localhost/fr/place-du-marche/proposals/{proposal.pk}/" in message.body
    assert "Ville de Belval s'engage à répondre à chaque proposition sous 60 jours." in message.body


def test_a_moderated_proposal_is_acknowledged_as_waiting(client, belval):
    page = make_consultation(
        parent=belval.home, title="Cour d'école", slug="cour", moderate_new_proposals=True
    )
    author = CitizenFactory(language="de", display_name="Jonas")
    client.force_login(author)
    post_proposal(client, page)

    (message,) = mail.outbox
    assert message.subject == "Ihr Vorschlag ist eingegangen: Un abri vélo"
    assert "Guten Tag Jonas," in message.body
    assert "sobald eine Moderatorin oder ein Moderator ihn gelesen hat" in message.body


def test_a_refused_proposal_sends_nothing(client, consultation, citizen):
    client.force_login(citizen)
    response = client.post(sub(consultation, "proposal_new"), {"title": "", **CAPTCHA_OK}, **HOST)
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    assert mail.outbox == []
