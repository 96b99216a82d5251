"""Ballots under parallel requests, and the race between a ballot and closing the vote.

Real threads, each with its own database connection. On SQLite every write
transaction is IMMEDIATE, so writers queue on the database lock; on PostgreSQL the
unique constraint and the row locks taken by the services decide. The tests run on
both engines, except those that watch PostgreSQL's lock waits (marked `postgres`).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client

from budget import services
from budget.models import Ballot, BallotChoice
from budget.services import results as results_services
from consultations.factories import CitizenFactory
from consultations.services import ParticipationRefused
from tests.concurrency import (
    name_this_session,
    raised,
    run_in_parallel,
    wait_until_blocked_on_a_lock,
)
from tests.consultations.helpers import HOST, sub

# Flushed after each test; the migrations' rows (locales, root page) are restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARALLEL = 50


@pytest.fixture
def vote_closed_for_staff(monkeypatch, ranked_budget):
    """Staff may freeze the results as if the vote's last day had just ended, while the
    ballots of its last second are still arriving (the vote rules still accept them).

    Returns an event set once the freeze holds its lock on the page (it checks
    whether it may freeze right after taking it)."""
    real_refusal = results_services.freeze_refusal
    after_the_vote = ranked_budget.phase_of_kind("vote").end + timedelta(days=1)
    locked = threading.Event()

    def refusal(page):
        locked.set()
        return real_refusal(page, today=after_the_vote)

    monkeypatch.setattr(results_services, "freeze_refusal", refusal)
    return locked


def test_fifty_parallel_ballots_of_one_citizen_store_exactly_one(
    ranked_budget, budget_projects, no_rate_limits
):
    projects = budget_projects(ranked_budget)
    voter = CitizenFactory()
    signed_in = Client()
    signed_in.force_login(voter)
    url = sub(ranked_budget, "vote")
    pairs = [(projects[i % 4].pk, projects[(i + 1) % 4].pk) for i in range(PARALLEL)]

    def submit(pair):
        client = Client()
        client.cookies.load({name: morsel.value for name, morsel in signed_in.cookies.items()})
        return client.post(url, {"projects": list(pair)}, **HOST)

    responses, errors = run_in_parallel(submit, pairs)

    assert raised(errors) == []
    # No error page: every submission is accepted (later ones replace earlier ones).
    assert {response.status_code for response in responses} == {302}
    assert {response["Location"] for response in responses} == {url}
    ballot = Ballot.objects.get()
    # Fully one submission, never a mix of two.
    choices = list(ballot.choices.values_list("proposal_id", "points"))
    assert len(choices) == 2
    assert tuple(proposal for proposal, _points in choices) in pairs
    assert [points for _proposal, points in choices] == [3, 2]


def test_fifty_citizens_voting_in_parallel_store_fifty_ballots(ranked_budget, budget_projects):
    projects = budget_projects(ranked_budget)
    voters = CitizenFactory.create_batch(PARALLEL)

    def cast(voter):
        return services.cast_ballot(
            page=ranked_budget, voter=voter, projects=[projects[0].pk, projects[1].pk]
        )

    _ballots, errors = run_in_parallel(cast, voters)

    assert raised(errors) == []
    assert Ballot.objects.count() == PARALLEL
    assert set(Ballot.objects.values_list("voter_id", flat=True)) == {v.pk for v in voters}
    assert BallotChoice.objects.count() == 2 * PARALLEL


def test_a_ballot_racing_the_freeze_is_either_counted_or_refused(
    ranked_budget, budget_projects, belval_editor, vote_closed_for_staff
):
    projects = budget_projects(ranked_budget)
    early, late = CitizenFactory.create_batch(20), CitizenFactory.create_batch(10)
    freeze_has_the_lock = vote_closed_for_staff

    def act(actor):
        kind, voter = actor
        if kind == "freeze":  # the staff member closes the vote for good
            return results_services.freeze_results(page=ranked_budget, staff=belval_editor)
        if kind == "late":  # sent while the freeze is under way
            assert freeze_has_the_lock.wait(60)
        return services.cast_ballot(
            page=ranked_budget, voter=voter, projects=[projects[2].pk, projects[3].pk]
        )

    # The freeze starts with the early crowd; the late one arrives while it runs.
    actors = [
        *(("early", voter) for voter in early[:10]),
        ("freeze", None),
        *(("early", voter) for voter in early[10:]),
        *(("late", voter) for voter in late),
    ]
    outcomes, errors = run_in_parallel(act, actors)

    frozen = outcomes[10]
    assert errors[10] is None
    assert frozen is not None
    accepted = {
        voter.pk
        for (_kind, voter), ballot in zip(actors, outcomes, strict=True)
        if voter and ballot
    }
    refused = [error for error in raised(errors) if isinstance(error, ParticipationRefused)]
    assert len(refused) == len(raised(errors))  # nothing failed in another way
    for refusal in refused:
        assert "définitifs" in str(refusal)
    assert len(accepted) + len(refused) == len(early) + len(late)
    # Whoever waited for the freeze is refused...
    assert not accepted & {voter.pk for voter in late}
    # ...and a ballot is fully in: stored, complete, and counted in the frozen results...
    assert set(Ballot.objects.values_list("voter_id", flat=True)) == accepted
    assert BallotChoice.objects.count() == 2 * len(accepted)
    assert frozen["ballots"]["total"] == len(accepted)
    # ...or fully out: nothing stored after the count.
    ranked_budget.refresh_from_db()
    assert ranked_budget.frozen_results["ballots"]["total"] == Ballot.objects.count()


def _in_thread(target):
    outcome = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as error:  # reported to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.postgres
def test_the_freeze_waits_for_a_ballot_in_progress_and_counts_it(
    ranked_budget, budget_projects, belval_editor, vote_closed_for_staff, monkeypatch
):
    projects = budget_projects(ranked_budget)
    voter = CitizenFactory()
    inside, release = threading.Event(), threading.Event()
    real_lock = services.ballots.lock_budget_for_ballot

    def lock_then_pause(*args, **kwargs):
        page = real_lock(*args, **kwargs)
        inside.set()  # the ballot's transaction holds its lock on the page
        assert release.wait(60)
        return page

    monkeypatch.setattr(services.ballots, "lock_budget_for_ballot", lock_then_pause)
    ballot_thread, ballot = _in_thread(
        lambda: services.cast_ballot(page=ranked_budget, voter=voter, projects=[projects[0].pk])
    )
    assert inside.wait(60)

    def freeze():
        name_this_session("agora-freeze")
        return results_services.freeze_results(page=ranked_budget, staff=belval_editor)

    freeze_thread, frozen = _in_thread(freeze)
    wait_until_blocked_on_a_lock("agora-freeze")
    assert freeze_thread.is_alive()
    release.set()
    ballot_thread.join()
    freeze_thread.join()

    assert "error" not in ballot
    assert "error" not in frozen
    assert frozen["value"]["ballots"]["total"] == 1
    assert Ballot.objects.count() == 1


@pytest.mark.postgres
def test_a_ballot_sent_during_the_freeze_waits_for_it_then_is_refused(
    ranked_budget, budget_projects, belval_editor, vote_closed_for_staff, monkeypatch
):
    projects = budget_projects(ranked_budget)
    services.cast_ballot(page=ranked_budget, voter=CitizenFactory(), projects=[projects[0].pk])
    voter = CitizenFactory()
    inside, release = threading.Event(), threading.Event()
    real_count = results_services.count_results

    def count_after_a_pause(page):
        inside.set()  # the freeze holds its exclusive lock on the page
        assert release.wait(60)
        return real_count(page)

    monkeypatch.setattr(results_services, "count_results", count_after_a_pause)
    freeze_thread, frozen = _in_thread(
        lambda: results_services.freeze_results(page=ranked_budget, staff=belval_editor)
    )
    assert inside.wait(60)

    def cast():
        name_this_session("agora-ballot")
        return services.cast_ballot(page=ranked_budget, voter=voter, projects=[projects[1].pk])

    ballot_thread, ballot = _in_thread(cast)
    wait_until_blocked_on_a_lock("agora-ballot")
    release.set()
    freeze_thread.join()
    ballot_thread.join()

    assert "error" not in frozen
    assert frozen["value"]["ballots"]["total"] == 1
    assert isinstance(ballot.get("error"), ParticipationRefused)
    assert Ballot.objects.count() == 1
    assert not Ballot.objects.filter(voter=voter).exists()
