"""Ballots and personal data: export, erasure, and how long a voter's hash is kept.

The contract is in accounts/__init__.py.

Export: the person's ballots (online ones, and paper ballots staff entered with
their e-mail address as reference), with what they chose on each budget page.

Erasure: ballots stay counted — results, ``results.json`` and ``ballots.pb``
do not change — but are unlinked from the account (``voter`` emptied), whatever
``delete_contributions`` says: a vote cannot be taken back once cast. What remains
is the ballot's ``voter_hash``, the keyed hash of the e-mail address
(`budget.models.voter_hash`, key ``VOTER_HASH_KEY``), which nobody can turn back
into an address without the key. It is kept for one purpose only, while the vote
can still take ballots: a new account opened with the same address, or a paper
ballot entered under it, finds that hash taken, and `budget.rules.can_replace_ballot`
refuses to let anyone replace a ballot whose account was deleted. So deleting an
account and signing up again never gives a second vote.

Once a vote is over for good — its results frozen, or, for a budget whose results
are never frozen, ``VOTER_HASH_GRACE_DAYS`` (default 30) days after the vote's last
day, a margin for late paper ballots — that purpose is gone:
`forget_voter_hashes` replaces the hash of every ballot without an account (those
of deleted accounts and paper ballots) with random characters marked ``-erased``.
Random, not a fixed text: ballots are read in the order of their hashes, so that
``ballots.pb`` lists them in no telling order, and forgotten ones must not gather
in one place. It runs when an account is deleted (for votes already over), when
staff freeze the results, and daily with ``manage.py forget_voter_hashes`` for
budgets never frozen. Ballots of existing accounts keep their hash: it is how the
vote page finds a voter's ballot.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from consultations.models import PhaseKind

from .models import Ballot, BallotChoice, BudgetPage, ProjectReview, voter_hash

# 56 random hexadecimal characters and this mark: 63 characters, never a real hash (64).
ERASED_HASH_SUFFIX = "-erased"


def _ballots_of(user):
    return Ballot.objects.filter(Q(voter=user) | Q(voter_hash=voter_hash(user.email)))


def export_personal_data(user) -> dict:
    ballots = (
        _ballots_of(user)
        .select_related("page__locale")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=BallotChoice.objects.select_related("proposal").order_by("position"),
            )
        )
        .order_by("created_at", "pk")
    )
    urls = {}
    exported = []
    for ballot in ballots:
        page = ballot.page
        if page.pk not in urls:
            urls[page.pk] = page.get_full_url() or ""
        exported.append(
            {
                "budget": {"title": page.title, "url": urls[page.pk]},
                "ballot_method": page.ballot_method,
                "channel": ballot.channel,
                "cast_at": ballot.created_at,
                "last_changed_at": ballot.updated_at,
                "choices": [
                    {
                        "rank": choice.position + 1,
                        "project": {"id": choice.proposal_id, "title": choice.proposal.title},
                        "points": choice.points,
                    }
                    for choice in ballot.choices.all()
                ],
            }
        )
    return {"ballots": exported}


def erase_personal_data(user, *, delete_contributions: bool) -> None:
    pages = set(_ballots_of(user).values_list("page_id", flat=True))
    Ballot.objects.filter(voter=user).update(voter=None)
    # Staff-side references (an administrator deleting a staff account in the admin).
    Ballot.objects.filter(entered_by=user).update(entered_by=None)
    ProjectReview.objects.filter(reviewed_by=user).update(reviewed_by=None)
    if pages:
        forget_voter_hashes(page_ids=pages)


def votes_over_for_good(today: date | None = None):
    """Budget pages that can take no ballot any more (see the module docstring)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.VOTER_HASH_GRACE_DAYS)
    return BudgetPage.objects.filter(
        Q(results_frozen_at__isnull=False) | Q(phases__kind=PhaseKind.VOTE, phases__end__lt=cutoff)
    )


def forget_voter_hashes(*, page_ids=None, today: date | None = None) -> int:
    """Drop the voter hash of ballots without an account on votes over for good.

    Returns how many ballots lost theirs; running it again changes nothing. Reads the
    ballots concerned in one query and writes them in batches.
    """
    ballots = Ballot.objects.filter(
        page__in=votes_over_for_good(today).values("pk"), voter__isnull=True
    ).exclude(voter_hash__endswith=ERASED_HASH_SUFFIX)
    if page_ids is not None:
        ballots = ballots.filter(page_id__in=page_ids)
    pending = list(ballots.only("pk"))
    for ballot in pending:
        ballot.voter_hash = secrets.token_hex(28) + ERASED_HASH_SUFFIX
    Ballot.objects.bulk_update(pending, ["voter_hash"], batch_size=500)
    return len(pending)
