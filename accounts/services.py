"""Writes for citizen accounts: sign-up, e-mail confirmation, profile changes, and
the person's data: its export and the account's deletion.

Every function is keyword-only and runs in one transaction. Invalid input raises
`django.core.exceptions.ValidationError` keyed by the parameter's name (e.g.
``{"email": [...]}``), so that views can show the message next to the right field.
E-mails go through `accounts.emails.send_templated_email` (background task, in the
recipient's language, enqueued on commit where the settings ask for it).

`base_url` is the scheme and host the links in e-mails point to — the site the
person is using, e.g. ``request.build_absolute_uri("/")``; it defaults to
``settings.WAGTAILADMIN_BASE_URL``.

Personal data goes through each app's ``personal_data`` module, listed in
``settings.PERSONAL_DATA_PROVIDERS`` (the contract is in accounts/__init__.py):
`export_personal_data` collects them, `erase_account` erases through them in one
transaction, and `delete_account` is the person's own request (password checked).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core import ratelimit

from . import rules
from .emails import send_templated_email
from .tokens import (
    InvalidToken,
    make_email_confirmation_token,
    max_age,
    read_email_confirmation_token,
)

__all__ = [
    "InvalidToken",
    "change_email",
    "confirm_email",
    "delete_account",
    "erase_account",
    "export_personal_data",
    "register_citizen",
    "send_email_confirmation",
    "tell_owner_of_signup_attempt",
    "update_profile",
]

User = get_user_model()

DUPLICATE_EMAIL = _("An account already exists with this e-mail address.")
WRONG_PASSWORD = _("This is not your password. Nothing has been deleted.")
# E-mails that anonymous sign-ups send to one address (see core.ratelimit).
SIGNUP_MAIL_SCOPE = "signup-mail"
EXPORT_FORMAT = "agora-personal-data"
EXPORT_VERSION = 1


def _base_url(base_url: str | None) -> str:
    return (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def _absolute_url(base_url: str | None, language: str, viewname: str, **kwargs) -> str:
    with translation.override(language):
        return _base_url(base_url) + reverse(viewname, kwargs=kwargs)


def _check_residence(residence) -> None:
    if residence is not None and not isinstance(residence, Site):
        raise ValidationError({"residence": _("Choose your commune from the list.")})


def _check_email_is_free(email: str, *, exclude_pk=None) -> None:
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError({"email": DUPLICATE_EMAIL}, code="duplicate_email")


def _full_clean(user, *, fields: list[str]) -> None:
    """Model-level validation of the given fields (lengths, ranges, e-mail syntax)."""
    exclude = [field.name for field in user._meta.fields if field.name not in fields]
    user.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _save_new_email_owner(user, *, update_fields: list[str] | None = None) -> None:
    """Save, turning a lost race on the case-insensitive e-mail constraint into a message."""
    try:
        with transaction.atomic():
            user.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise ValidationError({"email": DUPLICATE_EMAIL}, code="duplicate_email") from exc


@transaction.atomic
def register_citizen(
    *,
    email: str,
    password: str,
    display_name: str,
    residence: Site | None,
    birth_year: int | None,
    language: str,
    base_url: str | None = None,
) -> User | None:
    """Create a citizen account and send the e-mail-confirmation link.

    The account can log in at once; `has_confirmed_email` stays False until the
    link is followed. The terms are recorded as accepted now (the form asks).

    When the address already has an account, nothing is stored and None is
    returned, with no error: the answer must not tell who has an account here.
    The account's owner is told instead, by e-mail, in their language, that someone
    tried to sign up with their address (`tell_owner_of_signup_attempt`).
    """
    _check_residence(residence)
    email = User.objects.normalize_email((email or "").strip())
    user = User(
        email=email,
        display_name=(display_name or "").strip(),
        residence=residence,
        birth_year=birth_year,
        language=language,
        terms_accepted_at=timezone.now(),
    )
    _full_clean(user, fields=["email", "display_name", "birth_year", "language"])
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    # Hashed whether or not the address is taken: both answers take as long.
    user.set_password(password)
    owner = User.objects.filter(email__iexact=email).first()
    if owner is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address signed up at the same moment
            owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        tell_owner_of_signup_attempt(owner=owner, base_url=base_url)
        return None
    _count_signup_mail(email)
    send_email_confirmation(user=user, base_url=base_url)
    return user


def _count_signup_mail(email: str) -> bool:
    """Count an e-mail that a sign-up sends to `email`; False past the limit."""
    scope = SIGNUP_MAIL_SCOPE
    usage = ratelimit.hit(scope, f"email:{email.lower()}", ratelimit.rate_for(scope))
    return not usage.blocked


def tell_owner_of_signup_attempt(*, owner: User, base_url: str | None = None) -> None:
    """E-mail the owner of an address that someone tried to sign up with, in their
    language, with the links to log in and to choose a new password.

    Sign-ups are anonymous: at most "signup-mail" (3 an hour) such e-mails reach an
    address, the confirmation of a new account included; the others are dropped.
    Nothing is sent to a deactivated account.
    """
    if not owner.is_active or not _count_signup_mail(owner.email):
        return
    send_templated_email(
        to=owner.email,
        subject_template="accounts/emails/signup_attempt_subject.txt",
        text_template="accounts/emails/signup_attempt.txt",
        context={
            "user": owner,
            "base_url": _base_url(base_url),
            "login_url": _absolute_url(base_url, owner.language, "accounts:login"),
            "reset_url": _absolute_url(base_url, owner.language, "accounts:password_reset"),
        },
        language=owner.language,
    )


def send_email_confirmation(*, user: User, base_url: str | None = None) -> None:
    """(Re)send the confirmation link for the account's current address."""
    token = make_email_confirmation_token(user)
    send_templated_email(
        to=user.email,
        subject_template="accounts/emails/confirm_email_subject.txt",
        text_template="accounts/emails/confirm_email.txt",
        html_template="accounts/emails/confirm_email.html",
        context={
            "user": user,
            "confirm_url": _absolute_url(
                base_url, user.language, "accounts:confirm_email", token=token
            ),
            "base_url": _base_url(base_url),
            "valid_days": _valid_days(),
        },
        language=user.language,
    )


