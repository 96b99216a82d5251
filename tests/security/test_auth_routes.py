"""Every way into an account shares one lockout, and every route that sends e-mail on
an anonymous request is limited per recipient and per client address.

The routes are not listed by hand: they are found in Django's URL resolver, by the
class of their view (Django's `LoginView`, `PasswordResetView` and
`PasswordResetConfirmView`, which ours, Wagtail's admin and Wagtail's front-end
log-in derive from). `test_every_route_that_authenticates_or_mails_is_known` posts
to every route of the resolver and fails when one authenticates or sends an e-mail
without being in these sets, so that a new route gets these tests by construction.
"""

import itertools

import pytest
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.factories import DEMO_PASSWORD, UserFactory
from tests.urlconf import all_routes

pytestmark = pytest.mark.django_db

VICTIM = "lea@example.org"
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


def new_ip() -> str:
    return next(_addresses)


def _view_class(view):
    while view is not None:
        if getattr(view, "view_class", None) is not None:
            return view.view_class
        view = getattr(view, "__wrapped__", None)
    return None


def routes_of(base: type) -> list[str]:
    """The names of the URL patterns whose view derives from `base`."""
    return sorted(
        {
            name
            for _route, name, callback in all_routes()
            if name and (found := _view_class(callback)) and issubclass(found, base)
        }
    )


LOGIN_ROUTES = routes_of(auth_views.LoginView)
RESET_REQUEST_ROUTES = routes_of(auth_views.PasswordResetView)
RESET_CONFIRM_ROUTES = routes_of(auth_views.PasswordResetConfirmView)
# Sign-up is a view function: it is named here (the probe below finds it).
MAIL_ROUTES = [*RESET_REQUEST_ROUTES, "accounts:signup"]


def test_the_resolver_finds_the_known_ways_in():
    """The walk works: it finds at least the routes known today."""
    assert {"accounts:login", "wagtailadmin_login", "wagtailcore_login"} <= set(LOGIN_ROUTES)
    assert {"accounts:password_reset", "wagtailadmin_password_reset"} <= set(RESET_REQUEST_ROUTES)
    assert {
        "accounts:password_reset_confirm",
        "wagtailadmin_password_reset_confirm",
    } <= set(RESET_CONFIRM_ROUTES)


def signup_fields(email):
    return {
        "email": email,
        "display_name": "Quelqu'un",
        "password1": "Velo-cargo-sous-la-pluie-42",
        "password2": "Velo-cargo-sous-la-pluie-42",
        "residence": "other",
        "birth_year": "1980",
        "accept_terms": "on",
        "captcha_0": "any",
        "captcha_1": "PASSED",
    }


def log_in(client, route, email, password, ip):
    return client.post(reverse(route), {"username": email, "password": password}, REMOTE_ADDR=ip)


def assert_refused(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def victim(belval):
    return UserFactory(email=VICTIM)


@pytest.mark.parametrize(
    ("locked_through", "tried_through"), list(itertools.product(LOGIN_ROUTES, repeat=2))
)
def test_failures_on_any_log_in_route_lock_the_account_on_every_route(
    client, settings, victim, locked_through, tried_through
):
    settings.AGORA_RATE_LIMITS = {"login-account": "3/15m", "login-ip": "1000/15m"}
    for _attempt in range(3):
        response = log_in(client, locked_through, VICTIM.upper(), "wrong", new_ip())
        assert response.status_code != 429
    # The right password, from a fresh address, through any route: refused.
    assert_refused(log_in(client, tried_through, VICTIM, DEMO_PASSWORD, new_ip()))
    assert not logged_in(client)


@pytest.mark.parametrize(
    ("locked_through", "tried_through"), list(itertools.product(LOGIN_ROUTES, repeat=2))
)
def test_failures_on_any_log_in_route_lock_the_address_on_every_route(
    client, settings, victim, locked_through, tried_through
):
    settings.AGORA_RATE_LIMITS = {"login-account": "1000/15m", "login-ip": "4/15m"}
    ip = new_ip()
    for number in range(4):
        log_in(client, locked_through, f"x{number}@example.org", "wrong", ip)
    assert_refused(log_in(client, tried_through, VICTIM, DEMO_PASSWORD, ip))
    assert not logged_in(client)
    # Another address goes on.
    assert log_in(client, tried_through, VICTIM, DEMO_PASSWORD, new_ip()).status_code == 302


def reset_link(route, user, token=None):
    return reverse(
        route,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": token or default_token_generator.make_token(user),
        },
    )


