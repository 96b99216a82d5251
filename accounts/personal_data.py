"""The account itself: its export, and its erasure (the contract is in accounts/__init__.py).

Erasure deletes the user row rather than anonymising it:

- every relation to the user was built for it: contributions, ballots and
  questionnaire answers point to the user with ``SET_NULL`` and read "Deleted
  participant" without an author (the other providers unlink them beforehand);
  Wagtail's profile cascades; nothing is ``PROTECT``;
- an anonymised row would keep the person's contributions tied to one identifier
  (pseudonymous data is still personal data), need a fake unique e-mail address,
  and could be reactivated or show up in user listings and counts;
- the one identity worth keeping for a while, the keyed hash that stops a second
  vote in a vote still open, lives on the ballot (`budget.personal_data`), not here.

Deleting the row erases the e-mail address, display name, first and last names,
birth year, commune of residence, language, password and dates at once; sessions
of the account on other devices no longer find it and become anonymous. Also
removed: the Wagtail profile and its avatar file, and the admin's history entries
about the account (their label is the person's name).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import ModelLogEntry

from home.models import CommuneSettings


def export_personal_data(user) -> dict:
    residence = None
    if user.residence_id:
        site = user.residence
        settings = CommuneSettings.objects.filter(site_id=site.pk).first()
        residence = {
            "commune": (settings.official_name if settings else "") or site.site_name,
            "hostname": site.hostname,
        }
    return {
        "email": user.email,
        "email_confirmed_at": user.email_confirmed_at,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "birth_year": user.birth_year,
        "residence": residence,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "terms_accepted_at": user.terms_accepted_at,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def erase_personal_data(user, *, delete_contributions: bool) -> None:
    User = get_user_model()
    profile = getattr(user, "wagtail_userprofile", None)
    avatar = profile.avatar if profile is not None and profile.avatar else None
    if avatar:
        storage, name = avatar.storage, avatar.name
        transaction.on_commit(lambda: storage.delete(name))
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    User.objects.filter(pk=user.pk).delete()
