"""Parallel submissions: one citizen's 20 simultaneous ballots leave exactly one."""

import threading

import pytest
from django.db import connection

from budget import services
from budget.models import Ballot, BallotChoice
from consultations.factories import CitizenFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_ballots_of_one_citizen_store_exactly_one(ranked_budget, budget_projects):
    projects = budget_projects(ranked_budget)
    voter = CitizenFactory()
    errors = []
    start = threading.Barrier(20)

    def cast(index):
        try:
            start.wait()
            first, second = projects[index % 4], projects[(index + 1) % 4]
            services.cast_ballot(page=ranked_budget, voter=voter, projects=[first.pk, second.pk])
        except Exception as error:  # collected and reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Ballot.objects.count() == 1
    ballot = Ballot.objects.get()
    # Fully one submission, never a mix of two.
    assert BallotChoice.objects.filter(ballot=ballot).count() == 2
    assert list(ballot.choices.values_list("points", flat=True)) == [3, 2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_ballots_of_different_citizens_are_all_kept(ranked_budget, budget_projects):
    projects = budget_projects(ranked_budget)
    voters = CitizenFactory.create_batch(12)
    errors = []
    start = threading.Barrier(len(voters))

    def cast(voter):
        try:
            start.wait()
            services.cast_ballot(page=ranked_budget, voter=voter, projects=[projects[0].pk])
        except Exception as error:  # collected and reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Ballot.objects.count() == len(voters)
