from decimal import Decimal

import pytest

from budget.factories import make_budget
from consultations.factories import ProposalFactory
from consultations.models import ProposalStatus

# Costs of the projects on the `ranked_budget` ballot, in euros.
PROJECT_COSTS = [Decimal("40000"), Decimal("25000"), Decimal("12000"), Decimal("8000")]


@pytest.fixture
def budget_projects():
    """Build eligible projects with costs on a budget page."""

    def build(page, costs=PROJECT_COSTS, **fields):
        return [
            ProposalFactory(
                page=page,
                title=f"Projet {number}",
                status=ProposalStatus.ELIGIBLE,
                estimated_cost=cost,
                **fields,
            )
            for number, cost in enumerate(costs, start=1)
        ]

    return build


@pytest.fixture
def ranked_budget(belval):
    """Belval's budget, vote open, ranked 3-2-1 (as Rueil-Malmaison)."""
    return make_budget(
        parent=belval.home,
        title="Budget participatif 2026",
        slug="budget-2026",
        ballot_method="ranked",
        points_per_rank="3,2,1",
        criteria=["Relève de la compétence de la commune", "Coûte moins de 40 000 €"],
    )
