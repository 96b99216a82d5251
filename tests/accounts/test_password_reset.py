import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
RESET = "/fr/accounts/password-reset/"


def test_reset_sends_a_link_in_the_persons_language(client, belval):
    user = UserFactory(email="anne@example.org", language="nl")

    response = client.post(RESET, {"email": "ANNE@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["anne@example.org"]
    link = re.search(r"http://testserver(/nl/accounts/password-reset/\S+/\S+/)", message.body)
    assert link, message.body

    # The link lets the person choose a new password, once.
    page = client.get(link.group(1), follow=True)
    assert page.context["validlink"]
    response = client.post(
        page.redirect_chain[-1][0],
        {
            "new_password1": "Un-nouveau-mot-de-passe-77",
            "new_password2": "Un-nouveau-mot-de-passe-77",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Un-nouveau-mot-de-passe-77")
    assert not client.get(link.group(1), follow=True).context["validlink"]


def test_unknown_address_gets_the_same_answer_and_no_email(client, belval):
    UserFactory(email="anne@example.org")
    known = client.post(RESET, {"email": "anne@example.org"}, follow=True)
    mail.outbox.clear()
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)

    assert not mail.outbox
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.status_code == known.status_code == 200
    assert (
        unknown.templates[0].name == known.templates[0].name == "accounts/password_reset_done.html"
    )


def test_invalid_reset_link_offers_a_new_one(client, belval):
    response = client.get("/fr/accounts/password-reset/MQ/bad-token/")
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert reverse("accounts:password_reset") in response.text


def test_reset_requests_are_rate_limited_per_ip(client, belval):
    for _attempt in range(10):
        client.post(RESET, {"email": "nobody@example.org"})
    assert client.post(RESET, {"email": "nobody@example.org"}).status_code == 429


def test_reset_form_labels_its_field(client, belval):
    html = client.get(RESET).text
    assert '<label for="id_email">' in html
