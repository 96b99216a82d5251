"""The project pages of a participatory budget's winners, created in one go.

Staff call this from the budget's admin screen once the results are frozen (the
final winners). Each winner gets a project page pre-filled from its proposal —
title, summary and body from the proposal's text, planned budget from the staff's
reviewed cost (else the proposer's estimate), category, district, and its origins
(the budget page and the proposal) — under the commune's projects index in the
budget page's language.

The pages are created as drafts: the communication team completes them (timeline,
photos, the commune's own words) before anything is public, and publishing is
what tells the budget's followers that their idea is being built; a half-filled
page announced by e-mail would do more harm than good.

Idempotent: a winner that already has a project page (any language, draft or
live) is skipped, so running it twice creates nothing more. Pages are written
with treebeard's `add_child` and `save_revision`, which work inside the
transaction (no wagtail-localize publish-on-commit is involved).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import linebreaks
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log

from budget.models import BudgetPage
from budget.queries import project_cost
from consultations.models import Proposal
from core.tenancy import commune_pages_q, site_for_page

from ..models import (
    SUMMARY_MAX,
    ProjectIndexPage,
    ProjectOrigin,
    ProjectPage,
    ProjectStatus,
)


class ProjectsRefused(ValueError):
    """The projects cannot be created now; the message says why, for staff."""


@dataclass
class WinnersOutcome:
    index: ProjectIndexPage
    created: list[ProjectPage] = field(default_factory=list)
    skipped: list[Proposal] = field(default_factory=list)  # already had a project


def project_index_for(page) -> ProjectIndexPage | None:
    """The projects index of the page's commune, in the page's language."""
    site = site_for_page(page)
    if site is None:
        return None
    return (
        ProjectIndexPage.objects.filter(commune_pages_q(site), locale_id=page.locale_id)
        .order_by("path")
        .first()
    )


def winners_of(budget) -> list[Proposal]:
    """The winning proposals of a budget whose results are frozen, in funding order."""
    source = budget.source_page
    if not source.results_frozen_at or not source.frozen_results:
        return []
    ids = [int(proposal_id) for proposal_id in source.frozen_results.get("winners", [])]
    proposals = Proposal.objects.filter(pk__in=ids, page_id=source.pk).select_related(
        "category", "district", "budget_review"
    )
    by_id = {proposal.pk: proposal for proposal in proposals}
    return [by_id[proposal_id] for proposal_id in ids if proposal_id in by_id]


def projects_of_proposals(proposal_ids) -> dict[int, ProjectPage]:
    """An existing project page (draft or live, any language) per proposal id."""
    origins = (
        ProjectOrigin.objects.filter(proposal_id__in=list(proposal_ids))
        .select_related("page")
        .order_by("page_id")
    )
    found: dict[int, ProjectPage] = {}
    for origin in origins:
        found.setdefault(origin.proposal_id, origin.page)
    return found


def winners_refusal(budget, index: ProjectIndexPage | None) -> str | None:
    """Why the winners' projects cannot be created now, or None."""
    source = budget.source_page
    if not source.results_frozen_at:
        return _("Freeze the results first: projects are created from the final winners.")
    if not winners_of(source):
        return _("No project won this budget.")
    if index is None:
        return _(
            "The commune has no projects page in this budget's language yet: "
            "add one under the home page first."
        )
    return None


def can_create_projects(index: ProjectIndexPage | None, user) -> bool:
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def _paragraphs(text: str) -> str:
    return linebreaks(re.sub(r"\r\n?", "\n", text.strip()), autoescape=True)


def _project_from(proposal: Proposal, *, budget, owner) -> ProjectPage:
    title = proposal.title.strip()
    return ProjectPage(
        title=title,
        slug="",  # set by the caller once the parent is known
        summary=Truncator(" ".join(proposal.body.split())).chars(SUMMARY_MAX),
        body=[("paragraph", _paragraphs(proposal.body))] if proposal.body.strip() else [],
        status=ProjectStatus.PLANNED,
        budget_planned=project_cost(proposal),
        currency=budget.currency,
        category=proposal.category,
        district=proposal.district,
        origin_page_id=budget.pk,
        origins=[ProjectOrigin(proposal=proposal)],
        locale_id=budget.locale_id,
        live=False,
        owner=owner,
    )


@transaction.atomic
def create_projects_from_winners(*, budget, staff) -> WinnersOutcome:
    """Create a draft project page for each winner of a budget that has none yet.

    Raises ProjectsRefused (results not frozen, no winner, no projects index in the
    budget's language) or PermissionDenied (the staff member may not add pages to
    that commune's projects index). Nothing is written if any page fails.
    """
    source = BudgetPage.objects.select_for_update().get(pk=budget.source_page.pk)
    index = project_index_for(source)
    refusal = winners_refusal(source, index)
    if refusal:
        raise ProjectsRefused(refusal)
    if not can_create_projects(index, staff):
        raise PermissionDenied
    winners = winners_of(source)
    existing = projects_of_proposals(proposal.pk for proposal in winners)
    outcome = WinnersOutcome(index=index)
    for proposal in winners:
        if proposal.pk in existing:
            outcome.skipped.append(proposal)
            continue
        page = _project_from(proposal, budget=source, owner=staff)
        page.slug = find_available_slug(index, slugify(page.title)[:80].strip("-") or "projet")
        index.add_child(instance=page)
        page.save_revision(user=staff, log_action=False)
        log(instance=page, action="wagtail.create", user=staff)
        outcome.created.append(page)
    return outcome
