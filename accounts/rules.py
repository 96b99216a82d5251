"""What a person may do with their own account, and if not, why."""

from django.utils.translation import gettext as _


def has_admin_access(user) -> bool:
    """Staff: the account opens the Wagtail admin (directly, or through a commune group)."""
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def deletion_refusal(user) -> str | None:
    """Why this account cannot be deleted by its owner, or None if it can.

    Staff accounts are refused: official answers, reviews, paper ballots and page
    revisions carry their name for the commune's record, and removing someone's
    admin access is the commune's decision. Once an administrator has removed that
    access, the person deletes their account like any citizen (or an administrator
    deletes it in the admin, which erases it the same way).
    """
    if has_admin_access(user):
        return _(
            "Your account gives access to the administration of a commune, so it "
            "cannot be deleted here. Ask an administrator to remove that access "
            "first (or to delete your account); you can download your data meanwhile."
        )
    return None
