"""What a citizen may do with follows, and why not (a `core.decisions.Decision`)."""

from django.utils.translation import gettext as _

from core.decisions import ALLOWED, Decision


def is_followable(page) -> bool:
    """Pages whose type has the follow routes (`notifications.routes.FollowRoutesMixin`)."""
    return bool(getattr(page, "followable", False))


def can_follow(page, user) -> Decision:
    if not is_followable(page) or not page.live:
        return Decision(False, _("This page cannot be followed."))
    if not user.is_authenticated:
        return Decision(
            False,
            _("Log in or create an account to follow this page."),
            "login",
            _(
                '<a href="%(login_url)s">Log in</a> or '
                '<a href="%(signup_url)s">create an account</a> to follow this page.'
            ),
        )
    if not user.has_confirmed_email:
        return Decision(
            False, _("Confirm your e-mail address to receive news of this page."), "profile"
        )
    return ALLOWED
