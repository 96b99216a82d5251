"""Real participatory budgets from pabulib: official outcomes and reference results.

The files live in ``shared/pabulib`` beside the repository. ``data/pabulib_expected.json``
holds the winners pabutools computes for every file and rule (regenerate with
``benchmarks/regenerate_pabulib_expected.py``; pabutools needs minutes for some files).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from budget.pabulib import PabulibFile, read_pabulib, tally_file
from budget.tally import Reason, Rule, TallyResult

from .pabulib_data import PABULIB, requires_pabulib

EXPECTED = json.loads((Path(__file__).parent / "data" / "pabulib_expected.json").read_text())

pytestmark = requires_pabulib

ASSEN = "Netherlands_Assen_2024.pb"
SWIECIE = "Poland_Swiecie_2023.pb"
WIELICZKA = "Poland_Wieliczka_2023_Green_Budget.pb"
WARSZAWA = "Poland_Warszawa_2017_Grochow_Centrum.pb"
TOULOUSE = "France_Toulouse_2019.pb"
KRAKOW = "Poland_Krakow_2018_Wzgorza_Krzeslawickie.pb"
ZURICH = "Switzerland_Zurich_S5R.pb"
AMSTERDAM = "Netherlands_Amsterdam_588.pb"


@cache
def data(name: str) -> PabulibFile:
    return read_pabulib(PABULIB / name)


@cache
def count(name: str, rule: Rule) -> TallyResult:
    return tally_file(PABULIB / name, rule).result


def officially_selected(name: str) -> set[str]:
    return {p.id for p in data(name).projects if p.fields["selected"] == "1"}


@pytest.mark.parametrize(
    ("name", "rule"),
    [(ASSEN, Rule.MES), (SWIECIE, Rule.MES), (WIELICZKA, Rule.MES), (WARSZAWA, Rule.GREEDY)],
)
def test_official_outcome_is_reproduced(name, rule):
    assert set(count(name, rule).winners) == officially_selected(name)


def test_wieliczka_keeps_the_last_outcome_that_fits():
    """Wieliczka raised the shares until the outcome would overspend. Stopping at the
    first outcome where no other project fits (pabutools' exhaustion_by_budget_increase
    with exhaustive_stop=True) would fund 66 and 67 instead of 46 and spend 984,579."""
    result = count(WIELICZKA, Rule.MES)
    assert "46" in result.winners
    assert not {"66", "67"} & set(result.winners)
    assert result.spent == 995079


@pytest.mark.parametrize("name", [TOULOUSE, KRAKOW, ZURICH])
def test_scores_match_the_file(name):
    result = count(name, Rule.GREEDY)
    assert [o.score for o in result.projects] == [
        int(p.fields["score"]) for p in data(name).projects
    ]


@pytest.mark.parametrize("name", [ASSEN, SWIECIE, WIELICZKA, WARSZAWA, AMSTERDAM])
def test_approval_scores_are_the_vote_counts(name):
    result = count(name, Rule.GREEDY)
    assert [o.score for o in result.projects] == [
        int(p.fields["votes"]) for p in data(name).projects
    ]


def test_amsterdam_greedy_is_feasible_and_maximal():
    result = count(AMSTERDAM, Rule.GREEDY)
    assert result.money_left >= 0
    funded = [o for o in result.projects if o.selected]
    assert result.spent == sum(o.cost for o in funded)
    # Nothing left out would still fit, and the winners come by decreasing score.
    assert all(o.cost > result.money_left for o in result.projects if not o.selected)
    assert all(o.reason is Reason.NOT_ENOUGH_MONEY_LEFT for o in result.projects if not o.selected)
    scores = [result.outcome(pid).score for pid in result.winners]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("rule", list(Rule), ids=str)
@pytest.mark.parametrize("name", sorted(EXPECTED["winners"]))
def test_same_winners_as_pabutools(name, rule):
    assert list(count(name, rule).winners) == EXPECTED["winners"][name][rule.value]
