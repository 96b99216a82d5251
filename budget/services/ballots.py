"""Writes of participatory budgets: casting ballots (one transaction each)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from consultations.services import ParticipationRefused
from core import pagecache
from core.money import format_money

from .. import rules
from ..models import Ballot, BallotChannel, BallotChoice, BallotMethod, BudgetPage, voter_hash
from ..queries import ballot_projects

# More project ids than any ballot could hold are not looked up (the ballot is refused).
MAX_PROJECTS_NAMED = 1000

# Faults the ballot form (`budget.forms.BallotForm`) can find in a posted ballot as
# well: the voter reads the same words whichever finds it.
CHOSEN_TWICE = gettext_lazy("A project is chosen twice.")
NOT_ON_BALLOT = gettext_lazy("One of the chosen projects is not on this ballot.")
POINTS_NOT_WHOLE = gettext_lazy("Give each chosen project a whole number of points, at least 1.")


class BallotRejected(ValidationError):
    """The ballot breaks a rule of the page; the message says which, for the voter."""


def validate_ballot(page, projects: list[int], points: dict[int, int] | None = None):
    """Check a ballot against the page's method; return [(proposal, position, points)]."""
    if len(set(projects)) != len(projects):
        raise BallotRejected(CHOSEN_TWICE)
    # Only the projects named are read: a ballot names a handful of a hundred.
    named = [pk for pk in projects[:MAX_PROJECTS_NAMED] if isinstance(pk, int) and 0 < pk < 2**63]
    on_ballot = ballot_projects(page, lean=True, among=named)
    available = {proposal.pk: proposal for proposal in on_ballot}
    if any(project_id not in available for project_id in projects):
        raise BallotRejected(NOT_ON_BALLOT)
    if not projects:
        raise BallotRejected(_("Choose at least one project."))
    chosen = [available[project_id] for project_id in projects]
    method = page.ballot_method

    if method in (BallotMethod.APPROVAL, BallotMethod.KNAPSACK):
        if len(chosen) < page.min_choices:
            raise BallotRejected(
                ngettext(
                    "Choose at least %(count)s project.",
                    "Choose at least %(count)s projects.",
                    page.min_choices,
                )
                % {"count": page.min_choices}
            )
        if page.max_choices and len(chosen) > page.max_choices:
            raise BallotRejected(
                ngettext(
                    "Choose at most %(count)s project.",
                    "Choose at most %(count)s projects.",
                    page.max_choices,
                )
                % {"count": page.max_choices}
            )
        if method == BallotMethod.KNAPSACK:
            total = sum(proposal.cost for proposal in chosen)
            if total > page.envelope:
                raise BallotRejected(
                    _("Your choices cost %(total)s, more than the budget of %(envelope)s.")
                    % {
                        "total": format_money(total, page.currency),
                        "envelope": format_money(page.envelope, page.currency),
                    }
                )
        return [(proposal, position, 1) for position, proposal in enumerate(chosen)]

    if method == BallotMethod.RANKED:
        scale = page.ranking_points
        if len(chosen) > len(scale):
            raise BallotRejected(
                ngettext(
                    "Rank at most %(count)s project.",
                    "Rank at most %(count)s projects.",
                    len(scale),
                )
                % {"count": len(scale)}
            )
        return [(proposal, position, scale[position]) for position, proposal in enumerate(chosen)]

    # Cumulative: points per project.
    points = points or {}
    given = []
    for position, proposal in enumerate(chosen):
        value = points.get(proposal.pk)
        if not isinstance(value, int) or value <= 0:
            raise BallotRejected(POINTS_NOT_WHOLE)
        if page.max_points_per_project and value > page.max_points_per_project:
            raise BallotRejected(
                _("At most %(count)s points per project.") % {"count": page.max_points_per_project}
            )
        given.append((proposal, position, value))
    spent = sum(value for _proposal, _position, value in given)
    if spent > page.total_points:
        raise BallotRejected(
            _("You gave %(spent)s points; you have %(total)s.")
            % {"spent": spent, "total": page.total_points}
        )
    return given


# What the vote's rules on a page depend on, besides the date: anything that changes
# them (publishing the page with other phases or settings, freezing the results)
# changes one of these columns of the page's row. The projects on the ballot cannot
# change meanwhile: reviews are closed once the vote opens.
RULES_STATE = ("live_revision_id", "last_published_at", "results_frozen_at")


def _rules_state(page: BudgetPage) -> tuple:
    return tuple(getattr(page, field) for field in RULES_STATE)


