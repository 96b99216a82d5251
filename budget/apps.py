from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Participatory budgets")

    def ready(self):
        from core.page_rows import watch_page_rows
        from home.models import register_participation_page

        from . import results_views, views  # noqa: F401 - register the pages' route views
        from .models import BudgetPage, ProjectReview

        register_participation_page(BudgetPage)
        # A project's review (its final cost, why it is ineligible) shows on its page.
        watch_page_rows(ProjectReview, page="proposal__page")
