"""Rate limits on sign-up, log-in, contributions and votes: per account and per
address, settings-driven, answering 429 with a readable page and storing nothing."""

import itertools

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from consultations.factories import CitizenFactory
from core.ratelimit import DEFAULT_RATES

from .conftest import CAPTCHA_OK, HOST, rows, sub

pytestmark = pytest.mark.django_db

_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def new_ip() -> str:
    return next(_addresses)


# What a citizen does, as (scope, request): `act(client, scene, user)` posts once.
def _proposal(client, scene, user):
    return client.post(
        sub(scene.consultation, "proposal_new"), {"title": "Idée", "body": "Texte", **CAPTCHA_OK}
    )


def _proposal_edit(client, scene, user):
    # Only the author may edit (others get 403), but every attempt counts.
    return client.post(
        sub(scene.consultation, "proposal_edit", scene.proposal.pk),
        {"title": "Modifiée", "body": "Texte"},
    )


def _comment(client, scene, user):
    return client.post(
        sub(scene.consultation, "proposal_comments", scene.proposal.pk),
        {"body": "Bonne idée", **CAPTCHA_OK},
    )


def _support(client, scene, user):
    return client.post(sub(scene.consultation, "proposal_support", scene.proposal.pk))


def _report(client, scene, user):
    return client.post(
        sub(scene.consultation, "proposal_report", scene.proposal.pk), {"reason": "spam"}
    )


def _questionnaire(client, scene, user):
    name = scene.questionnaire.form_fields.first().clean_name
    return client.post(scene.questionnaire.url, {name: "Parfois"})


def _vote(client, scene, user):
    return client.post(sub(scene.vote, "vote"), {"projects": [scene.projects[-1].pk]})


CONTRIBUTIONS = {
    "proposal": _proposal,
    "proposal edit": _proposal_edit,
    "comment": _comment,
    "support": _support,
    "report": _report,
    "questionnaire": _questionnaire,
    "vote": _vote,
}
SCOPES = {"proposal edit": "proposal"}


def act(client, scene, action, user, ip):
    client.force_login(user)
    client.defaults.update(HOST | {"REMOTE_ADDR": ip})
    return CONTRIBUTIONS[action](client, scene, user)


