"""Staff review of budget projects: service rules, public reason, admin screens and scope."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.factories import SuperuserFactory, UserFactory
from budget.models import ProjectReview
from budget.queries import ballot_projects
from budget.services.review import ReviewRefused, review_project
from budget.wagtail_hooks import budget_page_buttons
from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from consultations.models import Proposal, ProposalStatus, StatusChange

from .staff_helpers import (
    HOST,
    VOTE_OPEN,
    build_budget,
    criteria_of,
    projects_on,
    public_proposal_url,
    refused,
    review_index_url,
    review_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(belval):
    return build_budget(belval.home)


@pytest.fixture
def project(budget):
    (project,) = projects_on(budget, ["30000"], status=ProposalStatus.PUBLISHED)
    return project


@pytest.fixture
def montclair_budget(montclair):
    return build_budget(montclair.home, title="Budget de Montclair", slug="budget-montclair")


@pytest.fixture
def foreign_project(montclair_budget):
    (project,) = projects_on(montclair_budget, ["9000"], status=ProposalStatus.PUBLISHED)
    return project


@pytest.fixture
def montclair_moderator(montclair):
    return UserFactory(email="moderateur@montclair.localhost", groups=[montclair.moderators])


def messages_of(error: ReviewRefused) -> dict:
    return error.message_dict


# The service ---------------------------------------------------------------------------


def test_an_eligible_project_is_reviewed_and_goes_to_the_vote(budget, project, belval_moderator):
    criteria = criteria_of(budget)
    review = review_project(
        proposal=project,
        staff=belval_moderator,
        criteria_met=criteria,
        final_cost=Decimal("32500"),
        eligible=True,
        public_reason="",
    )
    project.refresh_from_db()
    assert project.status == ProposalStatus.ELIGIBLE
    assert set(review.criteria_met.all()) == set(criteria)
    assert ProjectReview.objects.get(proposal=project).final_cost == Decimal("32500")
    assert review.reviewed_by == belval_moderator
    on_ballot = ballot_projects(budget)
    assert [p.pk for p in on_ballot] == [project.pk]
    assert on_ballot[0].cost == Decimal("32500")  # the staff's estimate, not the proposer's
    change = StatusChange.objects.get(proposal=project)
    assert (change.old_status, change.new_status, change.author) == (
        "published",
        "eligible",
        belval_moderator,
    )


def test_an_ineligible_project_needs_a_public_reason(project, belval_moderator):
    with pytest.raises(ReviewRefused) as refused:
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=[],
            final_cost=None,
            eligible=False,
            public_reason="   ",
        )
    assert "public_reason" in messages_of(refused.value)
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED
    assert not ProjectReview.objects.exists()
    assert not StatusChange.objects.exists()


def test_an_ineligible_project_stays_visible_with_its_reason(
    client, budget, project, belval_moderator
):
    reason = "Ce terrain n'appartient pas à la commune."
    review_project(
        proposal=project,
        staff=belval_moderator,
        criteria_met=criteria_of(budget)[1:],
        final_cost=None,
        eligible=False,
        public_reason=reason,
    )
    project.refresh_from_db()
    assert project.status == ProposalStatus.INELIGIBLE
    assert project.first_answered_at is not None
    assert ballot_projects(budget) == []
    response = client.get(public_proposal_url(project), **HOST)
    assert response.status_code == 200
    text = response.content.decode()
    assert project.title in text
    assert "Ce terrain n&#x27;appartient pas à la commune." in text
    assert str(ProposalStatus.INELIGIBLE.label) in text or "Inéligible" in text


def test_an_eligible_project_needs_a_final_cost(project, belval_moderator):
    with pytest.raises(ReviewRefused) as refused:
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=[],
            final_cost=None,
            eligible=True,
            public_reason="",
        )
    assert "final_cost" in messages_of(refused.value)
    with pytest.raises(ReviewRefused) as refused:
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=[],
            final_cost=Decimal("0"),
            eligible=True,
            public_reason="",
        )
    assert "final_cost" in messages_of(refused.value)
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED


def test_a_cost_over_the_cap_is_refused_for_an_eligible_project(budget, project, belval_moderator):
    assert budget.max_project_cost == Decimal("40000")
    with pytest.raises(ReviewRefused) as refused:
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=[],
            final_cost=Decimal("40000.01"),
            eligible=True,
            public_reason="",
        )
    message = " ".join(messages_of(refused.value)["final_cost"])
    assert "40" in message
    assert "€" in message
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED
    assert not ProjectReview.objects.exists()
    # At the cap exactly, it is fine; over it, the project can still be declared ineligible.
    review_project(
        proposal=project,
        staff=belval_moderator,
        criteria_met=[],
        final_cost=Decimal("40000"),
        eligible=True,
        public_reason="",
    )
    review_project(
        proposal=project,
        staff=belval_moderator,
        criteria_met=[],
        final_cost=Decimal("55000"),
        eligible=False,
        public_reason="Le projet dépasse le plafond de 40 000 € par projet.",
    )
    project.refresh_from_db()
    assert project.status == ProposalStatus.INELIGIBLE
    assert project.budget_review.final_cost == Decimal("55000")


def test_a_criterion_of_another_page_is_refused(belval, budget, project, belval_moderator):
    other = build_budget(belval.home, title="Budget jeunesse", slug="budget-jeunesse")
    with pytest.raises(ReviewRefused) as refused:
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=[criteria_of(budget)[0], criteria_of(other)[0]],
            final_cost=Decimal("30000"),
            eligible=True,
            public_reason="",
        )
    assert "criteria_met" in messages_of(refused.value)
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED
    assert not ProjectReview.objects.exists()


def test_reviewing_again_updates_the_review(budget, project, belval_moderator):
    first, second = criteria_of(budget)
    for criteria, cost in (([first, second], "30000"), ([first], "28000")):
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=criteria,
            final_cost=Decimal(cost),
            eligible=True,
            public_reason="",
        )
    review = ProjectReview.objects.get(proposal=project)
    assert list(review.criteria_met.all()) == [first]
    assert review.final_cost == Decimal("28000")
    assert StatusChange.objects.filter(proposal=project).count() == 1  # no duplicate change


def test_no_review_once_the_vote_has_opened(belval, belval_moderator):
    budget = build_budget(belval.home, phases=VOTE_OPEN)
    (project,) = projects_on(budget, ["10000"], status=ProposalStatus.PUBLISHED)
    with pytest.raises(ReviewRefused):
        review_project(
            proposal=project,
            staff=belval_moderator,
            criteria_met=[],
            final_cost=Decimal("10000"),
            eligible=True,
            public_reason="",
        )
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED


def test_a_pending_or_merged_project_is_not_reviewed(budget, belval_moderator):
    pending, merged = projects_on(budget, ["1000", "2000"], status=ProposalStatus.PENDING)
    Proposal.objects.filter(pk=merged.pk).update(status=ProposalStatus.MERGED)
    for proposal in (pending, merged):
        with pytest.raises(ReviewRefused):
            review_project(
                proposal=proposal,
                staff=belval_moderator,
                criteria_met=[],
                final_cost=Decimal("1000"),
                eligible=True,
                public_reason="",
            )


def test_another_communes_staff_cannot_review(project, montclair_moderator):
    with pytest.raises(PermissionDenied):
        review_project(
            proposal=project,
            staff=montclair_moderator,
            criteria_met=[],
            final_cost=Decimal("1000"),
            eligible=True,
            public_reason="",
        )
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED


# The admin screens ----------------------------------------------------------------------


def test_the_review_screen(client, budget, project, belval_editor):
    client.force_login(belval_editor)
    response = client.get(review_url(project))
    assert response.status_code == 200
    text = response.content.decode()
    for criterion in criteria_of(budget):
        assert criterion.text.replace("'", "&#x27;") in text
    assert project.title.replace("'", "&#x27;") in text
    assert 'name="final_cost"' in text
    assert 'name="public_reason"' in text

    first = criteria_of(budget)[0]
    response = client.post(
        review_url(project),
        {
            "criteria_met": [first.pk],
            "final_cost": "31000.50",
            "eligible": "eligible",
            "public_reason": "Projet retenu pour le vote.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == review_index_url() + f"?page={budget.pk}"
    project.refresh_from_db()
    assert project.status == ProposalStatus.ELIGIBLE
    assert project.budget_review.final_cost == Decimal("31000.50")
    assert list(project.budget_review.criteria_met.all()) == [first]
    assert StatusChange.objects.get(proposal=project).answer == "Projet retenu pour le vote."


def test_the_review_screen_explains_refusals(client, project, belval_moderator):
    client.force_login(belval_moderator)
    response = client.post(
        review_url(project),
        {"final_cost": "90000", "eligible": "eligible", "public_reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["final_cost"]
    response = client.post(review_url(project), {"eligible": "ineligible", "public_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["public_reason"]
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED


def test_the_review_listing_shows_only_budget_projects_of_ones_communes(
    client, belval, project, foreign_project, belval_moderator, montclair_moderator
):
    consultation = make_consultation(parent=belval.home, slug="consultation")
    idea = ProposalFactory(page=consultation, title="Une idée de consultation")
    client.force_login(belval_moderator)
    response = client.get(review_index_url())
    assert response.status_code == 200
    listed = {p.pk for p in response.context["proposals"]}
    assert listed == {project.pk}
    assert "Budget de Montclair" not in response.content.decode()  # not even as a filter
    assert idea.pk not in listed

    client.force_login(montclair_moderator)
    listed = {p.pk for p in client.get(review_index_url()).context["proposals"]}
    assert listed == {foreign_project.pk}

    client.force_login(SuperuserFactory(email="admin@agora.localhost"))
    listed = {p.pk for p in client.get(review_index_url()).context["proposals"]}
    assert listed == {project.pk, foreign_project.pk}


def test_the_review_listing_filters(client, budget, belval, belval_moderator):
    eligible, published = projects_on(budget, ["1000", "2000"])
    Proposal.objects.filter(pk=published.pk).update(status=ProposalStatus.PUBLISHED)
    other = build_budget(belval.home, title="Budget jeunesse", slug="budget-jeunesse")
    (elsewhere,) = projects_on(other, ["3000"])
    client.force_login(belval_moderator)

    def listed(**params):
        response = client.get(review_index_url(), params)
        return {p.pk for p in response.context["proposals"]}

    assert listed(page=other.pk) == {elsewhere.pk}
    assert listed(status="to_review") == {published.pk}
    assert listed(page=budget.pk, status="eligible") == {eligible.pk}


def test_another_communes_project_is_not_found(client, foreign_project, belval_moderator):
    client.force_login(belval_moderator)
    assert refused(client.get(review_url(foreign_project), follow=True))
    data = {"final_cost": "1000", "eligible": "eligible", "public_reason": "Piraté"}
    assert refused(client.post(review_url(foreign_project), data, follow=True))
    foreign_project.refresh_from_db()
    assert foreign_project.status == ProposalStatus.PUBLISHED
    assert not ProjectReview.objects.exists()
    assert not StatusChange.objects.exists()


def test_montclair_staff_get_404_on_belvals_review(client, project, montclair_moderator):
    client.force_login(montclair_moderator)
    assert refused(client.get(review_url(project), follow=True))
    data = {"final_cost": "1000", "eligible": "ineligible", "public_reason": "Piraté"}
    assert refused(client.post(review_url(project), data, follow=True))
    project.refresh_from_db()
    assert project.status == ProposalStatus.PUBLISHED


def test_a_consultation_proposal_is_not_reviewed_here(client, belval, belval_moderator):
    consultation = make_consultation(parent=belval.home, slug="consultation")
    idea = ProposalFactory(page=consultation)
    client.force_login(belval_moderator)
    assert refused(client.get(review_url(idea), follow=True))


def test_citizens_and_staff_without_permission_are_turned_away(client, project):
    client.force_login(CitizenFactory())
    response = client.get(review_url(project))
    assert response.status_code == 302
    assert "login" in response["Location"]

    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Admin sans modération")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(UserFactory(groups=[group]))
    response = client.get(review_index_url(), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    # Wagtail answers a permission denied with a redirect to its dashboard, 403 to scripts.
    response = client.get(review_url(project))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    xhr = client.get(review_url(project), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert xhr.status_code == 403


def test_menu_and_page_buttons(client, belval, budget, project, belval_moderator, montclair):
    client.force_login(belval_moderator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert review_index_url() in home
    assert reverse("budget_paper:index") in home

    labels = [button.label for button in budget_page_buttons(page=budget, user=belval_moderator)]
    assert len(labels) == 2
    buttons = budget_page_buttons(page=budget, user=belval_moderator)
    assert all(button.is_shown(belval_moderator) for button in buttons)
    assert buttons[0].url == review_index_url() + f"?page={budget.pk}"
    montclair_staff = UserFactory(groups=[montclair.moderators])
    assert not any(button.is_shown(montclair_staff) for button in buttons)
    assert budget_page_buttons(page=belval.home, user=belval_moderator) == []


def test_the_page_explorer_links_a_budget_to_its_staff_screens(
    client, belval, budget, belval_editor
):
    client.force_login(belval_editor)
    listing = client.get(reverse("wagtailadmin_explore", args=[belval.home.pk]))
    assert listing.status_code == 200
    assert reverse("budget_paper:list", args=[budget.pk]) in listing.content.decode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[budget.pk]))
    assert review_index_url() + f"?page={budget.pk}" in edit.content.decode()


def test_the_moderation_screen_of_a_project_links_to_its_review(
    client, belval, project, belval_moderator
):
    idea = ProposalFactory(page=make_consultation(parent=belval.home), status="published")
    client.force_login(belval_moderator)
    inspect = reverse("participation_proposals:inspect", args=[project.pk])
    html = client.get(inspect).text
    assert review_url(project) in html
    assert "Examiner le projet (recevabilité, coût)" in html

    html = client.get(reverse("participation_proposals:inspect", args=[idea.pk])).text
    assert "Examiner le projet (recevabilité, coût)" not in html
