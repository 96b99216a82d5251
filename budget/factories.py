"""Factories for participatory budgets, shared by the tests and the demo."""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from consultations.models import PhaseKind

from .models import BudgetCriterion, BudgetPage, BudgetPhase

# A budget whose vote is open today.
VOTE_OPEN = (
    (PhaseKind.PROPOSALS, -120, -61),
    (PhaseKind.REVIEW, -60, -8),
    (PhaseKind.VOTE, -7, 14),
    (PhaseKind.RESULTS, 15, 90),
)


class BudgetPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BudgetPage

    title = factory.Sequence(lambda n: f"Budget participatif {n}")
    intro = "Décidez de l'usage d'une partie du budget de la commune."
    envelope = Decimal("200000")
    max_project_cost = Decimal("40000")
    live = True


def make_budget(*, parent, phases=VOTE_OPEN, criteria=(), categories=(), **fields) -> BudgetPage:
    """A published budget page under `parent`, with phases relative to today."""
    today = timezone.localdate()
    page = BudgetPageFactory.build(**fields)
    page.phases = [
        BudgetPhase(kind=kind, start=today + timedelta(days=start), end=today + timedelta(days=end))
        for kind, start, end in phases
    ]
    page.criteria = [BudgetCriterion(text=text) for text in criteria]
    parent.add_child(instance=page)
    page.categories.set(categories)
    page.save_revision().publish()
    return BudgetPage.objects.get(pk=page.pk)
