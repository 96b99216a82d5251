"""Staff review of budget projects: criteria, final cost and eligibility, in one transaction.

Only eligible projects (with a cost) go to the vote (`ballot_projects`); an
ineligible one stays visible on the site with the public reason of its status
change, which `consultations.services.change_status` records as an official answer.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import services as consultation_services
from consultations.models import PhaseKind, Proposal, ProposalStatus, StatusChange
from consultations.permissions import ContributionPermissionPolicy
from core.money import format_money

from ..models import BudgetCriterion, BudgetPage, ProjectReview

# Statuses a project can be reviewed in: after publication, before the vote decides.
REVIEWABLE_STATUSES = [
    ProposalStatus.PUBLISHED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.ELIGIBLE,
    ProposalStatus.INELIGIBLE,
]


class ReviewRefused(ValidationError):
    """The review cannot be saved as given; messages are keyed by the argument at fault
    (`criteria_met`, `final_cost`, `eligible`, `public_reason`) or are general (`__all__`)."""


def can_review(user, proposal: Proposal) -> bool:
    """Staff who may change this proposal in the moderation screens (their communes only)."""
    policy = ContributionPermissionPolicy(Proposal)
    return policy.user_has_permission_for_instance(user, "change", proposal)


def vote_has_opened(page: BudgetPage, today=None) -> bool:
    phase = page.phase_of_kind(PhaseKind.VOTE)
    return phase is not None and (today or timezone.localdate()) >= phase.start


@transaction.atomic
def review_project(
    *,
    proposal: Proposal,
    staff,
    criteria_met: list[BudgetCriterion],
    final_cost: Decimal | None,
    eligible: bool,
    public_reason: str,
) -> ProjectReview:
    """Record staff's review of a budget project and make it eligible or ineligible.

    Eligible needs a final cost (> 0, at most the page's maximum cost per project);
    ineligible needs a public reason, shown on the project's page with its status.
    Ticked criteria must be criteria of the project's budget page. Refused once the
    vote has opened (ballots list the eligible projects) or for a project that is
    not (or no longer) up for review.
    """
    proposal = Proposal.objects.select_for_update().select_related("page").get(pk=proposal.pk)
    page = proposal.page.specific
    if not isinstance(page, BudgetPage):
        raise ReviewRefused(_("Only projects of a participatory budget are reviewed here."))
    if not can_review(staff, proposal):
        raise PermissionDenied(_("You cannot review the projects of this commune."))
    if page.results_frozen_at or vote_has_opened(page):
        raise ReviewRefused(
            _(
                "The vote has opened: projects can no longer be reviewed, "
                "since ballots are cast on the list of eligible projects."
            )
        )
    if proposal.status not in REVIEWABLE_STATUSES:
        if proposal.status == ProposalStatus.PENDING:
            raise ReviewRefused(_("Publish this proposal before reviewing it."))
        raise ReviewRefused(
            _("A project with the status “%(status)s” cannot be reviewed.")
            % {"status": proposal.project_status_label}
        )

    public_reason = (public_reason or "").strip()
    errors = {}
    criteria = list(criteria_met)
    if any(criterion.page_id != page.pk for criterion in criteria):
        errors["criteria_met"] = _("Tick only criteria of this participatory budget.")
    if final_cost is not None:
        if final_cost <= 0:
            errors["final_cost"] = _("The final cost must be more than zero.")
        elif eligible and page.max_project_cost and final_cost > page.max_project_cost:
            errors["final_cost"] = _(
                "The final cost (%(cost)s) exceeds the maximum cost per project "
                "(%(maximum)s): lower it or make the project ineligible."
            ) % {
                "cost": format_money(final_cost, page.currency),
                "maximum": format_money(page.max_project_cost, page.currency),
            }
    elif eligible:
        errors["final_cost"] = _("Give the final cost estimate of an eligible project.")
    if not eligible and not public_reason:
        errors["public_reason"] = _(
            "Explain publicly why the project is ineligible: the reason is shown on its page."
        )
    if errors:
        raise ReviewRefused(errors)

    review, _created = ProjectReview.objects.get_or_create(proposal=proposal)
    review.final_cost = final_cost
    review.reviewed_by = staff
    review.full_clean(exclude=["proposal", "reviewed_by"])
    review.save()
    review.criteria_met.set(criteria)

    status = ProposalStatus.ELIGIBLE if eligible else ProposalStatus.INELIGIBLE
    latest_answer = (
        StatusChange.objects.filter(proposal=proposal, is_public=True)
        .order_by("-created_at", "-pk")
        .values_list("answer", flat=True)
        .first()
    )
    if status != proposal.status or (public_reason and public_reason != latest_answer):
        consultation_services.change_status(
            proposal=proposal, staff=staff, status=status, answer=public_reason, public=True
        )
    return review
