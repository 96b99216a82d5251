"""Results of a participatory budget: from the database to the tally engine and back.

Reading only; the one write (freezing the results) is `budget.services.results`.

Counting
    :func:`build_election` turns a budget page's ballots into a
    :class:`budget.tally.Election` in a constant number of queries: the projects on
    the ballot (``ballot_projects``) and one query over the ballots and their
    choices. Money is counted in integer cents, and the Add1 completion of the
    Method of Equal Shares raises shares by one currency unit (100 cents).
    Ties are broken by cost, then by proposal number (numbers are given in order of
    submission), exactly as a pabulib reader does with ``ballots.pb``, so that anyone
    recounting the file gets the same winners.

    Ballots are read in the order of their keyed voter hash: neither the order of
    the file nor the voter numbers in it say who voted when. A choice of a project
    that is no longer on the ballot (withdrawn or hidden after the vote) is left
    out; the rest of the ballot still counts (a ranking moves up).

    Once the results are frozen (``results_frozen_at``), what was counted then is
    published as stored in ``frozen_results`` and never recounted; ``ballots.pb``
    then holds the frozen projects and the ballots cast before the freeze.

``results.json``
    One object; amounts are decimal strings with two decimals (``"12000.00"``), in
    ``currency``; ids are proposal numbers::

        {
          "budget": "48000.00",
          "currency": "EUR",
          "method": "approval",          # approval | knapsack | ranked | cumulative
          "rule": "greedy",              # greedy | mes | mes-greedy
          "ballots": {"online": 3, "paper": 1, "total": 4},
          "projects": [                  # by score, highest first (ties as the rule breaks them)
            {"id": 12, "title": "…", "cost": "12000.00", "score": 3, "selected": true}
          ],
          "winners": [12, 7]             # in the order the rule funded them
        }
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils import timezone

from consultations.models import PhaseKind
from core.spreadsheets import spreadsheet_safe

from .models import Ballot, BallotChannel, BallotMethod, ResultRule
from .pabulib import PabulibFile, PabulibProject, PabulibVote, dump_pabulib
from .queries import ballot_projects
from .tally import BallotKind, Ballots, Election, Project, Reason, tally

__all__ = [
    "CENTS",
    "BallotCounts",
    "BudgetResults",
    "ProjectResult",
    "ResultsVisibility",
    "ballots_as_pabulib",
    "build_election",
    "compute_results",
    "count_results",
    "results_as_dict",
    "results_as_json",
    "results_from_dict",
    "results_visibility",
]

CENTS = 100  # the engine counts money in cents; Add1 raises shares by one currency unit
STORAGE_VERSION = 1

# pabulib's names for our ballots and rules (``PabulibFile.default_rule`` reads
# anything starting with "equalshares" as the Method of Equal Shares).
PABULIB_VOTE_TYPES = {
    BallotMethod.APPROVAL: "approval",
    BallotMethod.KNAPSACK: "approval",  # with max_sum_cost: the basket must fit the budget
    BallotMethod.RANKED: "ordinal",
    BallotMethod.CUMULATIVE: "cumulative",
}
PABULIB_RULES = {
    ResultRule.GREEDY: "greedy",
    ResultRule.MES: "equalshares/add1",
    ResultRule.MES_GREEDY: "equalshares/add1-greedy",
}


# The results ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BallotCounts:
    online: int = 0
    paper: int = 0

    @property
    def total(self) -> int:
        return self.online + self.paper


@dataclass(frozen=True, slots=True)
class ProjectResult:
    """One project's result. ``reason`` is a :class:`budget.tally.Reason` value;
    ``money_left_at_turn`` the money left when a greedy pass reached it (else None);
    ``position`` its place among the winners (0: funded first)."""

    id: int
    title: str
    cost: Decimal
    score: int
    selected: bool
    reason: str
    money_left_at_turn: Decimal | None = None
    position: int | None = None


@dataclass(frozen=True, slots=True)
class BudgetResults:
    budget: Decimal
    currency: str
    method: str  # a BallotMethod value
    rule: str  # a ResultRule value
    min_score: int
    points_per_rank: tuple[int, ...] | None
    ballots: BallotCounts
    projects: tuple[ProjectResult, ...]  # by score, highest first
    winners: tuple[int, ...]  # in the order they were funded
    spent: Decimal
    frozen_at: datetime | None = None

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent

    @property
    def top_score(self) -> int:
        return max((project.score for project in self.projects), default=0)

    def winning_projects(self) -> list[ProjectResult]:
        """The funded projects, in the order they were funded."""
        by_id = {project.id: project for project in self.projects}
        return [by_id[project_id] for project_id in self.winners]


# Reading the ballots -------------------------------------------------------------


def _cents(amount: Decimal) -> int:
    return int(amount * CENTS)


def _amount(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(int(cents)).scaleb(-2)


def _read_ballots(
    source, index_of: Mapping[int, int], *, until: datetime | None = None
) -> tuple[Ballots, BallotCounts]:
    """The page's ballots in one query, ordered by voter hash, as engine ballots.

    ``index_of`` maps the proposal id of each project counted to its index in the
    election; choices of other proposals are left out. Empty ballots still count.
    """
    ballots = Ballot.objects.filter(page_id=source.pk)
    if until is not None:
        ballots = ballots.filter(created_at__lte=until)
    rows = ballots.order_by("voter_hash", "choices__position", "choices__pk").values_list(
        "pk", "channel", "choices__proposal_id", "choices__points"
    )
    indptr: list[int] = [0]
    entries: list[int] = []
    points: list[int] = []
    online = paper = 0
    current = None
    for ballot_id, channel, proposal_id, value in rows.iterator(chunk_size=5000):
        if ballot_id != current:
            if current is not None:
                indptr.append(len(entries))
            current = ballot_id
            if channel == BallotChannel.PAPER:
                paper += 1
            else:
                online += 1
        index = index_of.get(proposal_id)
        if index is not None:
            entries.append(index)
            points.append(value)
    if current is not None:
        indptr.append(len(entries))
    engine_ballots = Ballots(
        indptr=np.array(indptr, dtype=np.int64),
        projects=np.array(entries, dtype=np.int64),
        points=np.array(points, dtype=np.int64),
    )
    return engine_ballots, BallotCounts(online=online, paper=paper)


def _election(
    source,
    projects: Sequence[tuple[int, Decimal]],
    *,
    budget: Decimal,
    method: str,
    points_per_rank: Sequence[int] | None,
    until: datetime | None = None,
) -> tuple[Election, BallotCounts]:
    """The election of ``projects`` ((proposal id, cost) pairs) and the ballot counts."""
    index_of = {proposal_id: index for index, (proposal_id, _cost) in enumerate(projects)}
    ballots, counts = _read_ballots(source, index_of, until=until)
    kind = BallotKind(method)
    election = Election(
        projects=[
            # Ties: cheaper first, then the lower proposal number (submitted earlier),
            # as pabulib readers order numeric project ids.
            Project(id=proposal_id, cost=_cents(cost), order=proposal_id)
            for proposal_id, cost in projects
        ],
        budget=_cents(budget),
        kind=kind,
        ballots=ballots,
        points_per_rank=points_per_rank if kind is BallotKind.RANKED else None,
    )
    return election, counts


def _counted_projects(page) -> list:
    """The proposals on the ballot that can be counted (a positive cost)."""
    return [proposal for proposal in ballot_projects(page) if proposal.cost > 0]


def _points_per_rank(source) -> tuple[int, ...] | None:
    if source.ballot_method != BallotMethod.RANKED:
        return None
    return tuple(source.ranking_points)


def build_election(page) -> tuple[Election, list]:
    """The page's vote ready to be counted, and the proposals on its ballot (with
    their ``.cost``) in the election's order. A constant number of queries."""
    source = page.source_page
    projects = _counted_projects(source)
    election, _counts = _election(
        source,
        [(proposal.pk, proposal.cost) for proposal in projects],
        budget=source.envelope,
        method=source.ballot_method,
        points_per_rank=_points_per_rank(source),
    )
    return election, projects


