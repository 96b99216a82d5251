from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from core.admin_scope import register_policy_model, register_site_model
        from core.owners import register_owner
        from core.page_rows import watch_page_rows
        from core.tenancy import site_for_page
        from home.models import register_participation_page
        from home.services import register_group_permissions
        from home.signal_handlers import watch_commune_rows

        from . import questionnaire_views, views  # noqa: F401 - register the route views
        from .models import (
            Category,
            Comment,
            ConsultationPage,
            District,
            Proposal,
            QuestionnaireSubmission,
            StatusChange,
            Support,
        )

        # Themes and districts belong to a commune; proposals and comments are scoped by
        # their permission policy (consultations.admin_views.StaffScope).
        register_site_model("consultations.Category")
        register_site_model("consultations.District")
        register_policy_model("consultations.Proposal")
        register_policy_model("consultations.Comment")
        for label in ("consultations.Proposal", "consultations.Comment"):
            register_owner(label, lambda contribution: site_for_page(contribution.page))
        watch_commune_rows(Category, District)
        # What participation pages show: a change to any of these rows, by whatever
        # code, makes the page's cached copies stale (core.page_rows).
        watch_page_rows(Proposal, page="page", people=("author",))
        watch_page_rows(Comment, page="page", people=("author",))
        watch_page_rows(Support, page="proposal__page")
        watch_page_rows(StatusChange, page="proposal__page")
        # A consultation shows the results of the questionnaires under it.
        watch_page_rows(QuestionnaireSubmission, page="page", on_parent=True)
        register_participation_page(ConsultationPage)
        # A commune's staff moderate its contributions (citizens' own: staff never add or
        # delete them), and its editors keep its themes and districts.
        contributions = [
            ("consultations", f"{action}_{model}")
            for model in ("proposal", "comment")
            for action in ("view", "change")
        ]
        taxonomy = [
            ("consultations", f"{action}_{model}")
            for model in ("category", "district")
            for action in ("add", "change", "delete", "view")
        ]
        register_group_permissions("editors", contributions + taxonomy)
        register_group_permissions("moderators", contributions)
