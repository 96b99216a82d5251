"""Participatory-budget results engine.

This module counts the ballots of a participatory budget and decides which projects
are funded. It is pure computation on NumPy arrays: it never touches the database,
so the same code serves the results page, the ``pb_tally`` command and the tests.

Ballots
    Every ballot lists projects. What a listed project gives it depends on the ballot
    kind:

    * approval and knapsack ballots: one vote per listed project;
    * cumulative ballots: the points the voter put on the project;
    * ranked ballots: points by rank, either an explicit scale such as 3-2-1
      (``points_per_rank``) or, by default and as pabulib does, the length of the
      ballot minus the position (the first of three projects gets 3, the last 1).

    A project's *score* is the sum over all ballots (for approval: its number of votes).

Rules
    ``greedy``
        Projects are taken from the highest score down. A project is funded when its
        cost fits in the money that is left, otherwise it is skipped and the next one
        is considered. Projects whose score is below ``min_score`` are never funded;
        with the default ``min_score`` of 0, a project nobody voted for is funded if
        money is still left at its turn (pass ``min_score=1`` to prevent it).
    ``mes``
        The Method of Equal Shares (equalshares.net). The budget is split equally
        between the voters. A project can only be funded by its own supporters: it
        is bought when its supporters still have enough money between them, each
        paying in proportion to how much they like it (for approval ballots: the same
        amount each) or, when they cannot pay that much, everything they have left.
        In each round the project that is cheapest for its supporters per unit of
        satisfaction is bought. Satisfaction is the project's cost for approval and
        knapsack ballots and the points given for ranked and cumulative ballots.
        Equal shares alone usually leaves money unspent, so it is completed as the
        cities using it did ("Add1"): every voter's share is raised by one currency
        unit and the method is run again, as long as the result still fits in the
        real budget; the last result that fits is kept. Projects nobody supports are
        never funded by this rule.
    ``mes-greedy``
        ``mes`` as above, then the money still left is spent greedily, by score, on
        the projects that were not funded.

Ties
    Whenever two projects are equal for a rule (same score, or same price per unit
    of satisfaction), the cheaper one goes first, then the one with the lower
    ``order`` (the one submitted earlier), then the one listed first.

Money is counted in integers (cents, or whole currency units): every comparison that
decides an outcome is exact. See :class:`_EqualShares` for how the Method of Equal
Shares stays exact while using floating-point arithmetic for speed.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "BallotKind",
    "Ballots",
    "Election",
    "Project",
    "ProjectOutcome",
    "Reason",
    "Rule",
    "TallyError",
    "TallyResult",
    "tally",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Integers up to 2**53 are exact in float64; sums of satisfaction must stay below it,
# and so must every amount and number of points (a budget, a cost, points per rank).
_FLOAT_EXACT_LIMIT = 2**53
_INT64_MAX = np.iinfo(np.int64).max
# "Not yet" for the purchase number at which a voter or ballot entry was charged.
_NEVER = np.iinfo(np.int32).max


class TallyError(ValueError):
    """The data handed to the tally is inconsistent (bad ballot, cost, budget...)."""


class BallotKind(enum.StrEnum):
    """How citizens fill in their ballot."""

    APPROVAL = "approval"
    KNAPSACK = "knapsack"
    RANKED = "ranked"
    CUMULATIVE = "cumulative"


class Rule(enum.StrEnum):
    """How the winners are chosen from the ballots."""

    GREEDY = "greedy"
    MES = "mes"
    MES_GREEDY = "mes-greedy"


class Reason(enum.StrEnum):
    """Why a project was or was not funded (see :class:`ProjectOutcome`)."""

    FUNDED = "funded"
    FUNDED_GREEDY_COMPLETION = "funded_greedy_completion"
    NOT_ENOUGH_MONEY_LEFT = "not_enough_money_left"
    BELOW_THRESHOLD = "below_threshold"
    MES_NOT_AFFORDABLE = "mes_not_affordable_by_supporters"
    NO_SUPPORT = "no_support"


@dataclass(frozen=True, slots=True)
class Project:
    """A project on the ballot.

    ``cost`` is a positive integer in the smallest money unit used for the whole
    election (cents, or whole currency units). ``order`` ranks projects for
    tie-breaking: lower means submitted earlier.
    """

    id: Hashable
    cost: int
    order: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class Ballots:
    """All ballots of a vote in compressed sparse row form.

    The projects listed by voter ``v`` are ``projects[indptr[v]:indptr[v + 1]]``
    (indices into the election's project list; in rank order for ranked ballots),
    with ``points`` giving the matching points for cumulative ballots. Voters who
    left their ballot empty still count: they hold a share in the Method of Equal
    Shares. 200,000 ballots of 10 projects take about 16 MB.
    """

    indptr: IntArray
    projects: IntArray
    points: IntArray | None = None

    def __post_init__(self) -> None:
        for name in ("indptr", "projects", "points"):
            value = getattr(self, name)
            if value is None:
                continue
            array = np.asarray(value)
            if array.size and array.dtype.kind == "O" and all(_is_integer(v) for v in array.flat):
                # Python integers too large for NumPy's
                raise TallyError(f"ballot {name} are too large to be counted")
            if array.size and array.dtype.kind not in "iu":
                raise TallyError(f"ballot {name} must be integers")
            if array.size and array.dtype.kind == "u" and array.max() > _INT64_MAX:
                raise TallyError(f"ballot {name} are too large to be counted")
            object.__setattr__(self, name, array.astype(np.int64, copy=False))

    @classmethod
    def from_lists(
        cls,
        ballots: Iterable[Sequence[int]],
        points: Iterable[Sequence[int]] | None = None,
    ) -> Ballots:
        """Build ballots from one list of project indices per voter.

        ``points`` (cumulative ballots only) gives, per voter, the points of each
        listed project, in the same order.
        """
        ballot_list = [list(ballot) for ballot in ballots]
        lengths = np.fromiter((len(ballot) for ballot in ballot_list), np.int64, len(ballot_list))
        indptr = np.zeros(len(ballot_list) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat = np.fromiter(
            (index for ballot in ballot_list for index in ballot), np.int64, int(indptr[-1])
        )
        flat_points = None
        if points is not None:
            point_list = [list(row) for row in points]
            if len(point_list) != len(ballot_list) or any(
                len(row) != len(ballot) for row, ballot in zip(point_list, ballot_list, strict=True)
            ):
                raise TallyError("points must give one value per listed project")
            flat_points = np.fromiter(
                (value for row in point_list for value in row), np.int64, int(indptr[-1])
            )
        return cls(indptr=indptr, projects=flat, points=flat_points)

    @classmethod
    def from_dense(cls, matrix: npt.ArrayLike) -> Ballots:
        """Build ballots from a matrix with one row per voter and one column per project.

        A non-zero cell means the voter chose the project; for cumulative ballots the
        cell holds the points. Ranked ballots need :meth:`from_lists`, which keeps the
        ranking order.
        """
        dense = np.asarray(matrix)
        if dense.ndim != 2:
            raise TallyError("the ballot matrix must have one row per voter")
        voters, projects = np.nonzero(dense)
        counts = np.bincount(voters, minlength=dense.shape[0])
        indptr = np.zeros(dense.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(
            indptr=indptr,
            projects=projects.astype(np.int64),
            points=dense[voters, projects].astype(np.int64),
        )

    @property
    def n_voters(self) -> int:
        """Number of ballots, empty ones included."""
        return len(self.indptr) - 1

    def voter_of_entry(self) -> IntArray:
        """The voter index of every entry of :attr:`projects`."""
        lengths = np.diff(self.indptr)
        return np.repeat(np.arange(self.n_voters, dtype=np.int64), lengths)


class Election:
    """A participatory-budget vote ready to be counted: projects, budget and ballots.

    Construction checks the data (positive integer costs, valid project indices, no
    project listed twice on a ballot, positive points) and raises
    :class:`TallyError` with a one-line message otherwise. For approval ballots any
    ``points`` are ignored.
    """

    def __init__(
        self,
        *,
        projects: Sequence[Project],
        budget: int,
        kind: BallotKind | str,
        ballots: Ballots,
        points_per_rank: Sequence[int] | None = None,
    ) -> None:
        self.projects: tuple[Project, ...] = tuple(projects)
        self.kind = BallotKind(kind)
        self.budget = _check_amount(budget, "budget", allow_zero=True)
        self.ballots = ballots
        self.points_per_rank = None if points_per_rank is None else tuple(points_per_rank)
        self.costs: IntArray = np.array(
            [_check_amount(p.cost, f"cost of project {p.id!r}") for p in self.projects],
            dtype=np.int64,
        )
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise TallyError("project ids must be unique")
        self._check_ballots()
        self.entry_points: IntArray = self._points_of_entries()
        largest = max(int(self.costs.max(initial=0)), int(self.entry_points.max(initial=0)))
        if (largest + 1) * (self.n_voters + 1) >= _FLOAT_EXACT_LIMIT:
            raise TallyError("amounts are too large to be counted exactly")
        self.scores: IntArray = np.bincount(
            ballots.projects, weights=self.entry_points, minlength=len(self.projects)
        ).astype(np.int64)

    @property
    def n_projects(self) -> int:
        return len(self.projects)

    @property
    def n_voters(self) -> int:
        return self.ballots.n_voters

    def tie_key(self, index: int) -> tuple[int, int, int]:
        """Sort key breaking ties between projects: cost, then order, then position."""
        project = self.projects[index]
        return (project.cost, project.order, index)

    def _check_ballots(self) -> None:
        ballots = self.ballots
        indptr, entries = ballots.indptr, ballots.projects
        if indptr.ndim != 1 or len(indptr) < 1 or indptr[0] != 0:
            raise TallyError("ballot index pointer must start at 0")
        if np.any(np.diff(indptr) < 0) or indptr[-1] != len(entries):
            raise TallyError("ballot index pointer must be non-decreasing and end at the entries")
        if len(entries) and (entries.min() < 0 or entries.max() >= self.n_projects):
            raise TallyError("a ballot lists a project that is not in the election")
        if self.kind is BallotKind.CUMULATIVE:
            if ballots.points is None or len(ballots.points) != len(entries):
                raise TallyError("cumulative ballots need points for every listed project")
            if len(entries) and ballots.points.min() <= 0:
                raise TallyError("cumulative points must be positive integers")
        if self.kind is BallotKind.RANKED and self.points_per_rank is not None:
            if not self.points_per_rank or any(
                isinstance(value, bool) or not isinstance(value, int | np.integer) or value <= 0
                for value in self.points_per_rank
            ):
                raise TallyError("points per rank must be positive integers")
            if max(self.points_per_rank) >= _FLOAT_EXACT_LIMIT:
                raise TallyError("points per rank are too large to be counted exactly")
            if len(entries) and np.diff(indptr).max() > len(self.points_per_rank):
                raise TallyError(f"a ballot ranks more than {len(self.points_per_rank)} projects")
        voters = ballots.voter_of_entry()
        keys = np.sort(voters * max(self.n_projects, 1) + entries, kind="stable")
        if len(keys) > 1 and np.any(keys[1:] == keys[:-1]):
            raise TallyError("a ballot lists the same project twice")

    def _points_of_entries(self) -> IntArray:
        """What each ballot entry adds to its project's score."""
        ballots = self.ballots
        if self.kind is BallotKind.CUMULATIVE and ballots.points is not None:
            return ballots.points.astype(np.int64)
        if self.kind is BallotKind.RANKED:
            lengths = np.diff(ballots.indptr)
            position = np.arange(len(ballots.projects), dtype=np.int64) - np.repeat(
                ballots.indptr[:-1], lengths
            )
            if self.points_per_rank is not None:
                return np.array(self.points_per_rank, dtype=np.int64)[position]
            return np.repeat(lengths, lengths) - position
        return np.ones(len(ballots.projects), dtype=np.int64)

    def satisfaction_of_entries(self) -> IntArray:
        """What each ballot entry is worth to its voter in the Method of Equal Shares.

        Approval and knapsack: the project's cost. Ranked and cumulative: the points.
        """
        if self.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
            return self.costs[self.ballots.projects]
        return self.entry_points


@dataclass(frozen=True, slots=True)
class ProjectOutcome:
    """The result for one project.

    ``reason`` says why it was or was not funded; ``money_left`` is the money that
    was left when a greedy pass reached the project (``None`` otherwise);
    ``position`` is its place among the winners (0 = funded first).
    """

    id: Hashable
    cost: int
    score: int
    selected: bool
    reason: Reason
    money_left: int | None = None
    position: int | None = None


@dataclass(frozen=True, slots=True)
class TallyResult:
    """The outcome of a count.

    ``winners`` are project ids in the order the rule funded them; ``projects`` has
    one :class:`ProjectOutcome` per project, in the election's order.
    ``budget_increase`` is, for ``mes`` and ``mes-greedy``, the amount the Add1
    completion added to every voter's share (0 when it added nothing).
    """

    rule: Rule
    kind: BallotKind
    budget: int
    n_voters: int
    winners: tuple[Hashable, ...]
    projects: tuple[ProjectOutcome, ...]
    spent: int
    budget_increase: int | None = None

    @property
    def money_left(self) -> int:
        return self.budget - self.spent

    def outcome(self, project_id: Hashable) -> ProjectOutcome:
        """The outcome of the project with this id."""
        for outcome in self.projects:
            if outcome.id == project_id:
                return outcome
        raise KeyError(project_id)


def tally(
    election: Election,
    rule: Rule | str,
    *,
    min_score: int = 0,
    add1_step: int = 1,
) -> TallyResult:
    """Count the election with ``rule`` and explain the result project by project.

    ``min_score`` excludes projects whose score is below it from every rule (pabulib's
    ``min_project_score_threshold``). ``add1_step`` is the amount added to every
    voter's share at each step of the Add1 completion of the Method of Equal Shares:
    one currency unit, i.e. 100 when amounts are in cents.
    """
    rule = Rule(rule)
    if add1_step <= 0:
        raise TallyError("the Add1 step must be positive")
    m = election.n_projects
    eligible = election.scores >= min_score
    reasons: list[Reason] = [Reason.BELOW_THRESHOLD] * m
    money_left: list[int | None] = [None] * m
    winners: list[int] = []
    increase: int | None = None
    left = election.budget

    if rule is Rule.GREEDY:
        left = _greedy(election, eligible, set(), left, Reason.FUNDED, winners, reasons, money_left)
    else:
        engine = _EqualShares(election, eligible)
        chosen, increase = engine.run_add1(add1_step)
        winners.extend(chosen)
        for index in range(m):
            if eligible[index]:
                reasons[index] = (
                    Reason.MES_NOT_AFFORDABLE if engine.utility_total[index] else Reason.NO_SUPPORT
                )
        for index in chosen:
            reasons[index] = Reason.FUNDED
        left -= int(election.costs[chosen].sum()) if chosen else 0
        if rule is Rule.MES_GREEDY:
            left = _greedy(
                election,
                eligible,
                set(chosen),
                left,
                Reason.FUNDED_GREEDY_COMPLETION,
                winners,
                reasons,
                money_left,
            )

    positions = {index: place for place, index in enumerate(winners)}
    outcomes = tuple(
        ProjectOutcome(
            id=project.id,
            cost=project.cost,
            score=int(election.scores[index]),
            selected=index in positions,
            reason=reasons[index],
            money_left=money_left[index],
            position=positions.get(index),
        )
        for index, project in enumerate(election.projects)
    )
    return TallyResult(
        rule=rule,
        kind=election.kind,
        budget=election.budget,
        n_voters=election.n_voters,
        winners=tuple(election.projects[index].id for index in winners),
        projects=outcomes,
        spent=election.budget - left,
        budget_increase=increase,
    )


def _is_integer(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _check_amount(value: object, what: str, *, allow_zero: bool = False) -> int:
    """``value`` as a Python int if it is a positive (or zero) integer that can be
    counted exactly, else raise."""
    if not _is_integer(value):
        raise TallyError(f"{what} must be an integer number of money units, not {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise TallyError(f"{what} must be {'zero or ' if allow_zero else ''}positive")
    if value >= _FLOAT_EXACT_LIMIT:
        raise TallyError(f"{what} is too large to be counted exactly")
    return int(value)


def _greedy(
    election: Election,
    eligible: BoolArray,
    funded: set[int],
    left: int,
    reason: Reason,
    winners: list[int],
    reasons: list[Reason],
    money_left: list[int | None],
) -> int:
    """Fund eligible projects not yet funded, highest score first, while money lasts.

    Fills ``winners``, ``reasons`` and ``money_left`` in place; returns the money left.
    """
    candidates = [i for i in range(election.n_projects) if eligible[i] and i not in funded]
    candidates.sort(key=lambda i: (-int(election.scores[i]), *election.tie_key(i)))
    for index in candidates:
        cost = int(election.costs[index])
        money_left[index] = left
        if cost <= left:
            left -= cost
            winners.append(index)
            reasons[index] = reason
        else:
            reasons[index] = Reason.NOT_ENOUGH_MONEY_LEFT
    return left


def _concatenated_ranges(starts: IntArray, stops: IntArray) -> IntArray:
    """``concatenate([arange(a, b) for a, b in zip(starts, stops)])``, vectorised."""
    lengths = stops - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


class _Evaluation(NamedTuple):
    """A project's price per unit of satisfaction for its supporters, in floats.

    ``rho`` is within ``err`` of the exact value. ``poor`` are the supporters (as
    positions in the project's supporter list) who surely cannot pay their full
    share and give all they have, ``unsure`` those too close to the limit to tell in
    floating point; the others surely pay in full. ``exact`` is set when the exact
    price is already known.
    """

    rho: float
    err: float
    poor: IntArray
    unsure: IntArray
    exact: Fraction | None


@dataclass
class _Purchase:
    """A project bought in the current run of :class:`_EqualShares`.

    ``number`` orders the purchases; ``poor`` are the supporters (positions in the
    project's supporter list) who gave all they had; ``rho`` is the price in floats,
    within ``err`` of the exact price ``exact`` (a rational, filled in on first need).
    """

    project: int
    number: int
    rho: float
    err: float
    poor: IntArray
    exact: Fraction | None
    poor_weights: tuple[int, dict[int, int]] | None = None


class _EqualShares:
    """The Method of Equal Shares with Add1 completion, exact and vectorised.

    **Rounds.** A project costing ``C`` whose supporters ``i`` have money ``b_i``
    and satisfaction ``u_i`` is affordable when ``sum(b_i) >= C``. Its price ``rho``
    is the smallest value such that ``sum(min(b_i, rho * u_i)) == C``: supporters
    with ``b_i >= rho * u_i`` pay ``rho * u_i``, the others pay everything they
    have. Each round buys the affordable project with the lowest ``rho`` (ties:
    lower cost, then order). A project's ``rho`` can only grow from round to round
    because budgets only shrink, so a value computed in an earlier round is a lower
    bound, and a round only recomputes projects whose bound could beat the best
    price found so far.

    **Exactness.** Prices and budgets are computed in float64 over all supporters
    at once. Every float comes with an error bound many orders of magnitude larger
    than the actual rounding error. Whenever a decision falls within those bounds
    (two prices that may be equal, a supporter whose budget may equal their share,
    a total that may equal the cost) it is decided with exact rationals. Exact
    budgets are never stored: a voter's budget is ``base - sum(rho_q * u_iq)`` over
    the projects ``q`` they paid in full (or 0 once they gave all they had), so the
    exact total of any group of voters is ``base * count - sum(rho_q * W_q)`` with
    integer weights ``W_q`` summed with NumPy. Exact prices are worked out only when
    a decision needs them: a purchase records its float price, its error bound and
    who gave all they had, and the exact price follows from those and from the
    exact prices of earlier purchases, computed in turn on first need. Most runs
    never need one. If a float result ever disagrees with its exact value beyond
    the error bound, the project is recomputed entirely in exact arithmetic (or, for
    a recorded price, the count stops with an error rather than risk a wrong result).

    **Add1.** Each voter starts with ``budget / n_voters``. The method is run again
    with every share raised by ``step`` (one currency unit), then by ``2 * step``,
    and so on, until the result costs more than the budget; the last result that
    fits is kept. The total cost of the result is not monotonic in the raise, so
    no step may be skipped by bisection; each run is fast instead. If all projects
    together fit in the budget every run fits, and the limit of the sequence is
    taken directly: once every share covers the total cost of everything its
    voter supports, nobody is ever short of money and all supported projects are
    bought, by increasing ``cost / total satisfaction``.
    """

    # Relative size of the error bounds. Float64 rounding is about 1e-16 per
    # operation; the bounds only decide which comparisons are redone exactly.
    _TOLERANCE = 1e-9

    def __init__(self, election: Election, eligible: BoolArray) -> None:
        self.election = election
        self.n_voters = election.n_voters
        m = election.n_projects
        ballots = election.ballots
        self.costs = election.costs
        # Voter-major view (ballot order), for exact budgets.
        self.voter_start = ballots.indptr
        self.entry_project = ballots.projects.astype(np.int64)
        self.entry_sat = election.satisfaction_of_entries().astype(np.int64)
        # Project-major view: for each project, its supporters, their satisfaction
        # and the positions of the matching ballot entries.
        positions = np.flatnonzero(eligible[self.entry_project])
        self.eligible_entries = positions[np.argsort(self.entry_project[positions], kind="stable")]
        bounds = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(
            np.bincount(self.entry_project[self.eligible_entries], minlength=m), out=bounds[1:]
        )
        voter_of = ballots.voter_of_entry()
        self.entries: list[IntArray] = []
        self.supporters: list[IntArray] = []
        self.satisfaction: list[FloatArray] = []
        self.utility_total: list[int] = []
        self.uniform_sat: list[float | None] = []
        for p in range(m):
            window = self.eligible_entries[bounds[p] : bounds[p + 1]]
            self.entries.append(window)
            self.supporters.append(voter_of[window])
            self.satisfaction.append(self.entry_sat[window].astype(np.float64))
            self.utility_total.append(int(self.entry_sat[window].sum()))
            sat = self.satisfaction[-1]
            same = len(sat) > 0 and sat.min() == sat.max()
            self.uniform_sat.append(float(sat[0]) if same else None)
        self.candidates = [p for p in range(m) if eligible[p] and self.utility_total[p] > 0]
        # State of the current run. Purchases are numbered from 0 in the order they
        # are made; a voter's budget before purchase ``t`` is known exactly from the
        # purchases numbered below ``t`` (see ``_exact_total``).
        self.base = Fraction(0)
        self.budget_f = np.zeros(self.n_voters)
        self.zeroed_at = np.full(self.n_voters, _NEVER, dtype=np.int32)
        self.paid_at = np.full(len(self.entry_project), _NEVER, dtype=np.int32)
        self.purchases: dict[int, _Purchase] = {}
        self.money_tolerance = 0.0

    # -- Add1 completion ---------------------------------------------------------

    def run_add1(self, step: int) -> tuple[list[int], int]:
        """Winners of MES with Add1 completion, and how much every share was raised."""
        if self.n_voters == 0 or not self.candidates:
            return [], 0
        budget = self.election.budget
        share = Fraction(budget, self.n_voters)
        if int(self.costs[self.candidates].sum()) <= budget:
            most = self._largest_supported_total()
            steps = max(0, -((share - most) // step))  # ceil((most - share) / step)
            return self.run(share + steps * step), steps * step
        chosen = self.run(share)
        steps = 0
        while True:
            following = self.run(share + (steps + 1) * step)
            if int(self.costs[following].sum()) > budget:
                return chosen, steps * step
            chosen = following
            steps += 1

    def _largest_supported_total(self) -> int:
        """The largest total cost of the candidate projects a single voter supports."""
        entries = self.eligible_entries
        totals = np.zeros(self.n_voters, dtype=np.int64)
        np.add.at(
            totals,
            self.election.ballots.voter_of_entry()[entries],
            self.costs[self.entry_project[entries]],
        )
        return int(totals.max())

    # -- one run -----------------------------------------------------------------

    def run(self, base: Fraction) -> list[int]:
        """Projects bought by one run of MES where every voter starts with ``base``."""
        self.base = base
        self.budget_f.fill(float(base))
        self.zeroed_at.fill(_NEVER)
        self.paid_at.fill(_NEVER)
        self.purchases = {}
        self.money_tolerance = self._TOLERANCE * float(base)
        costs = self.costs
        lower = {p: float(costs[p]) / self.utility_total[p] for p in self.candidates}
        lower_err = dict.fromkeys(self.candidates, 0.0)
        remaining = list(self.candidates)
        bought: list[int] = []
        while remaining:
            remaining.sort(key=lower.__getitem__)
            best: _Evaluation | None = None
            best_project = -1
            evaluated: list[tuple[int, _Evaluation]] = []
            for p in list(remaining):
                if best is not None and lower[p] - lower_err[p] > best.rho + best.err:
                    break
                evaluation = self._evaluate(p)
                if evaluation is None:
                    remaining.remove(p)
                    continue
                lower[p], lower_err[p] = evaluation.rho, evaluation.err
                evaluated.append((p, evaluation))
                if best is None or evaluation.rho < best.rho:
                    best, best_project = evaluation, p
            if best is None:
                break
            close = [(p, ev) for p, ev in evaluated if ev.rho - ev.err <= best.rho + best.err]
            if len(close) == 1 and not len(best.unsure):
                # Nothing to decide exactly: the exact price waits until it is needed.
                winner = best_project
                self._buy(winner, best.rho, best.err, best.poor, best.exact)
            else:
                exact = {p: self._exact_price(p, ev) for p, ev in close}
                winner = min(exact, key=lambda p: (exact[p][0], *self.election.tie_key(p)))
                price, poor = exact[winner]
                self._buy(winner, float(price), 0.0, poor, price)
            remaining.remove(winner)
            bought.append(winner)
        return bought

    def _evaluate(self, p: int) -> _Evaluation | None:
        """Float price of project ``p`` with error bounds, or None if unaffordable."""
        voters = self.supporters[p]
        # Approval and knapsack supporters all get the same satisfaction (the cost):
        # a scalar then stands for the whole array and saves a pass over it.
        uniform = self.uniform_sat[p]
        sat = self.satisfaction[p] if uniform is None else uniform
        money = self.budget_f[voters]
        cost = int(self.costs[p])
        tolerance = self.money_tolerance
        total = float(money.sum())
        slack = tolerance * (len(voters) + 1)
        if total < cost - slack:
            return None
        if total <= cost + slack and self._exact_total(voters) < cost:
            return None
        utility = self.utility_total[p]
        rho = cost / utility
        err = rho * self._TOLERANCE
        if uniform is None:
            lowest = float((money - sat * (rho + 2 * err)).min())
        else:
            lowest = float(money.min()) - uniform * (rho + 2 * err)
        if lowest > 2 * tolerance:
            nobody = np.zeros(0, dtype=np.int64)
            return _Evaluation(rho, err, nobody, nobody, Fraction(cost, utility))
        poor = self._poor_supporters(money, sat, cost, utility)
        poor_sat = float(sat[poor].sum()) if uniform is None else uniform * len(poor)
        weight = utility - poor_sat
        rho = (cost - float(money[poor].sum())) / weight
        err = rho * self._TOLERANCE + tolerance * (len(poor) + 1) / weight
        margin = money - rho * sat
        band = 2 * (err * sat + tolerance)
        return _Evaluation(
            rho,
            err,
            np.flatnonzero(margin < -band),
            np.flatnonzero(np.abs(margin) <= band),
            None,
        )

    @staticmethod
    def _poor_supporters(
        money: FloatArray, sat: FloatArray | float, cost: int, utility: int
    ) -> IntArray:
        """Supporters who cannot pay their share, by float arithmetic.

        Starting from the price if everybody paid in full, supporters who cannot pay
        their share are set aside to give all they have, the price is recomputed for
        the others, and so on. The price only rises and never passes the true price,
        so this stops at the true set, usually after a few vectorised passes. When it
        does not settle quickly, the supporters are sorted by budget per unit of
        satisfaction and the first one who can pay the price of those after them
        marks the limit. ``sat`` is a scalar when every supporter has the same.
        """
        uniform = not isinstance(sat, np.ndarray)
        poor = money < (cost / utility) * sat
        count = int(np.count_nonzero(poor))
        for _ in range(16):
            poor_sat = sat * count if uniform else float((sat * poor).sum())
            weight = utility - poor_sat
            if weight <= 0:
                break
            # Multiplying by the mask is several times faster than a masked sum.
            rho = (cost - float((money * poor).sum())) / weight
            poor = money < rho * sat
            previous, count = count, int(np.count_nonzero(poor))
            if count == previous:
                return np.flatnonzero(poor)
        sat = np.full(len(money), sat) if uniform else sat
        ratio = money / sat
        order = np.argsort(ratio, kind="stable")
        paid_before = np.concatenate(([0.0], np.cumsum(money[order])[:-1]))
        sat_before = np.concatenate(([0.0], np.cumsum(sat[order])[:-1]))
        fits = np.flatnonzero((cost - paid_before) / (utility - sat_before) <= ratio[order])
        return order[: int(fits[0]) if len(fits) else len(order) - 1]

    # -- exact arithmetic ----------------------------------------------------------

    def _paid_weights(self, voters: IntArray, before: int) -> tuple[IntArray, IntArray]:
        """Entries ``voters`` paid in full before purchase ``before``: their row in
        ``voters`` and their position."""
        lengths = self.voter_start[voters + 1] - self.voter_start[voters]
        rows = np.repeat(np.arange(len(voters)), lengths)
        entries = _concatenated_ranges(self.voter_start[voters], self.voter_start[voters + 1])
        keep = self.paid_at[entries] < before
        return rows[keep], entries[keep]

    def _group_weights(self, voters: IntArray, before: int) -> tuple[int, dict[int, int]]:
        """For distinct ``voters`` just before purchase ``before``: how many still
        have money, and for each project they paid in full the total satisfaction
        they paid it for (their exact total is ``base * count - sum(rho * weight)``)."""
        voters = voters[self.zeroed_at[voters] >= before]
        _, entries = self._paid_weights(voters, before)
        weights: dict[int, int] = {}
        if len(entries):
            sums = np.bincount(
                self.entry_project[entries],
                weights=self.entry_sat[entries].astype(np.float64),
                minlength=len(self.costs),
            )
            weights = {q: int(sums[q]) for q in np.flatnonzero(sums).tolist()}
        return len(voters), weights

    def _exact_rho(self, projects: Iterable[int]) -> dict[int, Fraction]:
        """Exact prices of bought ``projects``, computed on first need.

        The price of a purchase depends on the budgets of the supporters who gave all
        they had, which depend on the prices of earlier purchases: those are worked
        out first, with an explicit stack (purchases can be hundreds deep)."""
        stack = [q for q in projects if self.purchases[q].exact is None]
        while stack:
            purchase = self.purchases[stack[-1]]
            if purchase.exact is not None:
                stack.pop()
                continue
            if purchase.poor_weights is None:
                poor_voters = self.supporters[purchase.project][purchase.poor]
                purchase.poor_weights = self._group_weights(poor_voters, purchase.number)
            count, weights = purchase.poor_weights
            missing = [q for q in weights if self.purchases[q].exact is None]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            p = purchase.project
            paid = self.base * count - sum(
                (self.purchases[q].exact * w for q, w in weights.items()), Fraction(0)
            )
            weight = self.utility_total[p] - int(self.satisfaction[p][purchase.poor].sum())
            price = (int(self.costs[p]) - paid) / weight
            if abs(float(price) - purchase.rho) > purchase.err:
                raise AssertionError("a float price was outside its error bound")
            purchase.exact = price
        return {q: self.purchases[q].exact for q in projects}

    def _exact_total(self, voters: IntArray) -> Fraction:
        """Exact total budget of distinct ``voters`` now."""
        count, weights = self._group_weights(voters, len(self.purchases))
        prices = self._exact_rho(weights)
        return self.base * count - sum((prices[q] * w for q, w in weights.items()), Fraction(0))

    def _exact_budgets(self, voters: IntArray) -> list[Fraction]:
        """Exact budget of each of ``voters`` now; voters with equal histories share work."""
        now = len(self.purchases)
        bought = list(self.purchases)
        column = {q: j for j, q in enumerate(bought)}
        history = np.zeros((len(voters), len(bought) + 1), dtype=np.int64)
        history[:, -1] = self.zeroed_at[voters] < now
        rows, entries = self._paid_weights(voters, now)
        if len(entries):
            columns = np.array([column[q] for q in self.entry_project[entries].tolist()])
            history[rows, columns] = self.entry_sat[entries]
        unique, inverse = np.unique(history, axis=0, return_inverse=True)
        used = [q for j, q in enumerate(bought) if unique[:, j].any()]
        prices = self._exact_rho(used)
        values = []
        for row in unique.tolist():
            value = Fraction(0)
            if not row[-1]:
                value = self.base - sum(
                    (prices[q] * row[column[q]] for q in used if row[column[q]]), Fraction(0)
                )
            values.append(value)
        return [values[k] for k in inverse.reshape(-1).tolist()]

    def _exact_price(self, p: int, ev: _Evaluation) -> tuple[Fraction, IntArray]:
        """Exact price of ``p`` and the supporters (local positions) who give all."""
        if ev.exact is not None:
            return ev.exact, ev.poor
        result = self._solve_price(p, ev.poor, ev.unsure)
        if result is not None and abs(float(result[0]) - ev.rho) <= ev.err:
            return result
        # The float estimate was off: classify every supporter exactly.
        everyone = np.arange(len(self.supporters[p]))
        result = self._solve_price(p, everyone[:0], everyone)
        if result is None:
            raise AssertionError("an affordable project always has a price")
        return result

    def _solve_price(
        self, p: int, poor: IntArray, unsure: IntArray
    ) -> tuple[Fraction, IntArray] | None:
        """Exact price of ``p``, given supporters (local positions) who surely give
        all they have (``poor``) and those who may or may not (``unsure``); all
        others surely pay their full share. Returns the price and all who give all."""
        voters, sat = self.supporters[p], self.satisfaction[p]
        paid = self._exact_total(voters[poor])
        weight = self.utility_total[p] - int(sat[poor].sum())
        cost = int(self.costs[p])
        groups: dict[Fraction, list[int]] = {}
        unsure_sat = sat[unsure].astype(np.int64).tolist()
        budgets = self._exact_budgets(voters[unsure]) if len(unsure) else []
        for local, money, value in zip(unsure.tolist(), budgets, unsure_sat, strict=True):
            groups.setdefault(money / value, []).append(local)
        newly_poor: list[int] = []
        for ratio in sorted(groups):
            if weight <= 0 or (cost - paid) / weight <= ratio:
                break
            members = groups[ratio]
            newly_poor.extend(members)
            group_sat = int(sat[members].sum())
            paid += ratio * group_sat
            weight -= group_sat
        if weight <= 0:
            return None
        return (cost - paid) / weight, np.concatenate((poor, np.array(newly_poor, dtype=np.int64)))

    def _buy(self, p: int, rho: float, err: float, poor: IntArray, exact: Fraction | None) -> None:
        """Charge the supporters of ``p``: ``rho * u`` each, or all they have.

        ``rho`` is within ``err`` of the exact price, which is ``exact`` when known
        and is otherwise worked out from the purchase record when first needed."""
        number = len(self.purchases)
        voters, sat, entries = self.supporters[p], self.satisfaction[p], self.entries[p]
        if len(poor):
            full = np.ones(len(voters), dtype=bool)
            full[poor] = False
            voters, sat, entries = voters[full], sat[full], entries[full]
            given_all = self.supporters[p][poor]
            self.budget_f[given_all] = 0.0
            # Some may have had nothing left already: keep when they first gave all.
            self.zeroed_at[given_all] = np.minimum(self.zeroed_at[given_all], number)
        if self.uniform_sat[p] is not None:
            sat = self.uniform_sat[p]
        left = self.budget_f[voters] - rho * sat
        np.maximum(left, 0.0, out=left)
        self.budget_f[voters] = left
        self.paid_at[entries] = number
        self.purchases[p] = _Purchase(p, number, rho, err, poor, exact)
