from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from core.page_rows import watch_people

        from . import (
            checks,  # noqa: F401 - registers the personal-data checks
            lockout,
        )
        from .models import User

        # One lockout whatever the route (accounts/lockout.py).
        user_login_failed.connect(lockout.count_failure, dispatch_uid="agora-lockout-failure")
        user_logged_in.connect(lockout.clear_after_log_in, dispatch_uid="agora-lockout-clear")
        # Pages show a person's display name next to their contributions: changing it,
        # or deleting the account, makes those pages stale (core.page_rows).
        watch_people(User, fields=("display_name",))


class AgoraUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our public display name."""

    user_viewset = "accounts.viewsets.UserViewSet"
