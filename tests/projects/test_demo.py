"""The demo: Belval votes on its 2026 budget, Montclair publishes final results, and
each commune builds three projects, one of them a budget winner.

Seeding takes seconds: it is done once for this module, inside a transaction rolled
back after its last test (each test runs in a savepoint within it).
"""

from decimal import Decimal

import pytest
from django.db import transaction
from wagtail.models import Site

from budget import rules
from budget.models import Ballot, BudgetPage
from budget.results import compute_results, results_visibility
from consultations.factories import CitizenFactory
from consultations.models import PhaseKind, ProposalStatus
from core.tenancy import commune_pages_q
from projects.models import ProjectIndexPage, ProjectPage
from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def budget_of(hostname, title):
    site = Site.objects.get(hostname=hostname)
    return BudgetPage.objects.get(commune_pages_q(site), title=title, locale=site.root_page.locale)


# Budgets ------------------------------------------------------------------------------


def test_belval_votes_now_on_its_2026_budget_ranked_3_2_1(demo, client):
    page = budget_of("belval.localhost", "Budget participatif 2026")
    assert page.live
    assert page.current_phase().kind == PhaseKind.VOTE
    assert rules.can_vote(page, CitizenFactory())
    assert not page.results_frozen_at
    assert (page.envelope, page.currency) == (Decimal("200000"), "EUR")
    assert page.max_project_cost == Decimal("40000")
    assert page.ballot_method == "ranked"
    assert page.ranking_points == [3, 2, 1]

    eligible = page.proposals.filter(status=ProposalStatus.ELIGIBLE)
    assert 20 <= eligible.count() <= 30
    assert all(proposal.estimated_cost <= Decimal("40000") for proposal in eligible)
    ballots = Ballot.objects.filter(page=page)
    assert 200 <= ballots.count() < 1000
    # Every generated ballot ranks three different projects for 3, 2 and 1 points.
    ballot = ballots.first()
    assert list(ballot.choices.order_by("position").values_list("points", flat=True)) == [3, 2, 1]

    host = {"HTTP_HOST": "belval.localhost"}
    assert client.get(page.url, **host).status_code == 200
    assert client.get(page.url + page.reverse_subpage("vote"), **host).status_code == 200


def test_montclair_published_the_final_results_of_a_basket_vote_with_equal_shares(demo, client):
    page = budget_of("montclair.localhost", "Budget participatif 2025")
    assert page.ballot_method == "knapsack"
    assert page.result_rule == "mes"
    assert page.current_phase().kind == PhaseKind.RESULTS
    assert page.results_frozen_at is not None
    assert page.frozen_results
    assert results_visibility(page).final
    assert not rules.can_vote(page, CitizenFactory())

    frozen = compute_results(page)
    assert frozen.ballots.total == Ballot.objects.filter(page=page).count() > 0
    assert frozen.winners
    assert frozen.spent <= page.envelope

    host = {"HTTP_HOST": "montclair.localhost"}
    results = page.url + page.reverse_subpage("results")
    response = client.get(results, **host)
    assert response.status_code == 200
    assert "Ces résultats sont définitifs" in response.text
    assert "méthode des parts égales" in response.text
    data = client.get(page.url + page.reverse_subpage("results_json"), **host).json()
    assert (data["method"], data["rule"]) == ("knapsack", "mes")
    assert data["winners"] == list(frozen.winners)


# Projects -----------------------------------------------------------------------------


def test_each_commune_has_three_translated_projects_in_different_states(demo, client):
    for site in Site.objects.all():
        home = site.root_page
        index = ProjectIndexPage.objects.get(commune_pages_q(site), locale=home.locale)
        assert index.live
        projects = ProjectPage.objects.live().child_of(index)
        assert projects.count() == 3
        assert len({project.status for project in projects}) == 3
        from_winner = [
            project
            for project in projects
            if project.origin_page and isinstance(project.origin_page.specific, BudgetPage)
        ]
        assert from_winner, site.hostname
        assert from_winner[0].origins.exists()
        assert all(project.milestones.exists() for project in projects)
        assert all(project.updates.exists() for project in projects)
        done = [m.done for project in projects for m in project.milestones.all()]
        assert True in done
        assert False in done
        for project in projects:
            english = project.get_translations().filter(locale__language_code="en").get()
            assert english.live
            assert english.title != project.title

        host = {"HTTP_HOST": site.hostname}
        french = client.get(index.url, **host)
        assert french.status_code == 200
        assert len(french.context["projects"]) == 3
        assert client.get(from_winner[0].url, **host).status_code == 200


def test_a_winners_project_builds_a_funded_proposal_of_a_frozen_budget(demo):
    for site in Site.objects.all():
        index = ProjectIndexPage.objects.get(commune_pages_q(site), locale=site.root_page.locale)
        built = [
            project
            for project in ProjectPage.objects.live().child_of(index)
            if project.origin_page and isinstance(project.origin_page.specific, BudgetPage)
        ]
        assert built, site.hostname
        for project in built:
            budget = project.origin_page.specific
            assert budget.results_frozen_at is not None, project.title
            winners = set(compute_results(budget).winners)
            proposals = [origin.proposal for origin in project.origins.all()]
            assert proposals, project.title
            for proposal in proposals:
                assert proposal.page_id == budget.pk
                assert proposal.pk in winners, (project.title, proposal.title)
            # Being built, it is followed with its steps and its news.
            assert project.milestones.exists()
            assert project.updates.exists()
