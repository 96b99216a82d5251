from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Participatory budgets")

    def ready(self):
        from home.models import register_participation_page

        from . import results_views, views  # noqa: F401 - register the pages' route views
        from .models import BudgetPage

        register_participation_page(BudgetPage)
