"""Freezing the results: the service, the staff screen and what it guarantees."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision

from accounts.factories import UserFactory
from budget import rules
from budget.admin_results import page_header_buttons
from budget.models import BudgetPage
from budget.pabulib import parse_pabulib
from budget.results import compute_results, count_results, results_as_dict
from budget.services.results import FREEZE_ACTION, freeze_refusal, freeze_results
from consultations.factories import CitizenFactory

from .results_helpers import (
    HOST,
    RESULTS_OUT,
    VOTE_CLOSED,
    VOTE_OPEN,
    add_ballot,
    add_projects,
    get_json,
    make_budget_page,
    sub,
)
from .staff_helpers import refused


@pytest.fixture
def closed_budget(belval):
    page = make_budget_page(belval.home, phases=VOTE_CLOSED, show_live_results=True)
    projects = add_projects(page, {"Fontaine": 60000, "Préau": 50000, "Bancs": 10000})
    add_ballot(page, [projects["Fontaine"], projects["Bancs"]])
    add_ballot(page, [projects["Fontaine"]])
    add_ballot(page, [projects["Préau"]], channel="paper")
    page.projects = projects
    return page


@pytest.fixture
def montclair_editor(montclair):
    return UserFactory(email="editeur@montclair.localhost", groups=[montclair.editors])


def freeze_url(page):
    return reverse("budget_freeze_results", args=[page.pk])


# The service ------------------------------------------------------------------------------


def test_freezing_stores_the_count_and_leaves_revisions_alone(closed_budget, belval_editor):
    page = closed_budget
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    before = list(revisions.values_list("pk", "content"))
    expected = results_as_dict(count_results(page))

    stored = freeze_results(page=page, staff=belval_editor)

    assert stored == expected
    fresh = BudgetPage.objects.get(pk=page.pk)
    assert fresh.results_frozen_at is not None
    assert fresh.frozen_results == expected
    assert list(revisions.values_list("pk", "content")) == before
    assert PageLogEntry.objects.filter(page=page, action=FREEZE_ACTION, user=belval_editor).exists()
    assert compute_results(fresh).frozen_at == fresh.results_frozen_at


def test_freezing_is_refused_while_the_vote_is_open(belval, belval_editor):
    page = make_budget_page(belval.home, phases=VOTE_OPEN)
    with pytest.raises(ValueError, match="Le vote est ouvert jusqu"):
        freeze_results(page=page, staff=belval_editor)
    assert BudgetPage.objects.get(pk=page.pk).results_frozen_at is None


def test_freezing_twice_is_refused(closed_budget, belval_editor):
    freeze_results(page=closed_budget, staff=belval_editor)
    with pytest.raises(ValueError, match="déjà été arrêtés"):
        freeze_results(page=BudgetPage.objects.get(pk=closed_budget.pk), staff=belval_editor)


def test_frozen_figures_never_change(client, closed_budget, belval_editor, tmp_path):
    page = closed_budget
    freeze_results(page=page, staff=belval_editor)
    published = get_json(client, page)
    pb_before = client.get(sub(page, "ballots_pb"), **HOST).content

    # The vote rules refuse new ballots...
    assert not rules.can_vote(BudgetPage.objects.get(pk=page.pk), CitizenFactory())
    # ...and one slipped in directly, or a later change of rule or cost, changes nothing.
    add_ballot(page, [page.projects["Préau"]])
    add_ballot(page, [page.projects["Préau"], page.projects["Bancs"]])
    BudgetPage.objects.filter(pk=page.pk).update(result_rule="mes", min_score=5)
    page.projects["Bancs"].estimated_cost = 99999
    page.projects["Bancs"].save()

    assert get_json(client, page) == published
    assert client.get(sub(page, "ballots_pb"), **HOST).content == pb_before
    html = client.get(sub(page, "results"), **HOST).text
    assert "results-status--final" in html
    assert 'data-count="total">3<' in html
    data = parse_pabulib(pb_before)
    assert data.meta["num_votes"] == "3"
    assert [p.id for p in data.projects if p.fields["selected"] == "1"] == sorted(
        str(pid) for pid in published["winners"]
    )


def test_publishing_the_page_again_keeps_the_results_frozen(closed_budget, belval_editor):
    freeze_results(page=closed_budget, staff=belval_editor)
    page = BudgetPage.objects.get(pk=closed_budget.pk)
    page.get_latest_revision().publish()
    assert BudgetPage.objects.get(pk=page.pk).results_frozen_at is not None


# The staff screen -------------------------------------------------------------------------


def test_editor_of_the_commune_freezes_from_the_admin(client, closed_budget, belval_editor):
    client.force_login(belval_editor)
    response = client.get(freeze_url(closed_budget))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    response = client.post(freeze_url(closed_budget))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[closed_budget.pk])
    assert BudgetPage.objects.get(pk=closed_budget.pk).results_frozen_at is not None
    # Frozen: the screen now only says so.
    response = client.post(freeze_url(closed_budget))
    assert response.status_code == 400
    assert b'method="post"' not in response.content


def test_freezing_an_open_vote_is_explained_not_done(client, belval, belval_editor):
    page = make_budget_page(belval.home, phases=VOTE_OPEN)
    client.force_login(belval_editor)
    response = client.get(freeze_url(page))
    assert response.status_code == 200
    assert b'method="post"' not in response.content
    assert client.post(freeze_url(page)).status_code == 400
    assert BudgetPage.objects.get(pk=page.pk).results_frozen_at is None


def test_another_communes_editor_is_refused(client, closed_budget, montclair_editor):
    client.force_login(montclair_editor)
    # Wagtail's admin answers a permission refusal with a redirect to its home page.
    for response in (client.get(freeze_url(closed_budget)), client.post(freeze_url(closed_budget))):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert BudgetPage.objects.get(pk=closed_budget.pk).results_frozen_at is None


def test_citizens_and_visitors_are_kept_out(client, closed_budget):
    assert client.post(freeze_url(closed_budget)).status_code == 302  # to the admin log-in
    client.force_login(CitizenFactory())
    response = client.post(freeze_url(closed_budget))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert BudgetPage.objects.get(pk=closed_budget.pk).results_frozen_at is None


def test_unknown_page_is_not_found(client, belval, belval_editor):
    client.force_login(belval_editor)
    assert refused(client.get(freeze_url(belval.home), follow=True))


def test_header_button_only_for_who_may_freeze_and_when(
    belval, closed_budget, belval_editor, montclair_editor
):
    def labels(page, user):
        return [str(button.label) for button in page_header_buttons(page, user, "edit")]

    assert len(labels(closed_budget, belval_editor)) == 1
    assert labels(closed_budget, montclair_editor) == []
    assert labels(belval.home, belval_editor) == []
    open_vote = make_budget_page(belval.home, slug="ouvert", phases=VOTE_OPEN)
    assert labels(open_vote, belval_editor) == []
    freeze_results(page=closed_budget, staff=belval_editor)
    assert labels(BudgetPage.objects.get(pk=closed_budget.pk), belval_editor) == []


def test_results_phase_without_freezing_still_publishes_a_count(client, belval):
    page = make_budget_page(belval.home, phases=RESULTS_OUT)
    assert freeze_refusal(page) is None
    assert "results-status--counted" in client.get(sub(page, "results"), **HOST).text
