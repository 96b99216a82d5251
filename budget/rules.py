"""Who may vote in a participatory budget, and when (explained like consultations' rules)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import PhaseKind
from consultations.rules import ALLOWED, Decision, citizen_may_take_part
from core.dates import long_date
from core.tenancy import site_for_page


def can_vote(page, user, today: date | None = None) -> Decision:
    today = today or timezone.localdate()
    source = page.source_page
    vote = vote_is_open(source, today)
    if not vote:
        return vote
    citizen = citizen_may_take_part(user, source, today)
    if not citizen:
        return citizen
    if source.residents_only and user.residence_id != getattr(site_for_page(source), "pk", None):
        return Decision(
            False, _("This vote is open to residents of the commune (see your profile)."), "profile"
        )
    return ALLOWED


def vote_is_open(page, today: date | None = None) -> Decision:
    """The page's part of `can_vote`: the vote's dates and whether results are final."""
    today = today or timezone.localdate()
    source = page.source_page
    if source.results_frozen_at:
        return Decision(False, _("The vote is closed and its results are final."))
    phase = source.phase_of_kind(PhaseKind.VOTE)
    if phase is None:
        return Decision(False, _("This budget has no vote."))
    if today < phase.start:
        return Decision(False, _("The vote opens on %(date)s.") % {"date": long_date(phase.start)})
    if today > phase.end:
        return Decision(False, _("The vote closed on %(date)s.") % {"date": long_date(phase.end)})
    return ALLOWED


def can_replace_ballot(ballot) -> Decision:
    """Whether the person signed in may replace `ballot`, found under their voter hash.

    An online ballot without a voter is one whose account was deleted
    (`budget.personal_data`): it stays counted as it is, and a new account with the
    same e-mail address neither sees it nor votes again.
    """
    if ballot.voter_id is None and ballot.channel == "online":
        return Decision(
            False,
            _(
                "A ballot was already cast in this vote with your e-mail address, from an "
                "account that has since been deleted. It is counted and can no longer be "
                "changed."
            ),
        )
    return ALLOWED