def _valid_days() -> int:
    return max(1, max_age() // 86400)


def _locked_copy(user):
    """A fresh, row-locked copy of `user` to change, so that a refused change leaves
    the caller's instance (often `request.user`) untouched."""
    return User.objects.select_for_update().get(pk=user.pk)


def _copy_back(source, target, fields: list[str]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Mark the address the token was sent to as confirmed; raises InvalidToken.

    Following a valid link twice is harmless (the first confirmation date stays).
    A link sent to an address the account no longer uses is refused.
    """
    user_pk, email = read_email_confirmation_token(token)
    user = User.objects.select_for_update().filter(pk=user_pk, is_active=True).first()
    if user is None or user.email.lower() != email:
        raise InvalidToken()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


@transaction.atomic
def update_profile(
    *,
    user: User,
    display_name: str,
    residence: Site | None,
    birth_year: int | None,
    language: str,
) -> User:
    """Change what a person says about themselves (not their e-mail or password)."""
    _check_residence(residence)
    fields = ["display_name", "residence", "birth_year", "language"]
    changed = _locked_copy(user)
    changed.display_name = (display_name or "").strip()
    changed.residence = residence
    changed.birth_year = birth_year
    changed.language = language
    _full_clean(changed, fields=["display_name", "birth_year", "language"])
    changed.save(update_fields=fields)
    _copy_back(changed, user, fields)
    return user


@transaction.atomic
def change_email(*, user: User, new_email: str, base_url: str | None = None) -> User:
    """Move the account to a new address, which must then be confirmed again.

    The confirmation link goes to the new address; the old address is told of the
    change, so that a person whose session was hijacked finds out.
    """
    fields = ["email", "email_confirmed_at"]
    changed = _locked_copy(user)
    old_email = changed.email
    new_email = User.objects.normalize_email((new_email or "").strip())
    if new_email.lower() == old_email.lower():
        raise ValidationError({"email": _("This is already your e-mail address.")})
    changed.email = new_email
    _full_clean(changed, fields=["email"])
    _check_email_is_free(new_email, exclude_pk=changed.pk)
    changed.email_confirmed_at = None
    _save_new_email_owner(changed, update_fields=fields)
    _copy_back(changed, user, fields)
    send_templated_email(
        to=old_email,
        subject_template="accounts/emails/email_changed_subject.txt",
        text_template="accounts/emails/email_changed.txt",
        context={"user": user, "old_email": old_email, "base_url": _base_url(base_url)},
        language=user.language,
    )
    send_email_confirmation(user=user, base_url=base_url)
    return user


# --- Personal data -------------------------------------------------------------------


def personal_data_providers() -> list[tuple[str, ModuleType]]:
    """(app name, its personal_data module), in the order of the setting."""
    return [
        (name, import_module(f"{name}.personal_data")) for name in settings.PERSONAL_DATA_PROVIDERS
    ]


def export_personal_data(*, user: User) -> dict:
    """Everything stored about the person, one section per app (read-only).

    JSON-serialisable with `django.core.serializers.json.DjangoJSONEncoder`.
    """
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
    }
    for name, provider in personal_data_providers():
        data[name] = provider.export_personal_data(user)
    return data


@transaction.atomic
def erase_account(*, user: User, delete_contributions: bool = False) -> None:
    """Erase the person from every app and delete the account, all or nothing.

    No password check and no refusal: for `delete_account` and for administrators
    (the Wagtail user admin deletes accounts through here). Apps erase in the reverse
    order of PERSONAL_DATA_PROVIDERS, so `accounts`, listed first, deletes the row last.
    """
    for _name, provider in reversed(personal_data_providers()):
        provider.erase_personal_data(user, delete_contributions=delete_contributions)


@transaction.atomic
def delete_account(*, user: User, password: str, delete_contributions: bool = False) -> None:
    """The person deletes their own account, confirming with their password.

    Raises PermissionDenied for staff accounts (`rules.deletion_refusal`) and
    ValidationError ``{"password": ...}`` for a wrong password; nothing changes then.
    An account already deleted (a second, concurrent request) is left as it is.
    """
    refusal = rules.deletion_refusal(user)
    if refusal:
        raise PermissionDenied(refusal)
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None:
        return
    if not locked.check_password(password or ""):
        raise ValidationError({"password": WRONG_PASSWORD}, code="wrong_password")
    erase_account(user=locked, delete_contributions=delete_contributions)
