"""Staff create the project pages of a budget's winners in one action."""

from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.factories import UserFactory
from budget.factories import make_budget
from budget.models import Ballot, BallotChoice, ProjectReview, voter_hash
from budget.services import freeze_results
from consultations.factories import ProposalFactory
from consultations.models import PhaseKind, ProposalStatus
from projects import services
from projects.models import ProjectPage

from .helpers import translate

pytestmark = pytest.mark.django_db

CLOSED = (
    (PhaseKind.PROPOSALS, -120, -61),
    (PhaseKind.REVIEW, -60, -31),
    (PhaseKind.VOTE, -30, -2),
    (PhaseKind.RESULTS, -1, 90),
)


def _url(budget):
    return reverse("projects_from_winners", args=[budget.pk])


@pytest.fixture
def budget(belval, nature, les_pres):
    """A closed approval vote: the orchard and the benches win, the skatepark does not fit."""
    page = make_budget(
        parent=belval.home,
        phases=CLOSED,
        title="Budget participatif 2025",
        slug="budget-2025",
        envelope=Decimal("50000"),
        ballot_method="approval",
    )
    orchard = ProposalFactory(
        page=page,
        title="Un verger partagé",
        body="Planter des pommiers au parc des Prés.\n\nAvec les écoles du quartier.",
        status=ProposalStatus.ELIGIBLE,
        estimated_cost=Decimal("20000"),
        category=nature,
        district=les_pres,
    )
    ProjectReview.objects.create(proposal=orchard, final_cost=Decimal("18500.50"))
    benches = ProposalFactory(
        page=page,
        title="Des bancs",
        body="Des bancs le long de la rivière.",
        status=ProposalStatus.ELIGIBLE,
        estimated_cost=Decimal("9000"),
    )
    skatepark = ProposalFactory(
        page=page,
        title="Un skatepark",
        status=ProposalStatus.ELIGIBLE,
        estimated_cost=Decimal("38000"),
    )
    for number, choices in enumerate(
        [[orchard, benches, skatepark]] * 3 + [[orchard, benches]] * 2 + [[orchard, skatepark]]
    ):
        ballot = Ballot.objects.create(page=page, voter_hash=voter_hash(f"voter-{number}"))
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, proposal=proposal, position=position)
            for position, proposal in enumerate(choices)
        )
    return page, orchard, benches, skatepark


@pytest.fixture
def frozen(budget):
    page = budget[0]
    freeze_results(page=page, staff=None)
    return budget


def test_one_draft_project_per_winner_prefilled_from_its_proposal(
    frozen, belval_index, belval_editor, nature, les_pres
):
    page, orchard, _benches, _skatepark = frozen
    outcome = services.create_projects_from_winners(budget=page, staff=belval_editor)
    assert [project.title for project in outcome.created] == ["Un verger partagé", "Des bancs"]
    orchard_project = ProjectPage.objects.get(title="Un verger partagé")
    assert orchard_project.get_parent().pk == belval_index.pk
    assert orchard_project.locale_id == page.locale_id
    assert not orchard_project.live
    assert orchard_project.status == "planned"
    assert orchard_project.summary == (
        "Planter des pommiers au parc des Prés. Avec les écoles du quartier."
    )
    assert "Avec les écoles du quartier." in str(orchard_project.body[0].value)
    assert orchard_project.budget_planned == Decimal("18500.50")  # the reviewed cost
    assert orchard_project.currency == "EUR"
    assert orchard_project.category == nature
    assert orchard_project.district == les_pres
    assert orchard_project.origin_page_id == page.pk
    assert [origin.proposal for origin in orchard_project.origins.all()] == [orchard]
    assert orchard_project.owner == belval_editor
    assert orchard_project.get_latest_revision() is not None
    benches_project = ProjectPage.objects.get(title="Des bancs")
    assert benches_project.budget_planned == Decimal("9000")  # the proposer's estimate
    assert not ProjectPage.objects.filter(title="Un skatepark").exists()


def test_running_it_twice_creates_nothing_more(frozen, belval_index, belval_editor):
    page = frozen[0]
    services.create_projects_from_winners(budget=page, staff=belval_editor)
    again = services.create_projects_from_winners(budget=page, staff=belval_editor)
    assert again.created == []
    assert [proposal.title for proposal in again.skipped] == ["Un verger partagé", "Des bancs"]
    assert ProjectPage.objects.count() == 2


def test_a_deleted_draft_is_created_again(frozen, belval_index, belval_editor):
    page = frozen[0]
    services.create_projects_from_winners(budget=page, staff=belval_editor)
    ProjectPage.objects.get(title="Des bancs").delete()
    again = services.create_projects_from_winners(budget=page, staff=belval_editor)
    assert [project.title for project in again.created] == ["Des bancs"]


def test_refused_before_the_results_are_frozen(budget, belval_index, belval_editor):
    with pytest.raises(services.ProjectsRefused, match="Arrêtez d'abord les résultats"):
        services.create_projects_from_winners(budget=budget[0], staff=belval_editor)
    assert not ProjectPage.objects.exists()


def test_refused_without_a_projects_index(frozen, belval_editor):
    with pytest.raises(services.ProjectsRefused, match="n'a pas encore de page de projets"):
        services.create_projects_from_winners(budget=frozen[0], staff=belval_editor)


def test_refused_to_staff_of_another_commune(frozen, belval_index, montclair):
    outsider = UserFactory(groups=[montclair.editors])
    with pytest.raises(PermissionDenied):
        services.create_projects_from_winners(budget=frozen[0], staff=outsider)
    assert not ProjectPage.objects.exists()


# The admin screen -------------------------------------------------------------------


def test_the_editor_creates_the_projects_from_the_admin(
    client, frozen, belval_index, belval_editor
):
    page = frozen[0]
    client.force_login(belval_editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert _url(page) in edit.text  # the header button
    screen = client.get(_url(page))
    assert screen.status_code == 200
    assert "Un verger partagé" in screen.text
    assert "Un skatepark" not in screen.text
    assert "Créer 2 pages de projet" in screen.text

    response = client.post(_url(page), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_explore", args=[belval_index.pk])
    assert "2 pages de projet créées en brouillon" in response.text
    assert ProjectPage.objects.count() == 2

    again = client.post(_url(page), follow=True)
    assert "Chaque lauréat a déjà sa page de projet." in unescape(again.text)
    assert ProjectPage.objects.count() == 2


def test_the_screen_works_from_a_translation_of_the_budget(
    client, frozen, belval_index, belval_editor
):
    page = frozen[0]
    english = translate(page)
    client.force_login(belval_editor)
    client.post(_url(english))
    assert {project.locale.language_code for project in ProjectPage.objects.all()} == {"fr"}


@pytest.mark.parametrize("who", ["montclair_editor", "belval_moderator"])
def test_the_screen_is_forbidden_to_others(client, frozen, belval_index, montclair, who, request):
    if who == "montclair_editor":
        user = UserFactory(groups=[montclair.editors])
    else:
        user = request.getfixturevalue("belval_moderator")
    client.force_login(user)
    page = frozen[0]
    # Wagtail's admin answers a permission refusal with a redirect to its home page.
    for response in (client.get(_url(page)), client.post(_url(page))):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not ProjectPage.objects.exists()


def test_no_button_before_the_results_are_frozen(client, budget, belval_index, belval_editor):
    page = budget[0]
    client.force_login(belval_editor)
    assert _url(page) not in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).text
    screen = client.get(_url(page))
    assert "Arrêtez d'abord les résultats" in unescape(screen.text)
    assert client.post(_url(page)).status_code == 400
