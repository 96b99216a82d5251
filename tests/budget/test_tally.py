"""Hand-built cases for the results engine: rules, ties, exact money, explanations."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from budget.tally import (
    BallotKind,
    Ballots,
    Election,
    Project,
    Reason,
    Rule,
    TallyError,
    tally,
)


def make(
    costs: Sequence[int],
    ballots: Sequence[Sequence[int]],
    budget: int,
    *,
    kind: str = "approval",
    points: Sequence[Sequence[int]] | None = None,
    orders: Sequence[int] | None = None,
    points_per_rank: Sequence[int] | None = None,
) -> Election:
    """Projects named A, B, C... with the given costs (and tie-break orders)."""
    orders = orders if orders is not None else range(len(costs))
    projects = [
        Project(id=chr(ord("A") + i), cost=cost, order=order)
        for i, (cost, order) in enumerate(zip(costs, orders, strict=True))
    ]
    return Election(
        projects=projects,
        budget=budget,
        kind=kind,
        ballots=Ballots.from_lists(ballots, points),
        points_per_rank=points_per_rank,
    )


# 10 voters, budget 100: six want X1 and X2 (50 each), four want Y (50).
SPLIT = make([50, 50, 50], [[0, 1]] * 6 + [[2]] * 4, 100)


def test_greedy_follows_the_majority():
    result = tally(SPLIT, Rule.GREEDY)
    assert result.winners == ("A", "B")
    assert result.spent == 100
    assert result.outcome("C").reason is Reason.NOT_ENOUGH_MONEY_LEFT
    assert result.outcome("C").money_left == 0


def test_equal_shares_gives_the_minority_its_share():
    """Each voter holds 10. X1 costs its six supporters 8.33 each; Y would cost its four
    12.50 each, more than they hold. Add1 raises every share: at 13 the four can pay
    for Y; at 17 the six could also pay for X2, which no longer fits, so the count
    stops at 16 (an increase of 6)."""
    result = tally(SPLIT, Rule.MES)
    assert result.winners == ("A", "C")
    assert result.budget_increase == 6
    assert result.outcome("B").reason is Reason.MES_NOT_AFFORDABLE
    assert result.outcome("A").reason is Reason.FUNDED
    assert [o.position for o in result.projects] == [0, None, 1]


def test_mes_greedy_spends_what_equal_shares_leaves():
    # Same vote, budget 130: after X1 and Y, 30 are left, enough for Z (30, 1 vote).
    election = make([50, 50, 50, 30], [[0, 1]] * 6 + [[2]] * 3 + [[2, 3]], 130)
    mes = tally(election, Rule.MES)
    completed = tally(election, Rule.MES_GREEDY)
    assert mes.winners == ("A", "C")
    assert completed.winners == ("A", "C", "D")
    assert completed.outcome("D").reason is Reason.FUNDED_GREEDY_COMPLETION
    assert completed.outcome("D").money_left == 30
    assert completed.outcome("B").reason is Reason.NOT_ENOUGH_MONEY_LEFT
    assert completed.outcome("B").money_left == 30
    assert completed.spent == 130


def test_greedy_skips_what_does_not_fit_and_continues():
    election = make([60, 50, 30], [[0, 1, 2]] * 3 + [[0, 1]] * 2 + [[0]], 100)
    result = tally(election, Rule.GREEDY)
    assert result.winners == ("A", "C")
    assert result.outcome("B").reason is Reason.NOT_ENOUGH_MONEY_LEFT
    assert result.outcome("B").money_left == 40
    assert result.outcome("C").money_left == 40
    assert result.money_left == 10


def test_min_score_excludes_projects_from_every_rule():
    election = make([10, 10, 10], [[0, 1]] * 3 + [[2]], 30)
    for rule in Rule:
        result = tally(election, rule, min_score=2)
        assert "C" not in result.winners
        assert result.outcome("C").reason is Reason.BELOW_THRESHOLD
        assert result.outcome("C").selected is False


def test_zero_score_projects_are_only_funded_by_greedy_without_threshold():
    election = make([10, 10], [[0]] * 3, 30)
    assert tally(election, Rule.GREEDY).winners == ("A", "B")
    assert tally(election, Rule.GREEDY, min_score=1).winners == ("A",)
    mes = tally(election, Rule.MES)
    assert mes.winners == ("A",)
    assert mes.outcome("B").reason is Reason.NO_SUPPORT


def test_greedy_ties_go_to_lower_cost_then_earlier_order_then_position():
    # All score 1; budget leaves room for two projects of 20.
    election = make([30, 20, 20, 20, 20], [[0, 1, 2, 3, 4]], 45, orders=[0, 5, 3, 3, 1])
    # Order: E (20, order 1), C (20, order 3, listed before D), D, B, then A (30).
    result = tally(election, Rule.GREEDY)
    assert result.winners == ("E", "C")
    assert result.outcome("D").money_left == 5


def test_equal_shares_ties_go_to_lower_cost_then_earlier_order():
    # Everybody approves everything: every project costs its supporters the same
    # per unit of satisfaction, so ties decide the whole order.
    election = make([20, 8, 8, 30], [[0, 1, 2, 3]] * 4, 50, orders=[0, 2, 1, 3])
    result = tally(election, Rule.MES)
    assert result.winners == ("C", "B", "A")


def test_exact_money_where_floating_point_flips_the_outcome():
    """Five voters share 7, i.e. 7/5 each. Everybody approves A (4) and B (7): both cost
    their supporters 1/5 per unit of satisfaction, a tie that goes to the cheaper A.
    B's exact share is the whole 7/5 of each voter; in floating point 0.2 * 7 is
    1.4000000000000001, more than the 1.4 each holds, so a float count takes every
    voter as short of money, prices B at 5.6 / 28 = 0.19999999999999998 (below A's
    0.2) and funds B, spending everything."""
    assert 0.2 * 7 > 7 / 5
    assert (7 - 7 / 5) / 28 < 4 / 20
    election = make([4, 7, 3], [[0, 2, 1], [1, 0, 2], [1, 0, 2], [0, 1], [2, 1, 0]], 7)
    assert tally(election, Rule.MES).winners == ("A",)
    assert tally(election, Rule.MES_GREEDY).winners == ("A", "C")


def test_when_everything_fits_mes_funds_all_supported_projects():
    election = make([5, 5, 5], [[0], [0], [1]], 100)
    result = tally(election, Rule.MES)
    assert result.winners == ("A", "B")
    assert result.outcome("C").reason is Reason.NO_SUPPORT


def test_add1_step_is_one_currency_unit():
    # Amounts in cents: a step of 100 cents per voter instead of 1.
    cents = make([5000, 5000, 5000], [[0, 1]] * 6 + [[2]] * 4, 10000)
    result = tally(cents, Rule.MES, add1_step=100)
    assert result.winners == ("A", "C")
    assert result.budget_increase == 600


def test_cumulative_scores_and_equal_shares_use_points():
    # Voter 0 puts 3 points on A, voter 1 puts 1 on A and 2 on B.
    election = make([6, 6], [[0], [0, 1]], 6, kind="cumulative", points=[[3], [1, 2]])
    assert list(election.scores) == [4, 2]
    assert tally(election, Rule.GREEDY).winners == ("A",)
    # MES: A costs 6 / 4 points = 1.5 per point: 4.5 for voter 0 (who holds 3): too
    # much, so voter 0 gives 3 and voter 1 pays the other 3 (3 per point).
    assert tally(election, Rule.MES).winners == ("A",)


def test_ranked_points_default_to_ballot_length_minus_position():
    election = make([1, 1, 1], [[2, 0, 1], [0]], 10, kind=BallotKind.RANKED)
    # Ballot 1: C gets 3, A 2, B 1; ballot 2: A gets 1.
    assert list(election.scores) == [3, 1, 3]


def test_ranked_points_per_rank():
    election = make(
        [1, 1, 1], [[2, 0, 1], [0]], 10, kind=BallotKind.RANKED, points_per_rank=[5, 3, 1]
    )
    assert list(election.scores) == [8, 1, 5]
    assert tally(election, Rule.GREEDY).winners == ("A", "C", "B")


def test_approval_score_is_the_number_of_votes():
    election = make([1, 1, 1], [[0, 1], [1], [1, 2]], 3)
    assert list(election.scores) == [1, 3, 1]
    assert [o.score for o in tally(election, Rule.GREEDY).projects] == [1, 3, 1]


def test_dense_and_sparse_ballots_agree():
    matrix = np.array([[1, 0, 1], [0, 0, 0], [1, 1, 0]])
    dense = Ballots.from_dense(matrix)
    sparse = Ballots.from_lists([[0, 2], [], [0, 1]])
    assert dense.n_voters == 3
    assert list(dense.indptr) == list(sparse.indptr)
    assert list(dense.projects) == list(sparse.projects)


def test_empty_ballots_hold_a_share():
    # Two voters but one empty ballot: the voter for A holds only half the budget.
    election = make([8], [[0], []], 10)
    assert tally(election, Rule.MES).winners == ("A",)
    assert tally(election, Rule.MES).budget_increase == 3


def test_no_ballots():
    election = make([5, 5], [], 10)
    assert tally(election, Rule.MES).winners == ()
    # Nobody voted: only projects without any vote are left, and they fit.
    assert tally(election, Rule.MES_GREEDY).winners == ("A", "B")
    assert tally(election, Rule.GREEDY, min_score=1).winners == ()


def test_result_identifies_projects_by_id():
    election = Election(
        projects=[Project(id=17, cost=10), Project(id=4, cost=10)],
        budget=10,
        kind="approval",
        ballots=Ballots.from_lists([[1], [1], [0]]),
    )
    result = tally(election, "greedy")
    assert result.winners == (4,)
    assert result.outcome(17).selected is False
    with pytest.raises(KeyError):
        result.outcome(5)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"costs": [0]}, "cost of project 'A' must be positive"),
        ({"costs": [1.5]}, "cost of project 'A' must be an integer"),
        ({"budget": -1}, "budget must be zero or positive"),
        ({"ballots": [[0, 0]]}, "lists the same project twice"),
        ({"ballots": [[3]]}, "not in the election"),
        ({"kind": "cumulative"}, "need points"),
        ({"kind": "cumulative", "points": [[0]]}, "points must be positive"),
        ({"kind": "ranked", "points_per_rank": [0]}, "points per rank must be positive"),
        ({"kind": "ranked", "points_per_rank": [2.5]}, "points per rank must be positive"),
        ({"kind": "ranked", "points_per_rank": [1], "ballots": [[0, 1]]}, "ranks more than 1"),
        ({"costs": [2**52, 1]}, "too large"),
    ],
)
def test_invalid_elections_are_refused(arguments, message):
    values = {"costs": [1, 1], "ballots": [[0]], "budget": 1} | arguments
    costs, ballots, budget = values.pop("costs"), values.pop("ballots"), values.pop("budget")
    with pytest.raises(TallyError, match=message):
        make(costs, ballots, budget, **values)


def test_ballot_arrays_must_be_integers():
    with pytest.raises(TallyError, match="ballot points must be integers"):
        Ballots(indptr=[0, 1], projects=[0], points=[1.5])
    ballots = Ballots(indptr=[0, 2, 3], projects=[1, 0, 1])
    assert ballots.projects.dtype == np.int64


def test_unknown_rule_and_bad_step():
    with pytest.raises(ValueError, match="not a valid Rule"):
        tally(SPLIT, "borda")
    with pytest.raises(TallyError, match="step must be positive"):
        tally(SPLIT, Rule.MES, add1_step=0)
