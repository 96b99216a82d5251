"""Citizen accounts: sign-up, log-in, profile, and the person's rights over their data.

Personal data: "download my data" and "delete my account"
=========================================================

Every app that stores something about a person says so in one module,
``<app>/personal_data.py``, listed by app name in ``settings.PERSONAL_DATA_PROVIDERS``
(e.g. ``["accounts", "consultations", "budget", "projects"]``). The module offers exactly two
functions::

    def export_personal_data(user) -> dict: ...
    def erase_personal_data(user, *, delete_contributions: bool) -> None: ...

``export_personal_data(user)``
    Everything the app stores about the person, for the person: a dict of
    JSON-serialisable values (str, int, bool, None, lists, dicts; dates, datetimes,
    Decimals and lazy translations are accepted, `DjangoJSONEncoder` writes them).
    Name things (titles, page addresses), do not just give ids. Read-only, and a
    bounded number of queries whatever the amount of contributions (no N+1).
    `accounts.services.export_personal_data` puts each app's dict under the app's
    name in the downloaded file, in the order of the setting.

``erase_personal_data(user, *, delete_contributions)``
    Called inside the one transaction of `accounts.services.erase_account`, before
    the user row is deleted, with the user as it still is (e-mail address included).
    When it returns, no row of the app points to the user any more (so the row's
    deletion cascades into nothing and no denormalised count goes stale) and nothing
    of the app names them. ``delete_contributions=True`` means the person also asked
    for what they wrote to be removed: remove it where that breaks no one else's
    record or public decision, and say in the module what stays and why. Send no
    e-mail; raise nothing for a citizen (a failure rolls the whole deletion back).
    Providers are erased in the reverse order of the setting, so `accounts`, listed
    first, erases last: it deletes the user row itself.

A system check (`accounts.checks`, tag ``personal_data``) refuses a listed app
without those two functions, and a project app whose models point to the user model
without being listed. Relations of Wagtail's own apps to users are staff-side
(revisions, workflow, locks, admin comments...), except two handled here: the
Wagtail user profile (avatar) by `accounts`, and images citizens upload with their
proposals by `consultations`.

What this app decides (see `accounts.personal_data` and `accounts.services`):
the user row is deleted, not anonymised, and staff accounts cannot delete
themselves (`accounts.rules.deletion_refusal`).
"""