@pytest.mark.parametrize("route", RESET_CONFIRM_ROUTES)
@pytest.mark.parametrize("login_route", LOGIN_ROUTES)
def test_a_locked_account_cannot_use_a_reset_link(client, settings, victim, route, login_route):
    settings.AGORA_RATE_LIMITS = {"login-account": "2/15m", "login-ip": "1000/15m"}
    for _attempt in range(2):
        log_in(client, login_route, VICTIM, "wrong", new_ip())
    assert_refused(client.get(reset_link(route, victim), REMOTE_ADDR=new_ip()))


@pytest.mark.parametrize("route", RESET_CONFIRM_ROUTES)
@pytest.mark.parametrize("login_route", LOGIN_ROUTES)
def test_wrong_reset_links_count_as_failed_log_ins(client, settings, victim, route, login_route):
    settings.AGORA_RATE_LIMITS = {"login-account": "3/15m", "login-ip": "1000/15m"}
    for attempt in range(3):
        response = client.get(reset_link(route, victim, f"bad-{attempt}"), REMOTE_ADDR=new_ip())
        assert response.status_code == 200
        assert not response.context["validlink"]
    assert_refused(log_in(client, login_route, VICTIM, DEMO_PASSWORD, new_ip()))
    # A good link is refused as well while the account is locked.
    assert_refused(client.get(reset_link(route, victim), REMOTE_ADDR=new_ip()))


@pytest.mark.parametrize("route", RESET_CONFIRM_ROUTES)
def test_wrong_reset_links_lock_the_address(client, settings, victim, route):
    settings.AGORA_RATE_LIMITS = {"login-account": "1000/15m", "login-ip": "3/15m"}
    ip = new_ip()
    other = UserFactory()
    for attempt in range(3):
        client.get(reset_link(route, other, f"bad-{attempt}"), REMOTE_ADDR=ip)
    assert_refused(log_in(client, "accounts:login", VICTIM, DEMO_PASSWORD, ip))


def mail_request(route, email):
    """The anonymous POST through `route` that sends an e-mail to `email`."""
    if route == "accounts:signup":
        return signup_fields(email)
    return {"email": email}


def mails_to(address) -> int:
    return sum(address in message.to for message in mail.outbox)


@pytest.mark.parametrize("route", MAIL_ROUTES)
def test_an_address_gets_at_most_three_mails_an_hour_from_each_route(client, victim, route):
    """Defaults: 3 per hour and recipient, from however many client addresses."""
    for _attempt in range(6):
        client.post(reverse(route), mail_request(route, VICTIM), REMOTE_ADDR=new_ip())
        client.logout()
    assert 1 <= mails_to(VICTIM) <= 3


@pytest.mark.parametrize("route", RESET_REQUEST_ROUTES)
def test_reset_requests_are_refused_beyond_three_an_hour_per_address(client, victim, route):
    for _attempt in range(3):
        assert (
            client.post(reverse(route), {"email": VICTIM}, REMOTE_ADDR=new_ip()).status_code == 302
        )
    assert_refused(client.post(reverse(route), {"email": VICTIM}, REMOTE_ADDR=new_ip()))
    assert mails_to(VICTIM) == 3


def test_the_reset_routes_share_one_counter_per_recipient(client, victim):
    """Two requests through each route are four for the recipient: the fourth is refused."""
    routes = RESET_REQUEST_ROUTES * 2
    responses = [
        client.post(reverse(route), {"email": VICTIM}, REMOTE_ADDR=new_ip()) for route in routes
    ]
    assert [response.status_code for response in responses][:3] == [302, 302, 302]
    assert all(response.status_code == 429 for response in responses[3:])
    assert mails_to(VICTIM) == 3


