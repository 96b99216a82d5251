"""Limits on the account routes that Django's and Wagtail's own views serve.

Some ways into an account are views of Django's auth app, served under several
URLs: ours under /<lang>/accounts/ and Wagtail's under /admin/. Rather than
decorate each URL (and miss the next one), `AccountRoutesMiddleware` recognises
them by their class, whatever URL serves them:

- a password-reset request (any subclass of Django's `PasswordResetView`) sends an
  e-mail on an anonymous request: its POSTs are limited per client address
  ("password-reset-ip") and per address typed ("password-reset-email"), one pair
  of counters for every such route, so the admin's form adds to the public one's;
- a password-reset link (any subclass of `PasswordResetConfirmView`) is a way in:
  it shares the log-in lockout of `accounts.lockout` (429 while the account or the
  address is locked out; a wrong link counts as a failed attempt);
- the password of a private page or document collection (Wagtail's
  `authenticate_with_password` views, `SHARED_PASSWORD_VIEWS`) belongs to no
  account, but guessing it is guessing a password: it shares the lockout per client
  address (a wrong password counts as a failed attempt).

Log-in views need nothing here: they go through `authenticate()`, which
`accounts.lockout.LockoutBackend` guards.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import urlsafe_base64_decode

from core import ratelimit

from . import lockout

RESET_ACCOUNT_ATTRIBUTE = "_agora_password_reset_account"
SHARED_PASSWORD_ATTRIBUTE = "_agora_shared_password"  # noqa: S105 - an attribute name
# Views that check the password of a page's or a collection's view restriction.
SHARED_PASSWORD_VIEWS = (
    "wagtail.views.authenticate_with_password",
    "wagtail.documents.views.serve.authenticate_with_password",
)


def posted_email(request: HttpRequest) -> str | None:
    """Per-address limit key of a form with an `email` field (None: no address typed)."""
    email = str(request.POST.get("email", "")).strip().lower()
    return f"email:{email}" if email else None


RESET_REQUEST_LIMITS = (("password-reset-ip", "ip"), ("password-reset-email", posted_email))


def view_class(view) -> type | None:
    """The class of a class-based view, through the decorators that wrap it."""
    while view is not None:
        found = getattr(view, "view_class", None)
        if found is not None:
            return found
        view = getattr(view, "__wrapped__", None)
    return None


def is_reset_request(view) -> bool:
    found = view_class(view)
    return found is not None and issubclass(found, auth_views.PasswordResetView)


def is_reset_confirmation(view) -> bool:
    found = view_class(view)
    return found is not None and issubclass(found, auth_views.PasswordResetConfirmView)


def _qualified_names(view):
    while view is not None:
        yield f"{getattr(view, '__module__', '')}.{getattr(view, '__qualname__', '')}"
        view = getattr(view, "__wrapped__", None)


def checks_a_shared_password(view) -> bool:
    return any(name in SHARED_PASSWORD_VIEWS for name in _qualified_names(view))


def _reset_link_owner(uidb64) -> str | None:
    """The e-mail address of the account a reset link names (None: no such account)."""
    try:
        pk = urlsafe_base64_decode(str(uidb64 or "")).decode()
        user = get_user_model()._default_manager.filter(pk=pk).first()
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError, ValidationError):
        return None
    return user.get_username() if user is not None else None


class AccountRoutesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, SHARED_PASSWORD_ATTRIBUTE, False) and response.status_code == 200:
            lockout.record_failure(request, None)  # the form again: a wrong password
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_reset_request(view_func):
            if request.method == "POST":
                return ratelimit.enforce(request, RESET_REQUEST_LIMITS)
            return None
        if checks_a_shared_password(view_func) and request.method == "POST":
            try:
                lockout.check(request, None)
            except ratelimit.RateLimited as refusal:
                return ratelimit.too_many_requests(request, refusal.usage)
            setattr(request, SHARED_PASSWORD_ATTRIBUTE, True)
            return None
        if is_reset_confirmation(view_func):
            account = _reset_link_owner(view_kwargs.get("uidb64"))
            try:
                lockout.check(request, account)
            except ratelimit.RateLimited as refusal:
                return ratelimit.too_many_requests(request, refusal.usage)
            setattr(request, RESET_ACCOUNT_ATTRIBUTE, account)
        return None

    def process_template_response(self, request, response):
        if hasattr(request, RESET_ACCOUNT_ATTRIBUTE):
            context = response.context_data or {}
            if context.get("validlink") is False:
                lockout.record_failure(request, getattr(request, RESET_ACCOUNT_ATTRIBUTE))
        return response
