"""Test data of the budget staff screens (project review, paper ballots)."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetCriterion, BudgetPage, BudgetPhase
from consultations.factories import ProposalFactory
from consultations.models import PhaseKind, ProposalStatus

HOST = {"HTTP_HOST": "belval.localhost"}

# The review phase is on: the vote opens in a week.
IN_REVIEW = (
    (PhaseKind.PROPOSALS, -60, -11),
    (PhaseKind.REVIEW, -10, 6),
    (PhaseKind.VOTE, 7, 30),
    (PhaseKind.RESULTS, 31, 90),
)
# The vote is open today.
VOTE_OPEN = (
    (PhaseKind.PROPOSALS, -120, -61),
    (PhaseKind.REVIEW, -60, -8),
    (PhaseKind.VOTE, -7, 14),
    (PhaseKind.RESULTS, 15, 90),
)


def build_budget(
    parent,
    *,
    title="Budget participatif 2026",
    slug="budget-2026",
    phases=IN_REVIEW,
    criteria=("Relève de la compétence de la commune", "Bénéficie à tous"),
    **fields,
) -> BudgetPage:
    """A published budget page under `parent`, phases relative to today."""
    today = timezone.localdate()
    fields.setdefault("envelope", Decimal("200000"))
    fields.setdefault("max_project_cost", Decimal("40000"))
    fields.setdefault("ballot_method", "approval")
    page = BudgetPage(
        title=title, slug=slug, intro="Décidez de l'usage du budget de la commune.", **fields
    )
    page.phases = [
        BudgetPhase(kind=kind, start=today + timedelta(days=start), end=today + timedelta(days=end))
        for kind, start, end in phases
    ]
    page.criteria = [BudgetCriterion(text=text) for text in criteria]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return BudgetPage.objects.get(pk=page.pk)


def criteria_of(page) -> list[BudgetCriterion]:
    return list(BudgetCriterion.objects.filter(page=page).order_by("sort_order", "pk"))


def projects_on(page, costs, status=ProposalStatus.ELIGIBLE, **fields):
    """Projects with the given estimated costs, eligible unless told otherwise."""
    return [
        ProposalFactory(
            page=page,
            title=f"Projet {number}",
            status=status,
            estimated_cost=Decimal(cost),
            **fields,
        )
        for number, cost in enumerate(costs, start=1)
    ]


def review_url(proposal) -> str:
    return reverse("budget_review:review", args=[proposal.pk])


def review_index_url() -> str:
    return reverse("budget_review:index")


def paper_url(name, page=None) -> str:
    return reverse(f"budget_paper:{name}", args=[page.pk] if page is not None else None)


def public_proposal_url(proposal) -> str:
    page = proposal.page.specific
    return page.url + page.reverse_subpage("proposal", args=[proposal.pk])


def refused(response) -> bool:
    """Whether the admin refused a request sent with `follow=True`: not found, forbidden,
    or Wagtail's permission-denied redirect to the dashboard (what the tenant guard
    answers for another commune's ids)."""
    if response.status_code in (403, 404):
        return True
    chain = response.redirect_chain
    return bool(chain) and urlsplit(chain[-1][0]).path == reverse("wagtailadmin_home")
