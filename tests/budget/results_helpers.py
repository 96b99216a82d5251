"""Hand-built budgets for the results tests: pages, projects and ballots, made directly."""

import hashlib
import itertools
import json
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budget.models import Ballot, BallotChannel, BallotChoice, BudgetPage, BudgetPhase
from consultations.factories import ProposalFactory
from consultations.models import PhaseKind, ProposalStatus

HOST = {"HTTP_HOST": "belval.localhost"}
MONTCLAIR = {"HTTP_HOST": "montclair.localhost"}

# Phases as (kind, start, end) in days from today.
VOTE_SOON = ((PhaseKind.PROPOSALS, -30, 5), (PhaseKind.VOTE, 6, 20), (PhaseKind.RESULTS, 21, 60))
VOTE_OPEN = ((PhaseKind.VOTE, -7, 14), (PhaseKind.RESULTS, 15, 60))
VOTE_CLOSED = ((PhaseKind.VOTE, -20, -5), (PhaseKind.RESULTS, 10, 60))
RESULTS_OUT = ((PhaseKind.VOTE, -20, -5), (PhaseKind.RESULTS, -4, 60))

_voters = itertools.count(1)


def sub(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args or None)


def make_budget_page(parent, *, phases=RESULTS_OUT, **fields) -> BudgetPage:
    """A published budget page under `parent`, built through the model API."""
    today = timezone.localdate()
    values = {
        "title": "Budget participatif 2026",
        "slug": "budget-2026",
        "intro": "Décidez de l'usage de 100 000 € du budget communal.",
        "envelope": Decimal("100000"),
        "ballot_method": "approval",
        "result_rule": "greedy",
        **fields,
    }
    page = BudgetPage(**values)
    page.phases = [
        BudgetPhase(kind=kind, start=today + timedelta(days=start), end=today + timedelta(days=end))
        for kind, start, end in phases
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return BudgetPage.objects.get(pk=page.pk)


def add_projects(page, costs: dict[str, str | int]) -> dict:
    """Eligible proposals with these costs, in this order of submission: name → proposal."""
    return {
        name: ProposalFactory(
            page=page, title=name, status=ProposalStatus.ELIGIBLE, estimated_cost=Decimal(cost)
        )
        for name, cost in costs.items()
    }


def add_ballot(page, projects, *, points=None, channel=BallotChannel.ONLINE) -> Ballot:
    """A ballot listing `projects` in this order (rank order); `points` per project for
    points ballots, else the page's points by rank, else 1 each."""
    number = next(_voters)
    ballot = Ballot.objects.create(
        page=page,
        voter_hash=hashlib.sha256(f"voter-{number}".encode()).hexdigest(),
        channel=channel,
    )
    scale = page.ranking_points if page.ballot_method == "ranked" else None
    BallotChoice.objects.bulk_create(
        BallotChoice(
            ballot=ballot,
            proposal=proposal,
            position=position,
            points=points[position] if points else (scale[position] if scale else 1),
        )
        for position, proposal in enumerate(projects)
    )
    return ballot


def add_ballots(page, lists, **kwargs) -> list[Ballot]:
    return [add_ballot(page, projects, **kwargs) for projects in lists]


def get_json(client, page, host=HOST):
    response = client.get(sub(page, "results_json"), **host)
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)