# Counting --------------------------------------------------------------------------


def count_results(page) -> BudgetResults:
    """Count the ballots now, whether or not the results are frozen."""
    source = page.source_page
    projects = _counted_projects(source)
    points_per_rank = _points_per_rank(source)
    election, counts = _election(
        source,
        [(proposal.pk, proposal.cost) for proposal in projects],
        budget=source.envelope,
        method=source.ballot_method,
        points_per_rank=points_per_rank,
    )
    return _results_of(
        election,
        titles={proposal.pk: proposal.title for proposal in projects},
        counts=counts,
        currency=source.currency,
        method=source.ballot_method,
        rule=source.result_rule,
        min_score=source.min_score,
        points_per_rank=points_per_rank,
    )


def _results_of(
    election: Election,
    *,
    titles: Mapping[int, str],
    counts: BallotCounts,
    currency: str,
    method: str,
    rule: str,
    min_score: int,
    points_per_rank: Sequence[int] | None,
) -> BudgetResults:
    result = tally(election, rule, min_score=min_score, add1_step=CENTS)
    outcomes = sorted(result.projects, key=lambda o: (-o.score, o.cost, o.id))
    return BudgetResults(
        budget=_amount(result.budget),
        currency=currency,
        method=str(method),
        rule=str(rule),
        min_score=min_score,
        points_per_rank=tuple(points_per_rank) if points_per_rank else None,
        ballots=counts,
        projects=tuple(
            ProjectResult(
                id=outcome.id,
                title=titles[outcome.id],
                cost=_amount(outcome.cost),
                score=outcome.score,
                selected=outcome.selected,
                reason=str(outcome.reason),
                money_left_at_turn=_amount(outcome.money_left),
                position=outcome.position,
            )
            for outcome in outcomes
        ),
        winners=tuple(result.winners),
        spent=_amount(result.spent),
    )