def assert_refused(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.templates[0].name == "429.html"
    assert "Trop de tentatives" in response.text
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("action", CONTRIBUTIONS)
def test_contributions_are_limited_per_account(client, scene, settings, action):
    scope = SCOPES.get(action, action.split()[0])
    settings.AGORA_RATE_LIMITS = {scope: "2/h", f"{scope}-ip": "1000/h"}
    user = scene.citizen if action == "proposal edit" else CitizenFactory()
    for _attempt in range(2):
        assert act(client, scene, action, user, new_ip()).status_code != 429
    before = rows()
    # The same account from yet another address is refused, and nothing is stored.
    assert_refused(act(client, scene, action, user, new_ip()))
    assert rows() == before
    # Another account goes on.
    assert act(client, scene, action, CitizenFactory(), new_ip()).status_code != 429


@pytest.mark.parametrize("action", CONTRIBUTIONS)
def test_contributions_are_limited_per_address(client, scene, settings, action):
    scope = SCOPES.get(action, action.split()[0])
    settings.AGORA_RATE_LIMITS = {scope: "1000/h", f"{scope}-ip": "3/h"}
    ip = new_ip()
    for _attempt in range(3):
        assert act(client, scene, action, CitizenFactory(), ip).status_code != 429
    newcomer = CitizenFactory()
    before = rows()
    # A fresh account behind the same address is refused too.
    assert_refused(act(client, scene, action, newcomer, ip))
    assert rows() == before
    # Another address goes on.
    assert act(client, scene, action, CitizenFactory(), new_ip()).status_code != 429


def test_visitors_are_limited_by_address(client, scene, settings):
    settings.AGORA_RATE_LIMITS = {"support-ip": "2/h"}
    url = sub(scene.consultation, "proposal_support", scene.proposal.pk)
    for _attempt in range(2):
        assert client.post(url, REMOTE_ADDR="192.0.2.50", **HOST).status_code == 302
    assert_refused(client.post(url, REMOTE_ADDR="192.0.2.50", **HOST))


def signup_data(email):
    return {
        "email": email,
        "display_name": "Anne",
        "password1": "un mot de passe solide",
        "password2": "un mot de passe solide",
        "residence": "other",
        "birth_year": "1980",
        "accept_terms": "on",
        **CAPTCHA_OK,
    }


def test_signups_are_limited_per_address_and_per_e_mail(client, belval, settings):
    from accounts.models import User

    settings.AGORA_RATE_LIMITS = {"signup-ip": "3/h", "signup-email": "2/h"}
    url = reverse("accounts:signup")
    # Per e-mail: the same address typed again and again from several networks.
    for _attempt in range(2):
        client.post(url, signup_data("anne@example.org") | {"password2": "x"}, REMOTE_ADDR=new_ip())
    assert_refused(client.post(url, signup_data("ANNE@example.org"), REMOTE_ADDR=new_ip()))
    assert not User.objects.exists()
    # Per address: three sign-ups from one network, the fourth is refused.
    ip = new_ip()
    for number in range(3):
        assert (
            client.post(url, signup_data(f"p{number}@example.org"), REMOTE_ADDR=ip).status_code
            == 302
        )
        client.logout()
    assert_refused(client.post(url, signup_data("p9@example.org"), REMOTE_ADDR=ip))
    assert User.objects.count() == 3


def test_log_in_failures_are_limited_per_account_and_per_address(client, belval, settings):
    settings.AGORA_RATE_LIMITS = {"login-account": "2/15m", "login-ip": "4/15m"}
    UserFactory(email="anne@example.org", password="le bon mot de passe")
    url = reverse("accounts:login")
    for _attempt in range(2):
        client.post(url, {"username": "anne@example.org", "password": "x"}, REMOTE_ADDR=new_ip())
    # The account is paused, from anywhere, even with the right password.
    right = {"username": "anne@example.org", "password": "le bon mot de passe"}
    assert_refused(client.post(url, right, REMOTE_ADDR=new_ip()))
    # One address trying many accounts is paused too.
    ip = new_ip()
    for number in range(4):
        client.post(url, {"username": f"x{number}@example.org", "password": "x"}, REMOTE_ADDR=ip)
    assert_refused(client.post(url, {"username": "y@example.org", "password": "x"}, REMOTE_ADDR=ip))


def test_reset_requests_are_limited_per_address_and_per_e_mail(client, belval, settings):
    from django.core import mail

    settings.AGORA_RATE_LIMITS = {"password-reset-ip": "3/h", "password-reset-email": "2/h"}
    UserFactory(email="anne@example.org")
    url = reverse("accounts:password_reset")
    for _attempt in range(2):
        client.post(url, {"email": "anne@example.org"}, REMOTE_ADDR=new_ip())
    # Nobody can flood Anne's mailbox, from however many addresses.
    assert_refused(client.post(url, {"email": "anne@example.org"}, REMOTE_ADDR=new_ip()))
    assert len(mail.outbox) == 2
    ip = new_ip()
    for number in range(3):
        client.post(url, {"email": f"x{number}@example.org"}, REMOTE_ADDR=ip)
    assert_refused(client.post(url, {"email": "y@example.org"}, REMOTE_ADDR=ip))


@pytest.mark.parametrize(
    ("scope", "url", "data"),
    [
        (
            "email-change",
            "accounts:email_change",
            {"new_email": "n@example.org", "current_password": "x"},
        ),
        ("password-change", "accounts:password_change", {"old_password": "x"}),
        ("resend-confirmation", "accounts:resend_confirmation", {}),
    ],
)
def test_account_changes_are_limited_per_account(client, belval, settings, scope, url, data):
    settings.AGORA_RATE_LIMITS = {scope: "2/h"}
    client.force_login(UserFactory())
    for _attempt in range(2):
        assert client.post(reverse(url), data, REMOTE_ADDR=new_ip()).status_code != 429
    assert_refused(client.post(reverse(url), data, REMOTE_ADDR=new_ip()))
    client.force_login(UserFactory())
    assert client.post(reverse(url), data).status_code != 429


def test_every_scope_has_a_valid_default_and_the_environment_overrides(monkeypatch):
    from config.settings.env import env_dict
    from core.ratelimit import parse_rate

    for scope, rate in DEFAULT_RATES.items():
        parse_rate(rate)
        if not scope.endswith("-ip") and f"{scope}-ip" in DEFAULT_RATES:
            assert parse_rate(DEFAULT_RATES[f"{scope}-ip"]).limit >= parse_rate(rate).limit
    monkeypatch.setenv("RATE_LIMITS", "vote-ip=1000/h, comment=60/h")
    assert env_dict("RATE_LIMITS") == {"vote-ip": "1000/h", "comment": "60/h"}


def test_a_malformed_rate_in_the_settings_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    from core.ratelimit import rate_for

    settings.AGORA_RATE_LIMITS = {"vote": "often"}
    with pytest.raises(ImproperlyConfigured, match="vote"):
        rate_for("vote")
    with pytest.raises(ImproperlyConfigured, match="nothing"):
        rate_for("nothing")
