"""Unsubscribe links: they work without logging in and only for whom they were made."""

import re
from html import unescape

import pytest
from django.core import mail, signing
from django.utils.http import urlencode

from consultations.factories import CitizenFactory, make_consultation
from notifications import services
from notifications.models import Follow
from notifications.tokens import SALT, make_unsubscribe_token
from projects.models import ProjectPage
from tests.projects.helpers import HOST, sub

pytestmark = pytest.mark.django_db


@pytest.fixture
def lea_and_paul(orchard, citizen):
    paul = CitizenFactory(email="paul@example.org", display_name="Paul")
    for person in (citizen, paul):
        services.follow_page(page=orchard, user=person)
    return citizen, paul


def _at(page, token):
    return f"{sub(page, 'unsubscribe')}?{urlencode({'token': token})}"


def _link(user, page):
    return _at(page, make_unsubscribe_token(user_id=user.pk, page_id=page.pk))


def test_the_link_of_an_email_unsubscribes_without_logging_in(
    client, lea_and_paul, orchard, django_capture_on_commit_callbacks
):
    page = ProjectPage.objects.get(pk=orchard.pk)
    marked = list(page.milestones.all())
    marked[1].done = True
    page.milestones = marked
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    lea_mail = next(message for message in mail.outbox if message.to == ["lea@example.org"])
    url = re.search(
        r"http://belval\.localhost(/fr/\S+/unsubscribe/\?token=\S+)", lea_mail.body
    ).group(1)

    confirm = client.get(url, **HOST)
    assert confirm.status_code == 200
    assert "Ne plus recevoir d'e-mails à propos de « Un verger partagé » ?" in confirm.text
    assert Follow.objects.count() == 2  # a GET changes nothing (mail scanners follow links)

    done = client.post(url, follow=True, **HOST)
    assert "vous ne recevrez plus d'e-mails à propos de « Un verger partagé »" in unescape(
        done.text
    )
    _lea, paul = lea_and_paul
    assert list(Follow.objects.values_list("user_id", flat=True)) == [paul.pk]


def test_a_link_made_for_one_person_leaves_the_others_alone(client, lea_and_paul, orchard):
    lea, paul = lea_and_paul
    client.post(_link(lea, orchard), **HOST)
    assert list(Follow.objects.values_list("user_id", flat=True)) == [paul.pk]


def test_a_tampered_link_is_refused_clearly(client, lea_and_paul, orchard):
    lea, paul = lea_and_paul
    token = make_unsubscribe_token(user_id=lea.pk, page_id=orchard.pk)
    # Put Paul's id in Léa's payload, keeping Léa's signature.
    payload, signature = token.rsplit(":", 1)[0], token.rsplit(":", 1)[1]
    forged_payload = signing.dumps({"u": paul.pk, "p": orchard.pk}, salt=SALT, compress=True)
    forged = forged_payload.rsplit(":", 1)[0] + ":" + signature
    for bad in (forged, token[:-3] + "abc", "nonsense", payload):
        response = client.post(_at(orchard, bad), **HOST)
        assert response.status_code == 400
        assert "Ce lien de désabonnement est abîmé ou incomplet." in response.text
    assert Follow.objects.count() == 2


def test_a_link_signed_with_another_salt_or_key_is_refused(client, lea_and_paul, orchard):
    lea, _paul = lea_and_paul
    for bad in (
        signing.dumps({"u": lea.pk, "p": orchard.pk}, salt="another-purpose", compress=True),
        signing.dumps({"u": lea.pk, "p": orchard.pk}, salt=SALT, key="not-our-key"),
    ):
        assert client.post(_at(orchard, bad), **HOST).status_code == 400
    assert Follow.objects.count() == 2


def test_a_link_for_another_page_does_nothing_here(client, lea_and_paul, orchard, belval):
    lea, _paul = lea_and_paul
    consultation = make_consultation(parent=belval.home, title="Plan vélo", slug="plan-velo")
    token = make_unsubscribe_token(user_id=lea.pk, page_id=orchard.pk)
    response = client.post(_at(consultation, token), **HOST)
    assert response.status_code == 400
    assert Follow.objects.count() == 2


def test_following_the_link_again_says_it_is_done(client, lea_and_paul, orchard):
    lea, _paul = lea_and_paul
    client.post(_link(lea, orchard), **HOST)
    again = client.get(_link(lea, orchard), **HOST)
    assert again.status_code == 200
    assert "Vous ne recevez plus d'e-mails à propos de « Un verger partagé »." in again.text
