from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Communes and pages")

    def ready(self):
        from core.admin_scope import register_site_model

        from . import signal_handlers

        register_site_model("home.CommuneSettings")
        signal_handlers.connect()
