"""The same counts computed by pabutools, the reference implementation.

Used by the tests and the benchmarks to check :mod:`budget.tally` against an
independent implementation; never at run time. Needs the ``test`` extra (pabutools).

The translation keeps the rules identical:

* approval and knapsack: satisfaction is the cost of approved projects (pabutools'
  ``Cost_Sat``), so greedy's "satisfaction per unit of cost" is the vote count;
* ranked and cumulative: ballots become cumulative ballots carrying the points,
  satisfaction is the points for MES and points times cost for greedy;
* ties: pabutools is given our tie-breaking key (cost, order, position);
* Add1: ``exhaustion_by_budget_increase`` with a total-budget step of
  ``n_voters * add1_step`` that stops only when the outcome no longer fits;
* ``min_score``: projects below it are left out of the pabutools instance.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from pabutools.election import (
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as PabuProject
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule

from budget.tally import BallotKind, Election, Rule


class _PointsSat(AdditiveSatisfaction):
    """Satisfaction equal to the points the voter gave the project."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, lambda _i, _pr, b, p, _pre: b.get(p, 0))


class _PointsCostSat(AdditiveSatisfaction):
    """Points times cost: greedy then ranks projects by total points."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(
            instance, profile, ballot, lambda _i, _pr, b, p, _pre: b.get(p, 0) * p.cost
        )


def ballot_points(election: Election) -> list[dict[int, int]]:
    """Points per project index for every ballot, computed plainly from the lists."""
    ballots = election.ballots
    result = []
    for voter in range(ballots.n_voters):
        start, stop = int(ballots.indptr[voter]), int(ballots.indptr[voter + 1])
        listed = [int(p) for p in ballots.projects[start:stop]]
        if election.kind is BallotKind.CUMULATIVE and ballots.points is not None:
            values = [int(x) for x in ballots.points[start:stop]]
        elif election.kind is BallotKind.RANKED:
            scale = election.points_per_rank
            values = [
                scale[rank] if scale is not None else len(listed) - rank
                for rank in range(len(listed))
            ]
        else:
            values = [1] * len(listed)
        result.append(dict(zip(listed, values, strict=True)))
    return result


def pabutools_winners(
    election: Election, rule: Rule | str, *, min_score: int = 0, add1_step: int = 1
) -> list[Hashable]:
    """Winner ids, in selection order, as computed by pabutools."""
    rule = Rule(rule)
    points = ballot_points(election)
    scores = [0] * election.n_projects
    for ballot in points:
        for index, value in ballot.items():
            scores[index] += value
    instance = Instance(budget_limit=election.budget)
    by_index: dict[int, PabuProject] = {}
    index_of: dict[str, int] = {}
    for index, project in enumerate(election.projects):
        if scores[index] >= min_score:
            pabu = PabuProject(f"p{index}", project.cost)
            instance.add(pabu)
            by_index[index] = pabu
            index_of[pabu.name] = index
    tie_breaking = TieBreakingRule(
        lambda _inst, _prof, project: election.tie_key(index_of[project.name])
    )
    if election.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
        profile: Any = ApprovalProfile(
            [ApprovalBallot(by_index[i] for i in ballot if i in by_index) for ballot in points]
        )
        mes_sat: Any = Cost_Sat
        greedy_sat: Any = Cost_Sat
    else:
        profile = CumulativeProfile(
            [
                CumulativeBallot({by_index[i]: v for i, v in ballot.items() if i in by_index})
                for ballot in points
            ]
        )
        mes_sat, greedy_sat = _PointsSat, _PointsCostSat
    greedy_params = {"sat_class": greedy_sat, "tie_breaking": tie_breaking}
    mes_params = {
        "rule": method_of_equal_shares,
        "rule_params": {"sat_class": mes_sat, "tie_breaking": tie_breaking},
        "budget_step": profile.num_ballots() * add1_step,
        "exhaustive_stop": False,
    }
    if rule is Rule.GREEDY or (rule is Rule.MES_GREEDY and not election.n_voters):
        outcome = greedy_utilitarian_welfare(instance, profile, **greedy_params)
    elif not election.n_voters:
        # pabutools' Add1 loop would never end with a zero step: nobody, nothing funded.
        outcome = []
    elif rule is Rule.MES:
        outcome = exhaustion_by_budget_increase(instance, profile, **mes_params)
    else:
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [mes_params, greedy_params],
        )
    return [election.projects[index_of[project.name]].id for project in outcome]
