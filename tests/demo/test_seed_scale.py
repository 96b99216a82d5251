"""`seed_scale` builds a coherent data set: counters match the rows they count."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from budget.models import Ballot, BallotChoice, BudgetPage
from consultations.models import Comment, Proposal, Support


@pytest.mark.django_db
def test_the_scale_data_set_is_consistent(capsys):
    call_command("seed_scale", proposals=450, comments=700, ballots=400, communes=1, citizens=300)
    out = capsys.readouterr().out
    assert "ballots:" in out  # timings are printed
    assert Proposal.objects.count() == 450
    assert Comment.objects.count() == 700
    assert Ballot.objects.count() == 400

    counted = Proposal.objects.annotate(
        supports_made=Count("supports", distinct=True),
        visible_comments=Count(
            "comments",
            filter=Q(comments__is_hidden=False, comments__is_deleted=False),
            distinct=True,
        ),
    )
    for proposal in counted:
        assert proposal.support_count == proposal.supports_made, proposal.pk
        assert proposal.comment_count == proposal.visible_comments, proposal.pk
        assert (proposal.threshold_reached_at is not None) == (proposal.support_count >= 50)
    assert not Support.objects.filter(proposal__author=F("user")).exists()

    busy = Proposal.objects.order_by("-comment_count").first()
    assert Comment.objects.filter(proposal=busy).count() == 500
    # Replies answer a comment of the same thread.
    replies = Comment.objects.exclude(parent=None)
    assert not replies.exclude(proposal=None).exclude(proposal=F("parent__proposal"))
    assert not replies.filter(proposal=None).exclude(parent__proposal=None)

    closed, open_ = (
        BudgetPage.objects.filter(slug="budget-participatif-2025").get(),
        BudgetPage.objects.filter(slug="budget-participatif-2026").get(),
    )
    assert closed.results_frozen_at is not None
    assert closed.frozen_results["ballots"]["total"] == 200
    assert open_.results_frozen_at is None
    # Approval ballots of 1 to 5 projects of their own page.
    sizes = Ballot.objects.annotate(n=Count("choices")).values_list("n", flat=True)
    assert min(sizes) >= 1
    assert max(sizes) <= 5
    assert not BallotChoice.objects.exclude(proposal__page_id=F("ballot__page_id")).exists()

    with pytest.raises(CommandError, match="already exist"):
        call_command("seed_scale", proposals=450, communes=1)


@pytest.mark.django_db
def test_too_few_proposals_for_the_budgets_is_refused():
    with pytest.raises(CommandError, match="At least"):
        call_command("seed_scale", proposals=100, comments=10, ballots=10, communes=1)
