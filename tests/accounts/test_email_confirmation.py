import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from accounts import services
from accounts.factories import UserFactory
from accounts.tokens import SALT, InvalidToken, make_email_confirmation_token

pytestmark = pytest.mark.django_db
User = get_user_model()


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+/accounts/confirm/\S+/)", message.body).group(1)


def test_the_link_in_the_signup_email_confirms_without_being_logged_in(client, belval, signup_data):
    client.post("/fr/accounts/signup/", signup_data())
    link = _link(mail.outbox[0])

    response = client.get(link)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    user = User.objects.get(email="anne@example.org")
    assert user.has_confirmed_email
    # Following it again is harmless and keeps the first date.
    first = user.email_confirmed_at
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.email_confirmed_at == first


def test_confirming_while_logged_in_goes_to_the_profile(client, belval):
    user = UserFactory()
    client.force_login(user)
    token = make_email_confirmation_token(user)
    response = client.get(reverse("accounts:confirm_email", kwargs={"token": token}))
    assert response.url == reverse("accounts:profile")
    profile = client.get(response.url)
    assert profile.context["account"].has_confirmed_email
    assert 'class="status status--ok"' in profile.text
    assert len(list(profile.context["messages"])) == 1


def test_an_expired_link_is_refused(client, belval):
    user = UserFactory()
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = make_email_confirmation_token(user)

    response = client.get(reverse("accounts:confirm_email", kwargs={"token": token}))

    assert response.status_code == 400
    assert response.context["expired"] is True
    user.refresh_from_db()
    assert not user.has_confirmed_email


def test_a_link_within_the_validity_period_works(belval):
    user = UserFactory()
    two_days_ago = time.time() - 2 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago):
        token = make_email_confirmation_token(user)
    assert services.confirm_email(token=token).has_confirmed_email


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "eyJ1IjoxLCJlIjoiYUBleGFtcGxlLm9yZyJ9:1abcde:forged-signature",
        signing.dumps({"u": 1, "e": "a@example.org"}, salt="another-purpose"),
        signing.dumps({"u": 1, "e": "a@example.org"}, salt=SALT, key="not-our-secret-key"),
    ],
    # Signed tokens carry the time they were made: named, so that every test process
    # collects the same tests.
    ids=["garbage", "forged-signature", "another-purpose", "another-key"],
)
def test_a_forged_link_is_refused(client, belval, token):
    UserFactory(email="a@example.org")
    response = client.get(reverse("accounts:confirm_email", kwargs={"token": token}))
    assert response.status_code == 400
    assert response.context["expired"] is False
    assert not User.objects.filter(email_confirmed_at__isnull=False).exists()


def test_a_token_cannot_confirm_another_account(belval):
    anne = UserFactory(email="anne@example.org")
    paul = UserFactory(email="paul@example.org")
    token = make_email_confirmation_token(anne)
    # Tampering with the payload breaks the signature.
    _payload, timestamp, signature = token.rsplit(":", 2)
    other_payload = signing.dumps({"u": paul.pk, "e": paul.email}, salt=SALT).split(":")[0]
    with pytest.raises(InvalidToken):
        services.confirm_email(token=f"{other_payload}:{timestamp}:{signature}")
    assert services.confirm_email(token=token) == anne
    paul.refresh_from_db()
    assert not paul.has_confirmed_email


def test_a_link_sent_to_a_former_address_no_longer_works(belval):
    user = UserFactory(email="old@example.org")
    token = make_email_confirmation_token(user)
    user.email = "new@example.org"
    user.save()
    with pytest.raises(InvalidToken):
        services.confirm_email(token=token)


def test_profile_can_resend_the_link(client, belval):
    user = UserFactory(language="nl")
    client.force_login(user)

    response = client.post(reverse("accounts:resend_confirmation"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "/nl/accounts/confirm/" in message.body
    assert services.confirm_email(token=_link(message).split("/")[-2]) == user


def test_resend_is_post_only_login_only_and_rate_limited(client, belval):
    user = UserFactory()
    assert client.get(reverse("accounts:resend_confirmation")).status_code == 405
    response = client.post(reverse("accounts:resend_confirmation"))
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(user)
    for _attempt in range(3):
        assert client.post(reverse("accounts:resend_confirmation")).status_code == 302
    response = client.post(reverse("accounts:resend_confirmation"))
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_a_confirmed_account_gets_no_new_link(client, belval):
    client.force_login(UserFactory(confirmed=True))
    client.post(reverse("accounts:resend_confirmation"))
    assert not mail.outbox
