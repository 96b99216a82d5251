"""Supports and comments under parallel requests (real threads, one connection each).

The stored support count must always equal the support rows, whatever the
interleaving; a comment sent several times at once is published once.
"""

import pytest

from consultations import services
from consultations.factories import CitizenFactory
from consultations.models import Comment, Proposal, Support
from tests.concurrency import raised, run_in_parallel, signed_in_clients
from tests.consultations.helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARALLEL = 50


def assert_count_matches_rows(proposal):
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.filter(proposal=proposal).count()


def test_parallel_supports_of_one_citizen_store_one(
    consultation, proposal, citizen, no_rate_limits
):
    url = sub(consultation, "proposal_support", proposal.pk)

    responses, errors = run_in_parallel(
        lambda client: client.post(url, {"action": "support"}, **HOST),
        signed_in_clients(citizen, PARALLEL),
    )

    assert raised(errors) == []
    assert {response.status_code for response in responses} == {302}
    assert Support.objects.filter(proposal=proposal, user=citizen).count() == 1
    assert_count_matches_rows(proposal)
    assert proposal.support_count == 1


def test_parallel_toggles_of_one_citizen_keep_the_count_equal_to_the_rows(
    consultation, proposal, citizen
):
    wishes = [None, True, False] * 10

    _results, errors = run_in_parallel(
        lambda wish: services.toggle_support(proposal=proposal, user=citizen, support=wish),
        wishes,
    )

    assert raised(errors) == []
    assert Support.objects.filter(proposal=proposal).count() in (0, 1)
    assert_count_matches_rows(proposal)


def test_fifty_citizens_supporting_in_parallel_count_fifty(consultation, proposal):
    citizens = CitizenFactory.create_batch(PARALLEL)

    _results, errors = run_in_parallel(
        lambda user: services.toggle_support(proposal=proposal, user=user, support=True),
        citizens,
    )

    assert raised(errors) == []
    assert_count_matches_rows(proposal)
    assert proposal.support_count == PARALLEL
    # The consultation's threshold (3) was crossed once, and recorded.
    assert Proposal.objects.get(pk=proposal.pk).threshold_reached_at is not None


def test_a_comment_sent_many_times_at_once_is_published_once(
    consultation, proposal, citizen, no_rate_limits
):
    url = sub(consultation, "proposal_comments", proposal.pk)
    data = {"body": "Oui, et des fontaines aussi.", **CAPTCHA_OK}

    responses, errors = run_in_parallel(
        lambda client: client.post(url, data, **HOST), signed_in_clients(citizen, 20)
    )

    assert raised(errors) == []
    assert {response.status_code for response in responses} == {302}
    assert Comment.objects.filter(proposal=proposal, author=citizen).count() == 1
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
