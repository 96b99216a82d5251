"""Paper ballots entered by staff: hashed reference, one ballot per person, same rules, scope."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import PageLogEntry

from accounts.factories import SuperuserFactory, UserFactory
from budget.admin_paper import PaperBallotForm
from budget.models import Ballot, BallotChoice, BudgetPage, voter_hash
from budget.services import BallotRejected, cast_ballot
from budget.services.paper import enter_paper_ballot, withdraw_paper_ballot
from consultations.models import ProposalStatus

from .staff_helpers import VOTE_OPEN, build_budget, paper_url, projects_on, refused

pytestmark = pytest.mark.django_db

REFERENCE = "Dupont Marie 1962-04-17"


@pytest.fixture
def budget(belval):
    """Approval ballot, 1 to 2 projects, vote open."""
    return build_budget(belval.home, phases=VOTE_OPEN, min_choices=1, max_choices=2)


@pytest.fixture
def projects(budget):
    return projects_on(budget, ["30000", "12000", "8000"])


@pytest.fixture
def montclair_budget(montclair):
    page = build_budget(
        montclair.home, title="Budget de Montclair", slug="budget-montclair", phases=VOTE_OPEN
    )
    projects_on(page, ["5000"])
    return page


@pytest.fixture
def montclair_editor(montclair):
    return UserFactory(email="editeur@montclair.localhost", groups=[montclair.editors])


def enter(budget, staff, reference=REFERENCE, projects=(), points=None):
    return enter_paper_ballot(
        page=budget,
        staff=staff,
        voter_reference=reference,
        projects=[p.pk for p in projects],
        points=points,
    )


def stored_rows() -> str:
    """Every column of every ballot and choice, as text."""
    rows = [*Ballot.objects.values(), *BallotChoice.objects.values()]
    return repr(rows).lower()


# The service ---------------------------------------------------------------------------


def test_a_paper_ballot_is_stored_with_a_hashed_reference(budget, projects, belval_moderator):
    ballot = enter(budget, belval_moderator, projects=projects[:2])
    ballot.refresh_from_db()
    assert ballot.channel == "paper"
    assert ballot.voter is None
    assert ballot.entered_by == belval_moderator
    assert ballot.voter_hash == voter_hash(REFERENCE)
    assert [(c.proposal_id, c.position, c.points) for c in ballot.choices.all()] == [
        (projects[0].pk, 0, 1),
        (projects[1].pk, 1, 1),
    ]
    text = stored_rows()
    for fragment in ("dupont", "marie", "1962"):
        assert fragment not in text


def test_the_same_reference_cannot_vote_twice(budget, projects, belval_moderator, belval_editor):
    enter(budget, belval_moderator, projects=projects[:1])
    # Same person, typed differently (case, spaces): the hash is the same.
    with pytest.raises(BallotRejected) as refused:
        enter(budget, belval_editor, "  dupont   MARIE 1962-04-17 ", projects=projects[1:3])
    assert "déjà voté" in str(refused.value.messages[0])
    assert Ballot.objects.count() == 1
    assert BallotChoice.objects.count() == 1


def test_a_citizen_who_voted_online_cannot_be_entered_on_paper(
    budget, projects, citizen, belval_moderator
):
    cast_ballot(page=budget, voter=citizen, projects=[projects[0].pk])
    with pytest.raises(BallotRejected):
        enter(budget, belval_moderator, " LEA@example.org", projects=projects[1:2])
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().channel == "online"
    assert list(BallotChoice.objects.values_list("proposal_id", flat=True)) == [projects[0].pk]


def test_a_citizen_entered_on_paper_cannot_vote_online(budget, projects, citizen, belval_moderator):
    enter(budget, belval_moderator, citizen.email, projects=projects[1:2])
    with pytest.raises(BallotRejected):
        cast_ballot(page=budget, voter=citizen, projects=[projects[0].pk])
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper"
    assert list(ballot.choices.values_list("proposal_id", flat=True)) == [projects[1].pk]


def test_an_invalid_paper_ballot_is_refused_and_nothing_stored(budget, projects, belval_moderator):
    with pytest.raises(BallotRejected) as refused:
        enter(budget, belval_moderator, projects=projects)  # 3 projects, at most 2
    assert "2" in refused.value.messages[0]
    with pytest.raises(BallotRejected):
        enter(budget, belval_moderator, projects=[])
    ineligible = projects_on(budget, ["100"], status=ProposalStatus.INELIGIBLE)
    with pytest.raises(BallotRejected):
        enter(budget, belval_moderator, projects=ineligible)
    with pytest.raises(BallotRejected):
        enter(budget, belval_moderator, reference="   ", projects=projects[:1])
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()


def test_ranked_and_points_ballots_follow_the_methods_rules(belval, belval_moderator):
    ranked = build_budget(
        belval.home,
        slug="classement",
        phases=VOTE_OPEN,
        ballot_method="ranked",
        points_per_rank="3,2",
    )
    first, second, third = projects_on(ranked, ["1000", "2000", "3000"])
    ballot = enter(ranked, belval_moderator, projects=[second, first])
    assert list(ballot.choices.values_list("proposal_id", "points")) == [
        (second.pk, 3),
        (first.pk, 2),
    ]
    with pytest.raises(BallotRejected):
        enter(ranked, belval_moderator, "autre personne", projects=[first, second, third])

    points = build_budget(
        belval.home,
        slug="points",
        phases=VOTE_OPEN,
        ballot_method="cumulative",
        total_points=10,
        max_points_per_project=6,
    )
    one, two = projects_on(points, ["1000", "2000"])
    ballot = enter(points, belval_moderator, projects=[one, two], points={one.pk: 6, two.pk: 4})
    assert sorted(ballot.choices.values_list("points", flat=True)) == [4, 6]
    with pytest.raises(BallotRejected):  # 11 points out of 10
        enter(
            points,
            belval_moderator,
            "quelqu'un d'autre",
            projects=[one, two],
            points={one.pk: 6, two.pk: 5},
        )
    assert Ballot.objects.count() == 2


def test_frozen_results_refuse_paper_ballots(budget, projects, belval_moderator):
    BudgetPage.objects.filter(pk=budget.pk).update(results_frozen_at=timezone.now())
    with pytest.raises(BallotRejected) as refused:
        enter(budget, belval_moderator, projects=projects[:1])
    assert "arrêtés" in refused.value.messages[0]
    assert not Ballot.objects.exists()


def test_no_paper_ballot_before_the_vote_opens(belval, belval_moderator):
    page = build_budget(belval.home)  # in review: the vote opens in a week
    projects = projects_on(page, ["1000"])
    with pytest.raises(BallotRejected):
        enter(page, belval_moderator, projects=projects)
    assert not Ballot.objects.exists()


def test_only_the_communes_staff_may_enter_ballots(budget, projects, montclair_editor):
    with pytest.raises(PermissionDenied):
        enter(budget, montclair_editor, projects=projects[:1])
    assert not Ballot.objects.exists()


def test_a_ballot_on_a_translation_goes_to_the_source_page(belval, budget, projects, belval_editor):
    from wagtail.models import Locale

    english = budget.copy_for_translation(Locale.objects.get(language_code="en"))
    ballot = enter(english, belval_editor, projects=projects[:1])
    assert ballot.page_id == budget.pk


# The admin screens ----------------------------------------------------------------------


def test_entering_a_paper_ballot_in_the_admin(client, budget, projects, belval_editor):
    client.force_login(belval_editor)
    response = client.get(paper_url("add", budget))
    assert response.status_code == 200
    text = response.content.decode()
    help_text = str(response.context["form"].fields["voter_reference"].help_text)
    assert "empêcher une même personne de voter deux fois" in str(
        PaperBallotForm.base_fields["voter_reference"].help_text
    )
    assert escape(help_text) in text  # e-mail address or identity reference, stored hashed
    assert 'type="checkbox"' in text
    assert projects[0].title in text

    response = client.post(
        paper_url("add", budget),
        {"voter_reference": REFERENCE, "projects": [projects[0].pk, projects[2].pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == paper_url("add", budget)
    ballot = Ballot.objects.get()
    assert ballot.entered_by == belval_editor
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {
        projects[0].pk,
        projects[2].pk,
    }

    # The same person again: refused, with the reason, nothing more stored.
    response = client.post(
        paper_url("add", budget),
        {"voter_reference": REFERENCE.upper(), "projects": [projects[1].pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Ballot.objects.count() == 1

    # Over the method's limit: refused as online.
    response = client.post(
        paper_url("add", budget),
        {"voter_reference": "Martin Paul 1970-01-01", "projects": [p.pk for p in projects]},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Ballot.objects.count() == 1


def test_the_list_shows_date_author_and_count_never_the_reference(
    client, budget, projects, belval_editor, belval_moderator
):
    enter(budget, belval_editor, projects=projects[:2])
    enter(budget, belval_moderator, "marie.curie@example.org", projects=projects[2:])
    client.force_login(belval_moderator)
    response = client.get(paper_url("list", budget))
    assert response.status_code == 200
    ballots = list(response.context["ballots"])
    assert [b.choice_count for b in ballots] == [1, 2]
    text = response.content.decode()
    assert belval_editor.display_name.replace("'", "&#x27;") in text
    for secret in ("Dupont", "marie.curie", voter_hash(REFERENCE)):
        assert secret not in text


def test_ranked_and_points_forms(client, belval, belval_moderator):
    ranked = build_budget(
        belval.home,
        slug="classement",
        phases=VOTE_OPEN,
        ballot_method="ranked",
        points_per_rank="3,2,1",
    )
    first, second = projects_on(ranked, ["1000", "2000"])
    client.force_login(belval_moderator)
    response = client.get(paper_url("add", ranked))
    assert {"rank_1", "rank_2", "rank_3"} <= set(response.context["form"].fields)
    # A gap in the ranks is explained, not guessed.
    response = client.post(
        paper_url("add", ranked), {"voter_reference": "A", "rank_1": "", "rank_2": first.pk}
    )
    assert response.status_code == 200
    assert not Ballot.objects.exists()
    response = client.post(
        paper_url("add", ranked),
        {"voter_reference": "A", "rank_1": second.pk, "rank_2": first.pk},
    )
    assert response.status_code == 302
    assert list(Ballot.objects.get().choices.values_list("proposal_id", "points")) == [
        (second.pk, 3),
        (first.pk, 2),
    ]

    points = build_budget(
        belval.home, slug="points", phases=VOTE_OPEN, ballot_method="cumulative", total_points=5
    )
    one, two = projects_on(points, ["1000", "2000"])
    response = client.post(
        paper_url("add", points),
        {"voter_reference": "B", f"points_{one.pk}": "3", f"points_{two.pk}": "0"},
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get(page=points)
    assert list(ballot.choices.values_list("proposal_id", "points")) == [(one.pk, 3)]


def test_frozen_results_in_the_admin(client, budget, projects, belval_editor):
    BudgetPage.objects.filter(pk=budget.pk).update(
        results_frozen_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(belval_editor)
    response = client.post(
        paper_url("add", budget), {"voter_reference": REFERENCE, "projects": [projects[0].pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Ballot.objects.exists()


def test_montclair_staff_cannot_enter_or_list_belvals_ballots(
    client, budget, projects, montclair_budget, montclair_editor, belval_moderator
):
    enter(budget, belval_moderator, projects=projects[:1])
    client.force_login(montclair_editor)
    for name in ("list", "add"):
        assert refused(client.get(paper_url(name, budget), follow=True))
    response = client.post(
        paper_url("add", budget),
        {"voter_reference": "intrus", "projects": [projects[0].pk]},
        follow=True,
    )
    assert refused(response)
    assert Ballot.objects.count() == 1

    response = client.get(paper_url("index"))
    assert response.status_code == 200
    assert [page.pk for page in response.context["budgets"]] == [montclair_budget.pk]
    assert "Budget participatif 2026" not in response.content.decode()

    client.force_login(belval_moderator)
    response = client.get(paper_url("index"))
    assert [page.pk for page in response.context["budgets"]] == [budget.pk]
    assert response.context["budgets"][0].paper_count == 1
    assert refused(client.get(paper_url("list", montclair_budget), follow=True))

    client.force_login(SuperuserFactory(email="admin@agora.localhost"))
    response = client.get(paper_url("index"))
    assert {page.pk for page in response.context["budgets"]} == {budget.pk, montclair_budget.pk}


def test_staff_without_page_permission_are_refused(client, belval, budget, projects):
    # Moderation rights on proposals, but no page permission on the commune.
    group = Group.objects.create(name="Belval — lecture")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_proposal"),
    )
    client.force_login(UserFactory(groups=[group]))
    response = client.get(paper_url("index"), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    response = client.get(paper_url("add", budget), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403

    client.force_login(UserFactory())  # a citizen
    response = client.get(paper_url("add", budget))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Ballot.objects.exists()


# Withdrawing a ballot typed in by mistake ------------------------------------------------


def test_a_mistaken_paper_ballot_is_withdrawn_and_can_be_entered_again(
    client, budget, projects, belval_moderator
):
    ballot = enter(budget, belval_moderator, projects=projects[:2])
    client.force_login(belval_moderator)
    url = reverse("budget_paper:withdraw", args=[budget.pk, ballot.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert projects[0].title in page.content.decode()

    response = client.post(url, {"reason": "Saisi deux fois"})
    assert response.status_code == 302
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()
    entry = PageLogEntry.objects.get(action="budget.withdraw_paper_ballot")
    assert entry.page_id == budget.pk
    assert entry.user == belval_moderator
    assert entry.data == {"ballot": ballot.pk, "reason": "Saisi deux fois"}

    # The same person's correct ballot can now be entered.
    enter(budget, belval_moderator, projects=projects[2:])
    assert Ballot.objects.count() == 1


def test_withdrawing_needs_a_reason_and_open_results(client, budget, projects, belval_moderator):
    ballot = enter(budget, belval_moderator, projects=projects[:1])
    client.force_login(belval_moderator)
    url = reverse("budget_paper:withdraw", args=[budget.pk, ballot.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Ballot.objects.count() == 1

    BudgetPage.objects.filter(pk=budget.pk).update(results_frozen_at=timezone.now())
    with pytest.raises(BallotRejected):
        withdraw_paper_ballot(
            page=budget, staff=belval_moderator, ballot_id=ballot.pk, reason="Erreur"
        )
    response = client.post(url, {"reason": "Erreur"})
    assert response.status_code == 200
    assert "Les résultats sont arrêtés" in response.content.decode()
    assert Ballot.objects.count() == 1
    assert not PageLogEntry.objects.filter(action="budget.withdraw_paper_ballot").exists()


def test_online_ballots_and_other_communes_ballots_cannot_be_withdrawn(
    client, budget, projects, citizen, montclair_editor, belval_moderator
):
    online = cast_ballot(page=budget, voter=citizen, projects=[projects[0].pk])
    paper = enter(budget, belval_moderator, projects=projects[1:2])
    client.force_login(belval_moderator)
    url = reverse("budget_paper:withdraw", args=[budget.pk, online.pk])
    assert refused(client.post(url, {"reason": "Erreur"}, follow=True))

    client.force_login(montclair_editor)
    url = reverse("budget_paper:withdraw", args=[budget.pk, paper.pk])
    assert refused(client.get(url, follow=True))
    assert refused(client.post(url, {"reason": "Erreur"}, follow=True))
    with pytest.raises(PermissionDenied):
        withdraw_paper_ballot(page=budget, staff=montclair_editor, ballot_id=paper.pk, reason="x")
    assert Ballot.objects.count() == 2
