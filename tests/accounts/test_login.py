import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
LOGIN = "/fr/accounts/login/"


def _login(client, email, password=DEMO_PASSWORD, ip="192.0.2.1", **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra}, REMOTE_ADDR=ip)


def _is_logged_in(client):
    return "_auth_user_id" in client.session


def test_login_page_labels_its_fields(client, belval):
    html = client.get(LOGIN).text
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html


def test_login_with_email_in_any_case(client, belval):
    UserFactory(email="anne@example.org")
    response = _login(client, "ANNE@Example.org")
    assert response.status_code == 302
    assert response.url == "/fr/"
    assert _is_logged_in(client)


def test_an_unconfirmed_account_can_log_in_and_is_reminded(client, belval):
    UserFactory(email="anne@example.org")
    response = _login(client, "anne@example.org")
    messages = [message.level_tag for message in response.wsgi_request._messages]
    assert "warning" in messages


def test_wrong_password_is_refused_with_a_message(client, belval):
    UserFactory(email="anne@example.org")
    response = client.post(
        "/en/accounts/login/", {"username": "anne@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "The e-mail address or the password is incorrect" in response.text
    assert 'role="alert"' in response.text
    assert not _is_logged_in(client)


def test_next_is_honoured_when_it_stays_on_the_site(client, belval):
    UserFactory(email="anne@example.org")
    response = _login(client, "anne@example.org", next="/fr/accounts/profile/")
    assert response.url == "/fr/accounts/profile/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_next_pointing_elsewhere_is_ignored(client, belval, target):
    UserFactory(email="anne@example.org")
    response = _login(client, "anne@example.org", next=target)
    assert response.url == "/fr/"


def test_the_login_form_carries_next(client, belval):
    response = client.get(LOGIN + "?next=/fr/marche/")
    assert 'name="next" value="/fr/marche/"' in response.text


def test_login_failures_are_rate_limited_per_account_and_per_ip(client, belval, settings):
    settings.AGORA_RATE_LIMITS = {"login-account": "5/15m", "login-ip": "5/15m"}
    UserFactory(email="anne@example.org")
    UserFactory(email="paul@example.org")
    for _attempt in range(5):
        assert _login(client, "anne@example.org", "wrong", ip="192.0.2.1").status_code == 200

    # The sixth attempt is refused, even with the right password.
    blocked = _login(client, "anne@example.org", ip="192.0.2.1")
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert not _is_logged_in(client)
    assert blocked.templates[0].name == "429.html"

    # The same account from another IP is blocked too (per-account counter)…
    assert _login(client, "ANNE@example.org", ip="198.51.100.7").status_code == 429
    # …and another account from the blocked IP as well (per-IP counter)…
    assert _login(client, "paul@example.org", ip="192.0.2.1").status_code == 429
    # …but another account from another IP logs in.
    response = _login(client, "paul@example.org", ip="198.51.100.7")
    assert response.status_code == 302
    assert _is_logged_in(client)


def test_the_429_page_speaks_the_language_of_the_url(client, belval, settings):
    settings.AGORA_RATE_LIMITS = {"login-account": "1/15m"}
    client.post("/en/accounts/login/", {"username": "x@example.org", "password": "nope"})
    response = client.post("/en/accounts/login/", {"username": "x@example.org", "password": "x"})
    assert response.status_code == 429
    assert '<html lang="en"' in response.text
    assert "Too many attempts" in response.text
    assert "Please try again in" in response.text


def test_a_success_clears_the_account_counter(client, belval, settings):
    settings.AGORA_RATE_LIMITS = {"login-account": "3/15m"}
    UserFactory(email="anne@example.org")
    for _attempt in range(2):
        _login(client, "anne@example.org", "wrong", ip="192.0.2.1")
    assert _login(client, "anne@example.org", ip="198.51.100.7").status_code == 302
    client.logout()
    for _attempt in range(2):
        _login(client, "anne@example.org", "wrong", ip="203.0.113.9")
    assert _login(client, "anne@example.org", ip="203.0.113.10").status_code == 302


def test_logout_by_get_does_not_log_out(client, belval):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert _is_logged_in(client)


def test_logout_by_post(client, belval):
    client.force_login(UserFactory())
    response = client.post("/de/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/de/"
    assert not _is_logged_in(client)


def test_an_inactive_account_cannot_log_in(client, belval):
    UserFactory(email="anne@example.org", is_active=False)
    assert _login(client, "anne@example.org").status_code == 200
    assert not _is_logged_in(client)
