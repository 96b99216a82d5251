"""Admin registrations of participatory budgets: project review, paper ballots, freezing."""

from wagtail import hooks

from consultations.hooks import PROPOSAL_ACTIONS_HOOK

from . import admin_results
from .admin_review import budget_page_buttons, budget_staff_viewsets, review_action


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
