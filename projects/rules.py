"""What a citizen may do with projects and follows, and why not (see consultations.rules)."""

from django.utils.translation import gettext as _

from consultations.rules import ALLOWED, Decision


def is_followable(page) -> bool:
    """Projects, consultations and participatory budgets can be followed."""
    from consultations.models import ParticipationPage

    from .models import ProjectPage

    return isinstance(page, ProjectPage | ParticipationPage)


def can_follow(page, user) -> Decision:
    if not is_followable(page) or not page.live:
        return Decision(False, _("This page cannot be followed."))
    if not user.is_authenticated:
        return Decision(False, _("Log in or create an account to follow this page."), "login")
    if not user.has_confirmed_email:
        return Decision(
            False, _("Confirm your e-mail address to receive news of this page."), "profile"
        )
    return ALLOWED
