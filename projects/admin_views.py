"""The staff's "Create the winners' projects" screen of a participatory budget.

GET lists the budget's winners (final results) and what already exists; POST calls
`services.create_projects_from_winners`, which creates the missing project pages as
drafts under the commune's projects index in the budget's language. Allowed to
those who may publish the budget page and add pages under that index — the
commune's editors (and superusers); anyone else gets a 403. Registered by
`projects.wagtail_hooks`, with a header button on budget pages whose results are
frozen.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from budget.models import BudgetPage

from .services import ProjectsRefused, create_projects_from_winners
from .services.winners import (
    can_create_projects,
    project_index_for,
    projects_of_proposals,
    winners_of,
    winners_refusal,
)

URL_NAME = "projects_from_winners"


def may_open(budget, index, user) -> bool:
    """May this user use the screen for this (source) budget page?"""
    if not budget.permissions_for_user(user).can_edit():
        return False
    return index is None or can_create_projects(index, user)


class ProjectsFromWinnersView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "projects/admin/from_winners.html"
    page_title = gettext_lazy("Create the winners' projects")
    header_icon = "list-ul"

    def dispatch(self, request, page_id):
        budget = get_object_or_404(BudgetPage, pk=page_id)
        # Winners and results live on the source-language page.
        self.budget = budget.source_page
        self.index = project_index_for(self.budget)
        if not may_open(self.budget, self.index, request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.budget.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.budget.pk]),
                "label": self.budget.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        winners = winners_of(self.budget)
        existing = projects_of_proposals(proposal.pk for proposal in winners)
        context.update(
            budget=self.budget,
            index=self.index,
            refusal=kwargs.get("error") or winners_refusal(self.budget, self.index),
            rows=[
                {
                    "proposal": proposal,
                    "project": existing.get(proposal.pk),
                    "edit_url": (
                        reverse("wagtailadmin_pages:edit", args=[existing[proposal.pk].pk])
                        if proposal.pk in existing
                        else ""
                    ),
                }
                for proposal in winners
            ],
            missing=sum(1 for proposal in winners if proposal.pk not in existing),
            cancel_url=reverse("wagtailadmin_pages:edit", args=[self.budget.pk]),
        )
        return context

    def post(self, request, page_id):
        try:
            outcome = create_projects_from_winners(budget=self.budget, staff=request.user)
        except ProjectsRefused as refusal:
            return self.render_to_response(self.get_context_data(error=str(refusal)), status=400)
        created = len(outcome.created)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s project page created as a draft: complete it, then publish it.",
                    "%(count)s project pages created as drafts: complete them, then publish them.",
                    created,
                )
                % {"count": created},
            )
        else:
            messages.info(request, _("Every winner already has its project page."))
        return redirect("wagtailadmin_explore", outcome.index.pk)


def register_admin_urls():
    """For the ``register_admin_urls`` hook."""
    return [
        path(
            "projects/from-budget/<int:page_id>/",
            ProjectsFromWinnersView.as_view(),
            name=URL_NAME,
        )
    ]


def _winners_button(page, user, priority: int):
    if not issubclass(page.specific_class or object, BudgetPage):
        return None
    budget = page.specific_deferred if not isinstance(page, BudgetPage) else page
    source = budget.source_page
    if not source.results_frozen_at:
        return None
    index = project_index_for(source)
    if index is None or not may_open(source, index, user):
        return None
    return Button(
        _("Create the winners' projects"),
        reverse(URL_NAME, args=[source.pk]),
        icon_name="list-ul",
        priority=priority,
    )


def page_header_buttons(page, user, view_name=None, next_url=None):
    """For ``register_page_header_buttons``: on budget pages whose results are frozen."""
    button = _winners_button(page, user, priority=85)
    if button:
        yield button


def page_listing_more_buttons(page, user, next_url=None):
    """For ``register_page_listing_more_buttons`` (the "…" menu of the page explorer)."""
    button = _winners_button(page, user, priority=75)
    if button:
        yield button
