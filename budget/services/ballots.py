"""Writes of participatory budgets: casting ballots (one transaction each)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.services import ParticipationRefused
from home import pagecache

from .. import rules
from ..models import Ballot, BallotChannel, BallotChoice, BallotMethod, BudgetPage, voter_hash
from ..money import format_money
from ..queries import ballot_projects


class BallotRejected(ValidationError):
    """The ballot breaks a rule of the page; the message says which, for the voter."""


def validate_ballot(page, projects: list[int], points: dict[int, int] | None = None):
    """Check a ballot against the page's method; return [(proposal, position, points)]."""
    available = {proposal.pk: proposal for proposal in ballot_projects(page, lean=True)}
    if len(set(projects)) != len(projects):
        raise BallotRejected(_("A project is chosen twice."))
    if any(project_id not in available for project_id in projects):
        raise BallotRejected(_("One of the chosen projects is not on this ballot."))
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
            raise BallotRejected(
                _("Give each chosen project a whole number of points, at least 1.")
            )
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


def cast_ballot(
    *, page, voter, projects: list[int], points: dict[int, int] | None = None
) -> Ballot:
    """Store a citizen's ballot, replacing their previous one while the vote is open.

    One ballot per person and page is enforced by a unique constraint on a keyed
    hash of the voter's e-mail address, which a paper ballot entered with the same
    address also carries; a concurrent second submission becomes a replacement.

    The ballot is checked (rules, projects, method) before the write transaction, so
    that the database's write lock (SQLite has one for the whole file) is held only
    for the writes: on vote day, ballots queue on it. Inside, the one thing that can
    change meanwhile and matters is checked again: whether the results were frozen.
    """
    source = page.source_page
    decision = rules.can_vote(source, voter)
    if not decision:
        raise ParticipationRefused(decision)
    choices = validate_ballot(source, projects, points)
    identity = voter_hash(voter.email)
    with transaction.atomic():
        if BudgetPage.objects.filter(pk=source.pk, results_frozen_at__isnull=False).exists():
            raise ParticipationRefused(
                rules.Decision(False, _("The vote is closed and its results are final."))
            )
        ballot = Ballot.objects.select_for_update().filter(page=source, voter_hash=identity).first()
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
            raise BallotRejected(_("A paper ballot has already been recorded for you."))
        if replacing:
            ballot.choices.all().delete()
            ballot.voter = voter
            ballot.save(update_fields=["voter", "updated_at"])
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, proposal=proposal, position=position, points=value)
            for proposal, position, value in choices
        )
        pagecache.bump_on_commit(pagecache.ballots_key(source.pk))
    return ballot
