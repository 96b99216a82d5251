"""What a citizen may do on a participation page, and why not.

Every rule returns a `Decision` (`core.decisions`) with a reason written for the citizen
("Proposals closed on 12 March."). Services enforce the rules; templates use
the same decisions to explain instead of showing dead buttons.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import long_date
from core.decisions import ALLOWED, Decision
from core.tenancy import covers_page

from .models import EDITABLE_STATUSES, PhaseKind, ProposalStatus

COMMENTABLE_PHASES = {PhaseKind.INFORMATION, PhaseKind.PROPOSALS, PhaseKind.REVIEW, PhaseKind.VOTE}


def citizen_may_take_part(user, page, today: date) -> Decision:
    """Rules on the person: signed in, e-mail confirmed, old enough."""
    if not user.is_authenticated:
        return Decision(
            False,
            _("Log in or create an account to take part."),
            "login",
            _(
                '<a href="%(login_url)s">Log in</a> or '
                '<a href="%(signup_url)s">create an account</a> to take part.'
            ),
        )
    if not user.has_confirmed_email:
        return Decision(False, _("Confirm your e-mail address to take part."), "profile")
    if page.minimum_age:
        if user.birth_year is None:
            return Decision(
                False, _("Give your birth year in your profile to take part."), "profile"
            )
        if today.year - user.birth_year < page.minimum_age:
            return Decision(
                False,
                _("Taking part here is open from the age of %(age)s.") % {"age": page.minimum_age},
            )
    return ALLOWED


def can_propose(page, user, today: date | None = None) -> Decision:
    today = today or timezone.localdate()
    if not page.proposals_enabled:
        return Decision(False, _("This page does not take proposals."))
    phase = page.source_page.phase_of_kind(PhaseKind.PROPOSALS)
    if phase is None:
        return Decision(False, _("This page does not take proposals."))
    if today < phase.start:
        return Decision(False, _("Proposals open on %(date)s.") % {"date": long_date(phase.start)})
    if today > phase.end:
        return Decision(False, _("Proposals closed on %(date)s.") % {"date": long_date(phase.end)})
    return citizen_may_take_part(user, page, today)


def can_edit_proposal(proposal, user, today: date | None = None) -> Decision:
    if not user.is_authenticated or proposal.author_id != user.pk:
        return Decision(False, _("Only the author can edit this proposal."))
    if proposal.status not in EDITABLE_STATUSES or proposal.is_hidden:
        return Decision(False, _("This proposal can no longer be edited: it is being reviewed."))
    return can_propose(proposal.page.specific, user, today)


def can_support(proposal, user, today: date | None = None) -> Decision:
    today = today or timezone.localdate()
    page = proposal.page.specific
    if not page.supports_enabled:
        return Decision(False, _("Supports are not open on this page."))
    if not proposal.is_visible or proposal.status == ProposalStatus.MERGED:
        return Decision(False, _("This proposal cannot be supported."))
    phase = page.source_page.phase_of_kind(PhaseKind.PROPOSALS)
    if phase is None or today < phase.start:
        return Decision(False, _("Supports are not open yet."))
    if today > phase.end:
        return Decision(False, _("Supports closed on %(date)s.") % {"date": long_date(phase.end)})
    citizen = citizen_may_take_part(user, page, today)
    if not citizen:
        return citizen
    if proposal.author_id == user.pk:
        return Decision(False, _("You cannot support your own proposal."))
    return ALLOWED


def can_comment(page, user, today: date | None = None) -> Decision:
    today = today or timezone.localdate()
    if not page.comments_enabled:
        return Decision(False, _("Comments are not open on this page."))
    phase = page.source_page.current_phase(today)
    if phase is None or phase.kind not in COMMENTABLE_PHASES:
        return Decision(False, _("Comments are closed."))
    return citizen_may_take_part(user, page, today)


def can_speak_for_commune(page, user) -> Decision:
    """Only the staff of the page's commune (its editors and moderators, and
    install-wide staff) publish comments on the commune's behalf."""
    if not covers_page(user, page):
        return Decision(False, _("Only the commune's staff can answer on its behalf."))
    return ALLOWED


def can_report(user) -> Decision:
    if not user.is_authenticated:
        return Decision(
            False,
            _("Log in to report content."),
            "login",
            _('<a href="%(login_url)s">Log in</a> to report content.'),
        )
    return ALLOWED
