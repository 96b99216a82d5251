from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform under every app: tenancy, site lookup, page cache, rate limits, CSP,
    uploads, outages, backups, text and money helpers. It knows no app above it."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .spreadsheets import guard_admin_exports

        # Every admin listing's CSV and XLSX export, Wagtail's own included.
        guard_admin_exports()
