"""Paper ballots entered by staff: same rules as online ballots, one per person.

The voter's reference (their e-mail address when they have an account, else the
identity reference the commune uses, such as name and date of birth) is stored
only as `voter_hash(reference)`, the same keyed hash online ballots carry for the
voter's e-mail address: the unique constraint on (page, voter_hash) then refuses a
second ballot of the same person, on paper or online, without anyone checking first.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from consultations.models import PhaseKind
from core import pagecache

from ..models import Ballot, BallotChannel, BallotChoice, BudgetPage, voter_hash
from .ballots import BallotRejected, validate_ballot

REFERENCE_MAX_LENGTH = 250
REASON_MAX_LENGTH = 500
WITHDRAW_ACTION = "budget.withdraw_paper_ballot"


def can_enter_paper_ballots(user, page: BudgetPage) -> bool:
    """The commune's editors and moderators: whoever may edit the budget page."""
    if not (user.is_authenticated and user.is_active):
        return False
    return page.source_page.permissions_for_user(user).can_edit()


def _normalized(reference: str) -> str:
    return " ".join((reference or "").split())


@transaction.atomic
def enter_paper_ballot(
    *,
    page: BudgetPage,
    staff,
    voter_reference: str,
    projects: list[int],
    points: dict[int, int] | None = None,
) -> Ballot:
    """Store a paper ballot entered by staff, checked like an online ballot.

    Refused (BallotRejected, nothing stored) when the ballot breaks the page's
    rules, before the vote opens, once the results are frozen, or when a ballot
    with the same voter reference exists — including a citizen's online ballot
    when the reference is their e-mail address.
    """
    source = BudgetPage.objects.select_for_update().get(pk=page.source_page.pk)
    if not can_enter_paper_ballots(staff, source):
        raise PermissionDenied(_("You cannot enter ballots for this participatory budget."))
    if source.results_frozen_at:
        raise BallotRejected(_("The results are frozen: no ballot can be added any more."))
    phase = source.phase_of_kind(PhaseKind.VOTE)
    if phase is None:
        raise BallotRejected(_("This budget has no vote."))
    if timezone.localdate() < phase.start:
        raise BallotRejected(_("The vote has not opened yet."))
    reference = _normalized(voter_reference)
    if not reference:
        raise BallotRejected(_("Give the voter's reference."))
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise BallotRejected(
            _("The voter's reference is too long (%(max)s characters at most).")
            % {"max": REFERENCE_MAX_LENGTH}
        )
    choices = validate_ballot(source, projects, points)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                page=source,
                voter=None,
                voter_hash=voter_hash(reference),
                channel=BallotChannel.PAPER,
                entered_by=staff,
            )
    except IntegrityError as exc:
        raise BallotRejected(
            _(
                "This person has already voted (online or on paper): "
                "a ballot with the same reference is already recorded. Nothing was saved."
            )
        ) from exc
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal=proposal, position=position, points=value)
        for proposal, position, value in choices
    )
    pagecache.bump_on_commit(pagecache.ballots_key(source.pk))
    return ballot


@transaction.atomic
def withdraw_paper_ballot(*, page: BudgetPage, staff, ballot_id: int, reason: str) -> None:
    """Withdraw a paper ballot typed in by mistake, until the results are frozen.

    The ballot and its choices are deleted, which frees the voter's reference: the
    correct ballot can then be entered. The page history keeps who withdrew which
    ballot number and why. Online ballots are never withdrawn by staff.
    Raises Ballot.DoesNotExist for a ballot that is not a paper ballot of this page,
    BallotRejected (nothing changed) without a reason or once results are frozen.
    """
    source = BudgetPage.objects.select_for_update().get(pk=page.source_page.pk)
    if not can_enter_paper_ballots(staff, source):
        raise PermissionDenied(_("You cannot enter ballots for this participatory budget."))
    ballot = Ballot.objects.get(page=source, channel=BallotChannel.PAPER, pk=ballot_id)
    if source.results_frozen_at:
        raise BallotRejected(_("The results are frozen: no ballot can be withdrawn any more."))
    reason = _normalized(reason)
    if not reason:
        raise BallotRejected(_("Say why this ballot is withdrawn."))
    if len(reason) > REASON_MAX_LENGTH:
        raise BallotRejected(
            _("The reason is too long (%(max)s characters at most).") % {"max": REASON_MAX_LENGTH}
        )
    ballot.delete()
    if log_registry.action_exists(WITHDRAW_ACTION):
        log(
            instance=source,
            action=WITHDRAW_ACTION,
            user=staff,
            data={"ballot": ballot_id, "reason": reason},
        )
