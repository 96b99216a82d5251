"""Admin registrations of participatory budgets: project review, paper ballots, freezing."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from consultations.hooks import PROPOSAL_ACTIONS_HOOK

from . import admin_results
from .admin_paper import PaperBallotsPageButton, PaperBallotViewSet
from .admin_review import ProjectReviewViewSet, ReviewPageButton, review_action
from .models import BudgetPage


def budget_page_buttons(page, user, view_name=None, next_url=None):
    """Buttons of the page explorer for a budget page: review and paper ballots.

    Register with both `register_page_header_buttons` and
    `register_page_listing_more_buttons`.
    """
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, BudgetPage):
        return []
    return [ReviewPageButton(page=page), PaperBallotsPageButton(page=page)]


class BudgetStaffViewSetGroup(ViewSetGroup):
    """The "Participatory budget" admin menu: project review and paper ballots."""

    menu_label = _("Participatory budget")
    menu_icon = "table"
    menu_order = 260

    def __init__(self, extra_items=()):
        self.items = (ProjectReviewViewSet, PaperBallotViewSet, *extra_items)
        super().__init__()


def budget_staff_viewsets(extra_items=()):
    """For the `register_admin_viewset` hook: the group, with other budget viewsets if any."""
    return BudgetStaffViewSetGroup(extra_items=extra_items)


@hooks.register("register_admin_viewset")
def register_budget_staff_viewsets():
    return budget_staff_viewsets()


hooks.register("register_admin_urls", admin_results.register_admin_urls)
hooks.register("register_log_actions", admin_results.register_log_actions)
hooks.register("register_page_header_buttons", budget_page_buttons)
hooks.register("register_page_header_buttons", admin_results.page_header_buttons)
hooks.register("register_page_listing_more_buttons", budget_page_buttons)
hooks.register("register_page_listing_more_buttons", admin_results.page_listing_more_buttons)
hooks.register(PROPOSAL_ACTIONS_HOOK, review_action)
