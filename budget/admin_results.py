"""The staff's "Freeze the results" screen of a participatory budget (Wagtail admin).

GET shows what would be frozen (a fresh count) and asks for confirmation; POST calls
`services.results.freeze_results`. Allowed only to those who may publish the budget
page, which scopes it to the commune's editors (and superusers). Registered by
`budget.wagtail_hooks` with:

* ``register_admin_urls``: :func:`register_admin_urls`;
* ``register_page_header_buttons``: :func:`page_header_buttons`;
* ``register_page_listing_more_buttons``: :func:`page_listing_more_buttons`;
* ``register_log_actions``: :func:`register_log_actions`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from core.money import format_money
from core.navigation import subpage_url

from .models import BudgetPage
from .results import count_results
from .services.paper import WITHDRAW_ACTION
from .services.results import FREEZE_ACTION, freeze_refusal, freeze_results

URL_NAME = "budget_freeze_results"


def can_freeze(page, user) -> bool:
    """May this user freeze the results of this (specific, source) budget page? The
    commune's staff who may edit it: freezing stores the count, it publishes no page."""
    return bool(page.permissions_for_user(user).can_edit())


class FreezeResultsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "budget/admin/freeze_results.html"
    page_title = gettext_lazy("Freeze the results")
    header_icon = "lock"

    def dispatch(self, request, page_id):
        page = get_object_or_404(BudgetPage, pk=page_id)
        # Results live on the source-language page; rights are checked there.
        self.page = page.source_page
        if not can_freeze(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusal = kwargs.get("error") or freeze_refusal(self.page)
        counted = None if self.page.results_frozen_at else count_results(self.page)
        context.update(
            page=self.page,
            refusal=refusal,
            results=counted,
            winners=counted.winning_projects() if counted else [],
            money=(
                {
                    "budget": format_money(counted.budget, counted.currency),
                    "spent": format_money(counted.spent, counted.currency),
                }
                if counted
                else {}
            ),
            cancel_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            public_url=subpage_url(self.page, "results", request=self.request),
        )
        return context

    def post(self, request, page_id):
        try:
            freeze_results(page=self.page, staff=request.user)
        except ValueError as error:  # the service's refusal, explained to the staff member
            return self.render_to_response(self.get_context_data(error=str(error)), status=400)
        messages.success(
            request,
            _("The results of '%(title)s' are frozen: the figures published will not change.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


def register_admin_urls():
    """For the ``register_admin_urls`` hook."""
    return [
        path(
            "budget/<int:page_id>/freeze-results/",
            FreezeResultsView.as_view(),
            name=URL_NAME,
        )
    ]


def _freeze_button(page, user, priority: int):
    if not issubclass(page.specific_class or object, BudgetPage):
        return None
    budget = page.specific_deferred if not isinstance(page, BudgetPage) else page
    source = budget.source_page
    if source.results_frozen_at or freeze_refusal(source) or not can_freeze(source, user):
        return None
    return Button(
        _("Freeze the results"),
        reverse(URL_NAME, args=[source.pk]),
        icon_name="lock",
        priority=priority,
    )


def page_header_buttons(page, user, view_name=None, next_url=None):
    """For ``register_page_header_buttons``: shown once the vote has closed, until frozen."""
    button = _freeze_button(page, user, priority=80)
    if button:
        yield button


def page_listing_more_buttons(page, user, next_url=None):
    """For ``register_page_listing_more_buttons`` (the "…" menu of the page explorer)."""
    button = _freeze_button(page, user, priority=70)
    if button:
        yield button


def register_log_actions(actions):
    """For ``register_log_actions``: how the page history shows a freeze."""
    actions.register_action(
        FREEZE_ACTION, gettext_lazy("Freeze results"), gettext_lazy("Results frozen")
    )
    actions.register_action(
        WITHDRAW_ACTION,
        gettext_lazy("Withdraw a paper ballot"),
        gettext_lazy("Paper ballot withdrawn"),
    )