@pytest.mark.parametrize("route", RESET_REQUEST_ROUTES)
def test_reset_requests_are_limited_per_client_address(client, belval, route):
    ip = new_ip()
    for number in range(10):
        client.post(reverse(route), {"email": f"x{number}@example.org"}, REMOTE_ADDR=ip)
    assert_refused(client.post(reverse(route), {"email": "y@example.org"}, REMOTE_ADDR=ip))


def _probe_targets():
    """Every route without parameters, with the URL that reaches it."""
    for route, name, _callback in all_routes():
        if "<" in route or "(?P" in route or "(" in route:
            continue
        path = "/" + route.replace("^", "").replace("$", "")
        yield name or path, path


def test_every_route_that_authenticates_or_mails_is_known(client, victim, no_rate_limits):
    """An anonymous POST of a sign-up, a log-in and a reset request at once, for an
    existing account with a wrong password, to every route without parameters: the
    routes that try the password or send an e-mail must be the ones tested above."""
    authenticating = set()
    current = {}

    def note(sender, credentials, request=None, **kwargs):
        authenticating.add(current["name"])

    user_login_failed.connect(note, dispatch_uid="probe")
    mailing = set()
    data = {**signup_fields(VICTIM), "username": VICTIM, "password": "wrong"}
    try:
        for name, path in _probe_targets():
            current["name"] = name
            mail.outbox.clear()
            client.post(path, data, REMOTE_ADDR=new_ip())
            client.logout()
            if mails_to(VICTIM):
                mailing.add(name)
    finally:
        user_login_failed.disconnect(dispatch_uid="probe")
    assert authenticating - set(LOGIN_ROUTES) == set()
    assert mailing - set(MAIL_ROUTES) == set()
    # The probe reaches the routes it should (it is not vacuous).
    assert {"accounts:login", "wagtailadmin_login"} <= authenticating
    assert {"accounts:password_reset", "wagtailadmin_password_reset"} <= mailing


# The password of a private page or document collection belongs to no account, but
# guessing it is guessing a password: it shares the lockout per client address.
SHARED_PASSWORD_ROUTES = sorted(
    name
    for _route, name, _callback in all_routes()
    if name and name.endswith("authenticate_with_password")
)


def test_the_resolver_finds_the_shared_password_routes():
    assert SHARED_PASSWORD_ROUTES == [
        "wagtailcore_authenticate_with_password",
        "wagtaildocs_authenticate_with_password",
    ]


def _shared_password_url(route, belval):
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    if route == "wagtailcore_authenticate_with_password":
        page = belval.home
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type="password", password="le-mot-de-passe"
        )
        return reverse(route, args=[restriction.pk, page.pk])
    collection = Collection.get_first_root_node().add_child(name="Archives privées")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="le-mot-de-passe"
    )
    return reverse(route, args=[restriction.pk])


@pytest.mark.parametrize("route", SHARED_PASSWORD_ROUTES)
def test_wrong_passwords_of_private_pages_lock_the_address(client, settings, belval, route):
    settings.AGORA_RATE_LIMITS = {"login-account": "1000/15m", "login-ip": "3/15m"}
    UserFactory(email=VICTIM)
    url = _shared_password_url(route, belval)
    ip = new_ip()
    for _attempt in range(3):
        response = client.post(url, {"password": "devine", "return_url": "/fr/"}, REMOTE_ADDR=ip)
        assert response.status_code == 200
    right = {"password": "le-mot-de-passe", "return_url": "/fr/"}
    assert_refused(client.post(url, right, REMOTE_ADDR=ip))
    # The same address is locked out of log-ins too; another address goes on.
    assert_refused(log_in(client, "accounts:login", VICTIM, DEMO_PASSWORD, ip))
    assert client.post(url, right, REMOTE_ADDR=new_ip()).status_code == 302