def lock_budget_for_ballot(page_id: int) -> tuple:
    """Read the budget page's rules state (`RULES_STATE`) afresh, holding a lock that
    closing the vote waits for.

    Freezing the results (`services.results.freeze_results`) locks the page's row
    exclusively (FOR UPDATE). A ballot holds a shared lock on the same row (FOR
    SHARE) from its first statement to its commit, so the database decides the race
    between them: either the freeze waits for the ballot and counts it, or the
    ballot waits for the freeze, then reads the frozen page and is refused. Ballots
    share the lock, so they never queue behind one another; an editor publishing the
    page (an UPDATE of that row) waits for ballots in progress, and they for it.

    SQLite has no row locks: there every write transaction starts IMMEDIATE (see the
    settings), which serialises ballots and freezes as a whole. Must be called inside
    a transaction, with the id of a source page.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(BudgetPage._meta.db_table)
        key = connection.ops.quote_name(BudgetPage._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE {key} = %s FOR SHARE", [page_id])  # noqa: S608
    return tuple(BudgetPage.objects.filter(pk=page_id).values_list(*RULES_STATE).get())


def _check_ballot(source, voter, projects, points) -> list:
    decision = rules.can_vote(source, voter)
    if not decision:
        raise ParticipationRefused(decision)
    return validate_ballot(source, projects, points)


def cast_ballot(
    *, page, voter, projects: list[int], points: dict[int, int] | None = None
) -> Ballot:
    """Store a citizen's ballot, replacing their previous one while the vote is open.

    One ballot per person and page is enforced by a unique constraint on a keyed
    hash of the voter's e-mail address, which a paper ballot entered with the same
    address also carries; a concurrent second submission becomes a replacement.

    The ballot is checked (rules, projects, method) before the write transaction, so
    that the transaction, which on SQLite holds the one write lock of the whole
    database, only writes. In the transaction the budget page is read again under a
    lock that freezing the results waits for (`lock_budget_for_ballot`): if the rules'
    state changed since the check (the page was published or frozen meanwhile), the
    ballot is checked again there, so a ballot is either counted or refused, never
    lost. A ballot cast before the voter changed their e-mail address is found by
    account and replaced: changing address never gives a second vote.
    """
    # The page as the request found it: if it is stale, the check is made again below.
    checked_page = page.source_page
    choices = _check_ballot(checked_page, voter, projects, points)
    with transaction.atomic():
        return _write_ballot(checked_page, choices, voter, projects, points)


def _write_ballot(checked_page, choices, voter, projects, points) -> Ballot:
    # The page as it is now, not as it was checked: the vote may have closed since.
    source = checked_page
    if lock_budget_for_ballot(checked_page.pk) == _rules_state(checked_page):
        # Same rules, phases already read: only the date may have moved on.
        still_open = rules.vote_is_open(source)
        if not still_open:
            raise ParticipationRefused(still_open)
    else:
        source = BudgetPage.objects.get(pk=checked_page.pk)
        source.__dict__["source_page"] = source  # it is the source
        choices = _check_ballot(source, voter, projects, points)
    identity = voter_hash(voter.email)
    # Found under the hash of the current address, or as this account's ballot cast
    # before an e-mail change: either way it is the one to replace, never a second.
    # Two indexed lookups: SQLite answers the same condition written with OR by walking
    # every ballot of the page.
    ballots = Ballot.objects.select_for_update().filter(page=source)
    found = {ballot.pk: ballot for ballot in ballots.filter(voter_hash=identity)}
    found.update((ballot.pk, ballot) for ballot in ballots.filter(voter=voter))
    found = [found[pk] for pk in sorted(found)]
    if any(ballot.channel == BallotChannel.PAPER for ballot in found):
        raise BallotRejected(_("A paper ballot has already been recorded for you."))
    ballot = next((ballot for ballot in found if ballot.voter_id == voter.pk), None)
    ballot = ballot or (found[0] if found else None)
    replacing = ballot is not None
    if ballot is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    page=source, voter=voter, voter_hash=identity, channel=BallotChannel.ONLINE
                )
        except IntegrityError:
            ballot = Ballot.objects.select_for_update().get(page=source, voter_hash=identity)
            replacing = True
            if ballot.channel == BallotChannel.PAPER:
                raise BallotRejected(
                    _("A paper ballot has already been recorded for you.")
                ) from None
    if replacing:
        replace = rules.can_replace_ballot(ballot)
        if not replace:
            raise ParticipationRefused(replace)
        ballot.choices.all().delete()
        ballot.voter = voter
        ballot.save(update_fields=["voter", "updated_at"])
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal=proposal, position=position, points=value)
        for proposal, position, value in choices
    )
    pagecache.bump_on_commit(pagecache.ballots_key(source.pk))
    return ballot