def compute_results(page) -> BudgetResults:
    """The page's results: as frozen if they are, else counted now."""
    source = page.source_page
    if source.results_frozen_at and source.frozen_results:
        return results_from_dict(source.frozen_results, frozen_at=source.results_frozen_at)
    return count_results(source)


# Visibility ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultsVisibility:
    """Whether the results are public and in which state.

    ``live``: counted while the vote is open (the page shows live results);
    ``final``: frozen; ``publication_date``: when they will be public, if known.
    """

    public: bool
    live: bool = False
    final: bool = False
    publication_date: date | None = None


def results_visibility(page, today: date | None = None) -> ResultsVisibility:
    """Results are public once frozen or once a results (or implementation) phase has
    started; with "show results while the vote is open", from the opening of the vote."""
    today = today or timezone.localdate()
    source = page.source_page
    vote = source.phase_of_kind(PhaseKind.VOTE)
    if source.results_frozen_at:
        return ResultsVisibility(public=True, final=True)
    if source.in_results_phase(today):
        return ResultsVisibility(public=True)
    if source.show_live_results and vote is not None and vote.start <= today:
        return ResultsVisibility(public=True, live=today <= vote.end)
    starts = [
        phase.start
        for phase in source.ordered_phases
        if phase.kind in (PhaseKind.RESULTS, PhaseKind.IMPLEMENTATION)
    ]
    if source.show_live_results and vote is not None:
        starts.append(vote.start)
    return ResultsVisibility(public=False, publication_date=min(starts, default=None))


# Stored and published forms ---------------------------------------------------------


def _money_text(amount: Decimal) -> str:
    return f"{amount:.2f}"


