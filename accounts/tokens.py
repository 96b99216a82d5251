"""Signed, expiring links that prove a person receives mail at an address.

A token carries the user's id and the address it was sent to, signed with the
project's SECRET_KEY (salted for this one purpose) and timestamped. It cannot be
forged or re-pointed at another account, expires after
`ACCOUNTS_EMAIL_CONFIRMATION_MAX_AGE` seconds (3 days by default), and stops
working once the account's address changes.
"""

from django.conf import settings
from django.core import signing

SALT = "agora.accounts.email-confirmation"
DEFAULT_MAX_AGE = 3 * 24 * 60 * 60


class InvalidToken(Exception):
    """The link is forged, damaged, expired, or no longer matches the account."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def max_age() -> int:
    return getattr(settings, "ACCOUNTS_EMAIL_CONFIRMATION_MAX_AGE", DEFAULT_MAX_AGE)


def make_email_confirmation_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT, compress=True)


def read_email_confirmation_token(token: str) -> tuple[int, str]:
    """The (user id, lower-cased address) a token was issued for; raises InvalidToken."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise InvalidToken(expired=True) from exc
    except signing.BadSignature as exc:
        raise InvalidToken() from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise InvalidToken()
    return payload["u"], str(payload.get("e", ""))
