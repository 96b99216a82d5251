"""After deleting an account, its ballots stay counted and the same address cannot vote
again while the vote is open; once the vote is over for good, the hash is forgotten."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import services
from budget import services as budget_services
from budget.factories import make_budget
from budget.models import Ballot, BudgetPhase, voter_hash
from budget.personal_data import ERASED_HASH_SUFFIX, forget_voter_hashes
from consultations.factories import CitizenFactory, ProposalFactory
from consultations.models import PhaseKind, ProposalStatus
from consultations.services import ParticipationRefused
from tests.consultations.helpers import HOST, sub

pytestmark = pytest.mark.django_db
EMAIL = "zebulon.qv@example.org"
SEALED = "un compte supprimé depuis. Il est compté"


@pytest.fixture
def budget(belval):
    return make_budget(parent=belval.home, title="Budget 2026", slug="budget-2026", max_choices=2)


@pytest.fixture
def projects(budget):
    return [
        ProposalFactory(
            page=budget,
            title=f"Projet {number}",
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal("10000"),
        )
        for number in (1, 2, 3)
    ]


def vote(client, budget, *projects):
    return client.post(sub(budget, "vote"), {"projects": [p.pk for p in projects]}, **HOST)


def choices(ballot) -> list[int]:
    return list(ballot.choices.values_list("proposal_id", flat=True))


def end_vote(budget, days_ago: int):
    today = timezone.localdate()
    BudgetPhase.objects.filter(page=budget, kind=PhaseKind.VOTE).update(
        start=today - timedelta(days=days_ago + 7), end=today - timedelta(days=days_ago)
    )
    BudgetPhase.objects.filter(page=budget, kind=PhaseKind.RESULTS).update(
        start=today - timedelta(days=days_ago - 1)
    )


def test_signing_up_again_with_the_same_address_gives_no_second_vote(client, budget, projects):
    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    assert vote(client, budget, projects[0]).status_code == 302
    services.erase_account(user=person)

    ballot = Ballot.objects.get()
    assert ballot.voter_id is None
    assert ballot.voter_hash == voter_hash(EMAIL)

    again = CitizenFactory(email=EMAIL.upper())  # same address, other spelling
    client.force_login(again)
    page = client.get(sub(budget, "vote"), **HOST)
    assert SEALED in page.text
    assert "Votre bulletin enregistré" not in page.text  # nor what the deleted account chose
    response = vote(client, budget, projects[1], projects[2])
    assert response.status_code == 403
    assert SEALED in response.text
    assert Ballot.objects.count() == 1
    assert choices(Ballot.objects.get()) == [projects[0].pk]
    with pytest.raises(ParticipationRefused):
        budget_services.cast_ballot(page=budget, voter=again, projects=[projects[1].pk])


def test_a_paper_ballot_under_the_address_is_refused_after_deletion(client, budget, projects):
    from accounts.factories import SuperuserFactory

    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    vote(client, budget, projects[0])
    services.erase_account(user=person)
    with pytest.raises(budget_services.BallotRejected):
        budget_services.enter_paper_ballot(
            page=budget,
            staff=SuperuserFactory(),
            voter_reference=EMAIL,
            projects=[projects[1].pk],
        )
    assert Ballot.objects.count() == 1


def test_other_people_still_vote_and_replace_their_ballots(client, budget, projects):
    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    vote(client, budget, projects[0])
    services.erase_account(user=person)
    other = CitizenFactory()
    client.force_login(other)
    assert vote(client, budget, projects[1]).status_code == 302
    assert vote(client, budget, projects[2]).status_code == 302
    assert Ballot.objects.count() == 2
    assert choices(Ballot.objects.get(voter=other)) == [projects[2].pk]


def test_freezing_the_results_forgets_the_hash(client, budget, projects):
    from accounts.factories import SuperuserFactory

    person = CitizenFactory(email=EMAIL)
    living = CitizenFactory()
    for voter in (person, living):
        client.force_login(voter)
        vote(client, budget, projects[0])
    services.erase_account(user=person)
    end_vote(budget, days_ago=1)
    budget_services.freeze_results(page=budget, staff=SuperuserFactory())

    erased = Ballot.objects.get(voter__isnull=True)
    assert erased.voter_hash.endswith(ERASED_HASH_SUFFIX)
    assert voter_hash(EMAIL) not in Ballot.objects.values_list("voter_hash", flat=True)
    # A living voter's ballot keeps its hash: their vote page still finds it.
    assert Ballot.objects.get(voter=living).voter_hash == voter_hash(living.email)
    assert choices(erased) == [projects[0].pk]  # still counted as cast


def test_deleting_after_the_results_are_frozen_forgets_the_hash_at_once(client, budget, projects):
    from accounts.factories import SuperuserFactory

    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    vote(client, budget, projects[0])
    end_vote(budget, days_ago=1)
    budget_services.freeze_results(page=budget, staff=SuperuserFactory())
    services.erase_account(user=person)
    ballot = Ballot.objects.get()
    assert ballot.voter_hash.endswith(ERASED_HASH_SUFFIX)


@pytest.mark.parametrize(("days_ago", "forgotten"), [(5, False), (30, False), (31, True)])
def test_without_frozen_results_the_hash_goes_after_the_grace_period(
    client, budget, projects, days_ago, forgotten
):
    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    vote(client, budget, projects[0])
    end_vote(budget, days_ago=days_ago)
    services.erase_account(user=person)
    ballot = Ballot.objects.get()
    assert ballot.voter_hash.endswith(ERASED_HASH_SUFFIX) is forgotten


def test_the_daily_command_forgets_hashes_once_the_grace_period_ends(
    client, budget, projects, settings
):
    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    vote(client, budget, projects[0])
    services.erase_account(user=person)
    end_vote(budget, days_ago=10)

    call_command("forget_voter_hashes")
    assert Ballot.objects.get().voter_hash == voter_hash(EMAIL)

    settings.VOTER_HASH_GRACE_DAYS = 7
    call_command("forget_voter_hashes")
    forgotten = Ballot.objects.get().voter_hash
    assert forgotten.endswith(ERASED_HASH_SUFFIX)
    assert len(forgotten) == 63  # random, so that ballots.pb keeps no telling order
    assert forget_voter_hashes() == 0  # nothing left to do, and the value stays
    assert Ballot.objects.get().voter_hash == forgotten


def test_open_votes_elsewhere_keep_their_hashes(client, belval, budget, projects):
    closed = make_budget(parent=belval.home, slug="budget-2025")
    old = ProposalFactory(
        page=closed, status=ProposalStatus.ELIGIBLE, estimated_cost=Decimal("1000")
    )
    person = CitizenFactory(email=EMAIL)
    client.force_login(person)
    vote(client, budget, projects[0])
    vote(client, closed, old)
    end_vote(closed, days_ago=60)
    services.erase_account(user=person)
    assert Ballot.objects.get(page=budget).voter_hash == voter_hash(EMAIL)
    assert Ballot.objects.get(page=closed).voter_hash.endswith(ERASED_HASH_SUFFIX)