def results_as_json(results: BudgetResults) -> dict[str, Any]:
    """The public ``results.json`` (schema in this module's docstring)."""
    return {
        "budget": _money_text(results.budget),
        "currency": results.currency,
        "method": results.method,
        "rule": results.rule,
        "ballots": {
            "online": results.ballots.online,
            "paper": results.ballots.paper,
            "total": results.ballots.total,
        },
        "projects": [
            {
                "id": project.id,
                "title": project.title,
                "cost": _money_text(project.cost),
                "score": project.score,
                "selected": project.selected,
            }
            for project in results.projects
        ],
        "winners": list(results.winners),
    }


def results_as_dict(results: BudgetResults) -> dict[str, Any]:
    """Everything needed to show the results again without counting: the public JSON
    plus the explanations (what ``frozen_results`` stores)."""
    data = results_as_json(results)
    data["version"] = STORAGE_VERSION
    data["min_score"] = results.min_score
    data["points_per_rank"] = list(results.points_per_rank) if results.points_per_rank else None
    data["spent"] = _money_text(results.spent)
    for stored, project in zip(data["projects"], results.projects, strict=True):
        stored["reason"] = project.reason
        stored["money_left_at_turn"] = (
            None if project.money_left_at_turn is None else _money_text(project.money_left_at_turn)
        )
        stored["position"] = project.position
    return data


def results_from_dict(data: Mapping[str, Any], *, frozen_at: datetime | None = None):
    """The inverse of :func:`results_as_dict`."""
    ballots = data["ballots"]
    return BudgetResults(
        budget=Decimal(data["budget"]),
        currency=data["currency"],
        method=data["method"],
        rule=data["rule"],
        min_score=int(data["min_score"]),
        points_per_rank=tuple(data["points_per_rank"]) if data.get("points_per_rank") else None,
        ballots=BallotCounts(online=int(ballots["online"]), paper=int(ballots["paper"])),
        projects=tuple(
            ProjectResult(
                id=int(project["id"]),
                title=project["title"],
                cost=Decimal(project["cost"]),
                score=int(project["score"]),
                selected=bool(project["selected"]),
                reason=Reason(project["reason"]).value,
                money_left_at_turn=(
                    None
                    if project.get("money_left_at_turn") is None
                    else Decimal(project["money_left_at_turn"])
                ),
                position=project.get("position"),
            )
            for project in data["projects"]
        ),
        winners=tuple(int(project_id) for project_id in data["winners"]),
        spent=Decimal(data["spent"]),
        frozen_at=frozen_at,
    )


# ballots.pb --------------------------------------------------------------------------


