from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import checks  # noqa: F401 - registers the personal-data checks


class AgoraUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our public display name."""

    user_viewset = "accounts.viewsets.UserViewSet"
