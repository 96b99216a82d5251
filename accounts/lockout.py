"""One lockout for every way into an account: log-in forms, the admin's, reset links.

Failed attempts are counted per account ("login-account": the address typed, lower
case, whether or not an account has it) and per client address ("login-ip"), in
core.ratelimit's counters, which every process shares. Once either counter reaches
its limit, every attempt through any route answers 429 until the window ends, even
with the right password.

Why here and not on each view: the public log-in, Wagtail's admin log-in and any
future way to authenticate all go through Django's `authenticate()`, so the
lockout sits in that path rather than on views, where a forgotten route (the admin's
log-in was one) escapes it:

- `LockoutBackend`, listed first in AUTHENTICATION_BACKENDS, checks the lockout
  before any backend sees the password, and raises `core.ratelimit.RateLimited`,
  which `RateLimitedMiddleware` answers with the 429 page. It authenticates nobody
  itself: Django's ModelBackend, listed after it, does.
- Django sends `user_login_failed` once every backend has failed: `count_failure`
  counts it, whatever the route. `user_logged_in` clears the account's counter.
- Password-reset links prove who one is without `authenticate()`: every view class
  derived from Django's `PasswordResetConfirmView` (ours and Wagtail's admin one) is
  guarded by `accounts.middleware.AccountRoutesMiddleware` with the same `check`
  and `record_failure`: a locked account or address gets 429, a wrong link counts
  as a failure.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from core import ratelimit

ACCOUNT_SCOPE = "login-account"
ADDRESS_SCOPE = "login-ip"

__all__ = [
    "ACCOUNT_SCOPE",
    "ADDRESS_SCOPE",
    "LockoutBackend",
    "check",
    "clear",
    "clear_after_log_in",
    "count_failure",
    "record_failure",
]


def account_identifier(username: str | None) -> str | None:
    """The per-account key: the address as typed, trimmed, in lower case."""
    email = str(username or "").strip().lower()
    return f"email:{email}" if email else None


def _counters(request: HttpRequest | None, username: str | None) -> list[tuple[str, str]]:
    counters = []
    if request is not None:
        counters.append((ADDRESS_SCOPE, ratelimit.ip_key(request)))
    account = account_identifier(username)
    if account is not None:
        counters.append((ACCOUNT_SCOPE, account))
    return counters


def check(request: HttpRequest | None, username: str | None) -> None:
    """Raise RateLimited when the account or the client address is locked out."""
    blocked = [
        usage
        for usage in (
            ratelimit.check(scope, identifier, ratelimit.rate_for(scope))
            for scope, identifier in _counters(request, username)
        )
        if usage.blocked
    ]
    if blocked:
        raise ratelimit.RateLimited(max(blocked, key=lambda usage: usage.retry_after))


def record_failure(request: HttpRequest | None, username: str | None) -> None:
    """Count one failed attempt against the account and the client address."""
    for scope, identifier in _counters(request, username):
        ratelimit.hit(scope, identifier, ratelimit.rate_for(scope))


def clear(username: str | None) -> None:
    """Forget the account's failures (its owner got in); the address's stay."""
    account = account_identifier(username)
    if account is not None:
        ratelimit.reset(ACCOUNT_SCOPE, account, ratelimit.rate_for(ACCOUNT_SCOPE))


def _username(credentials: dict) -> str | None:
    field = get_user_model().USERNAME_FIELD
    return credentials.get("username") or credentials.get(field)


def count_failure(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of `user_login_failed`: every backend refused these credentials."""
    record_failure(request, _username(credentials or {}))


def clear_after_log_in(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`."""
    clear(user.get_username())


class LockoutBackend:
    """Stops `authenticate()` while the account or the client address is locked out.

    Authenticates nobody and grants no permission: the next backend does that. It
    has no `get_user` and no permission methods on purpose, so that Django never
    picks it to remember a logged-in user (`login()`, the test client's
    `force_login`) and never asks it about permissions.
    """

    def authenticate(self, request, username=None, **credentials):
        if username is None:
            username = credentials.get(get_user_model().USERNAME_FIELD)
        check(request, username)
        return None