def _pabulib_amount(amount: Decimal) -> Decimal:
    """Whole amounts without decimals (as in most pabulib files), others with two."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def ballots_as_pabulib(page) -> str:
    """The page's anonymous ballots as a pabulib file, with the results' projects.

    Voters are numbered 1, 2… in the order of their keyed hash (not the order they
    voted); no personal data is written. Counting the file with ``pb_tally`` (or
    pabutools) gives the winners of ``results.json``. Its text cells (titles) never
    start like a formula (`core.spreadsheets`): the file is CSV that a spreadsheet opens.
    """
    source = page.source_page
    frozen = source.results_frozen_at if source.frozen_results else None
    if frozen:
        results = results_from_dict(source.frozen_results, frozen_at=frozen)
        listed = sorted(results.projects, key=lambda project: project.id)
        election, counts = _election(
            source,
            [(project.id, project.cost) for project in listed],
            budget=results.budget,
            method=results.method,
            points_per_rank=results.points_per_rank,
            until=frozen,
        )
        selected = {project.id for project in results.projects if project.selected}
        titles = {project.id: project.title for project in listed}
    else:
        # One read for both the votes and the flags, so the file is consistent.
        projects = sorted(_counted_projects(source), key=lambda proposal: proposal.pk)
        points_per_rank = _points_per_rank(source)
        election, counts = _election(
            source,
            [(proposal.pk, proposal.cost) for proposal in projects],
            budget=source.envelope,
            method=source.ballot_method,
            points_per_rank=points_per_rank,
        )
        titles = {proposal.pk: proposal.title for proposal in projects}
        results = _results_of(
            election,
            titles=titles,
            counts=counts,
            currency=source.currency,
            method=source.ballot_method,
            rule=source.result_rule,
            min_score=source.min_score,
            points_per_rank=points_per_rank,
        )
        selected = set(results.winners)

    ids = [str(project.id) for project in election.projects]
    votes = list(_pabulib_votes(election, ids, results.method))
    costs = {str(project.id): _amount(project.cost) for project in election.projects}
    meta = _pabulib_meta(source, results, votes, costs)
    data = PabulibFile.create(
        meta=meta,
        projects=[
            PabulibProject(
                id=str(project.id),
                cost=_pabulib_amount(_amount(project.cost)),
                fields={
                    "name": spreadsheet_safe(titles[project.id]),
                    "selected": str(int(project.id in selected)),
                },
            )
            for project in election.projects
        ],
        votes=votes,
    )
    return dump_pabulib(data)


def _pabulib_votes(election: Election, ids: Sequence[str], method: str) -> Iterable[PabulibVote]:
    ballots = election.ballots
    indptr = ballots.indptr.tolist()
    entries = ballots.projects.tolist()
    points = ballots.points.tolist() if ballots.points is not None else None
    cumulative = method == BallotMethod.CUMULATIVE
    for voter in range(election.n_voters):
        start, stop = indptr[voter], indptr[voter + 1]
        yield PabulibVote(
            voter_id=str(voter + 1),
            projects=tuple(ids[index] for index in entries[start:stop]),
            points=tuple(points[start:stop]) if cumulative and points is not None else None,
        )


def _pabulib_meta(
    source, results: BudgetResults, votes: Sequence[PabulibVote], costs: Mapping[str, Decimal]
) -> dict[str, object]:
    method = results.method
    meta: dict[str, object] = {
        "description": spreadsheet_safe(source.title),
        "num_projects": 0,  # filled in by PabulibFile.create
        "num_votes": 0,
        "budget": _pabulib_amount(results.budget),
        "currency": results.currency,
        "vote_type": PABULIB_VOTE_TYPES[method],
        "rule": PABULIB_RULES[results.rule],
    }
    limits: dict[str, object] = {}
    if method in (BallotMethod.APPROVAL, BallotMethod.KNAPSACK):
        limits["min_length"] = source.min_choices
        if source.max_choices:
            limits["max_length"] = source.max_choices
    if method == BallotMethod.KNAPSACK:
        limits["max_sum_cost"] = _pabulib_amount(results.budget)
    if method == BallotMethod.RANKED and results.points_per_rank:
        meta["points_per_rank"] = ",".join(str(value) for value in results.points_per_rank)
        limits["max_length"] = len(results.points_per_rank)
    if method == BallotMethod.CUMULATIVE:
        if source.max_points_per_project:
            limits["max_points"] = source.max_points_per_project
        if source.total_points:
            limits["max_sum_points"] = source.total_points
    # The page's ballot rules, stated only when every ballot of the file keeps them
    # (a project withdrawn or a rule changed after the vote can break one).
    meta.update(
        (key, value) for key, value in limits.items() if _limit_holds(key, value, votes, costs)
    )
    meta["min_project_score_threshold"] = results.min_score
    return meta


def _limit_holds(
    key: str, value: object, votes: Sequence[PabulibVote], costs: Mapping[str, Decimal]
) -> bool:
    if key == "min_length":
        return all(len(vote.projects) >= value for vote in votes)
    if key == "max_length":
        return all(len(vote.projects) <= value for vote in votes)
    if key == "max_sum_cost":
        return all(sum(costs[pid] for pid in vote.projects) <= value for vote in votes)
    if key == "max_points":
        return all(max(vote.points or (0,)) <= value for vote in votes)
    if key == "max_sum_points":
        return all(sum(vote.points or ()) <= value for vote in votes)
    return False
