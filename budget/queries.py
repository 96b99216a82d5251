"""What is on a budget's ballot: read-only queries shared by votes, results and staff screens."""

from decimal import Decimal

from django.db.models import Prefetch
from wagtail.images import get_image_model

from consultations.models import Proposal, ProposalStatus

from .models import ProjectReview

# Proposals that reached the vote (and what became of them afterwards).
ON_BALLOT_STATUSES = [
    ProposalStatus.ELIGIBLE,
    ProposalStatus.SELECTED,
    ProposalStatus.WINNER,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.DONE,
]


def project_cost(proposal: Proposal) -> Decimal | None:
    """The staff's final estimate when reviewed, else the proposer's estimate."""
    review = getattr(proposal, "budget_review", None)
    if review is not None and review.final_cost is not None:
        return review.final_cost
    return proposal.estimated_cost


def ballot_projects(
    page, *, image_renditions: tuple[str, ...] = (), lean: bool = False, among=None
) -> list[Proposal]:
    """The projects on the ballot of a budget page: eligible, visible, with a cost.

    `image_renditions`: filter specs of the images shown, prefetched with them.
    `lean`: only ids and costs (to check a ballot: the least work while voting).
    `among`: only those of these ids (the projects a ballot names).
    """
    source = page.source_page
    proposals = Proposal.objects.filter(
        page_id=source.pk, status__in=ON_BALLOT_STATUSES, is_hidden=False
    ).order_by("created_at", "pk")
    if among is not None:
        proposals = proposals.filter(pk__in=among)
    if lean:
        # One query: the review (one per project at most) joined, not prefetched.
        proposals = proposals.select_related("budget_review").only(
            "id", "estimated_cost", "budget_review__id", "budget_review__final_cost"
        )
    else:
        proposals = proposals.select_related("category", "district").prefetch_related(
            Prefetch("budget_review", queryset=ProjectReview.objects.all())
        )
    if image_renditions:
        images = get_image_model().objects.prefetch_renditions(*image_renditions)
        proposals = proposals.prefetch_related(Prefetch("image", queryset=images))
    projects = []
    for proposal in proposals:
        proposal.cost = project_cost(proposal)
        if proposal.cost is not None:
            projects.append(proposal)
    return projects
