"""Proposals that look like one another, on one participation page.

Citizens see the page's visible proposals close to the title they type (and a
"did you mean" step before posting a close one); staff see likely duplicates to
merge. Titles are compared in Python (`similarity`), so this works with any
database and without a search server.

Cost: one query reads (id, title) of the page's proposals, newest first, at
most `MAX_PROPOSALS` of them (the index on (page, status, is_hidden) serves
it); one more fetches the few proposals shown. Reading and tokenising 5,000
titles takes about 0.1 to 0.3 s on one core and a comparison with one title a
few milliseconds; pages hold a few hundred proposals, a few thousand at most.
"""

from django.utils.translation import get_language

from core import folding

from .models import Proposal, ProposalStatus
from .similarity import Corpus

MAX_PROPOSALS = 5000
# Listing every likely pair compares each proposal with those sharing a word:
# about a second for 1,000 proposals. Older ones are compared one by one, on
# their own moderation page.
MAX_PAIRED_PROPOSALS = 1000
SUGGESTIONS = 5
# Shown while typing: some words in common.
SUGGESTION_THRESHOLD = 0.3
# Asked about before saving, and listed to staff: most words in common.
CLOSE_THRESHOLD = 0.45


def _ignored_words() -> frozenset[str]:
    # Proposals are written in French first, whatever the language of the visitor.
    return folding.stop_words("fr", get_language() or "fr")


def _corpus(queryset, *, size: int = MAX_PROPOSALS) -> Corpus:
    rows = queryset.order_by("-created_at", "-pk").values_list("pk", "title")[:size]
    return Corpus(rows, ignore=_ignored_words())


def _in_order(queryset, scored) -> list[Proposal]:
    """The proposals of `scored` [(pk, score)], best first, each with a `similarity`."""
    objects = queryset.in_bulk([pk for pk, _score in scored])
    found = []
    for pk, score in scored:
        if pk in objects:
            proposal = objects[pk]
            proposal.similarity = score
            found.append(proposal)
    return found


def similar_proposals(
    *,
    page,
    title: str,
    threshold: float = SUGGESTION_THRESHOLD,
    limit: int = SUGGESTIONS,
    exclude=(),
) -> list[Proposal]:
    """Visible proposals of a participation page whose title is close to `title`.

    Hidden, pending (awaiting moderation) and merged proposals are never suggested.
    """
    listed = Proposal.objects.listed().filter(page_id=page.source_page.pk)
    scored = _corpus(listed).similar_to(
        title[:200], threshold=threshold, limit=limit, exclude=set(exclude)
    )
    if not scored:
        return []
    return _in_order(listed.only("pk", "title", "status", "support_count", "page_id"), scored)


def close_matches(*, page, title: str, exclude=()) -> list[Proposal]:
    """The proposals close enough to ask "did you mean…?" before saving a new one."""
    return similar_proposals(page=page, title=title, threshold=CLOSE_THRESHOLD, exclude=exclude)


def _staff_candidates(queryset, page_id: int):
    """What staff may merge: the page's proposals they can see, merged ones excepted."""
    return queryset.filter(page_id=page_id).exclude(status=ProposalStatus.MERGED)


def likely_duplicates_of(proposal: Proposal, *, queryset, limit: int = 10) -> list[Proposal]:
    """Proposals of the same page close to `proposal`, within `queryset` (the staff's scope)."""
    candidates = _staff_candidates(queryset, proposal.page_id)
    scored = _corpus(candidates).similar_to(
        proposal.title, threshold=CLOSE_THRESHOLD, limit=limit, exclude={proposal.pk}
    )
    return _in_order(candidates, scored)


def duplicate_pairs(*, page_id: int, queryset, limit: int = 100):
    """[(proposal, other proposal, score)] of likely duplicates on one page, best first."""
    candidates = _staff_candidates(queryset, page_id)
    pairs = _corpus(candidates, size=MAX_PAIRED_PROPOSALS).pairs(
        threshold=CLOSE_THRESHOLD, limit=limit
    )
    objects = candidates.in_bulk({pk for pair in pairs for pk in pair[:2]})
    return [
        (objects[first], objects[second], score)
        for first, second, score in pairs
        if first in objects and second in objects
    ]
