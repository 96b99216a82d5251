from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.users.views.users import DeleteView as WagtailUserDeleteView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import services
from .forms import AdminUserCreationForm, AdminUserEditForm


class UserDeleteView(WagtailUserDeleteView):
    """Deleting an account in the admin erases it as the person's own request would
    (`services.erase_account`): counts stay right and nothing keeps their name. The
    history records the deletion without the name."""

    def get_success_message(self):
        return _("Account deleted; its personal data is erased.")

    def delete_action(self):
        user = self.object
        services.erase_account(user=user, delete_contributions=False)
        log(
            instance=user,
            action="wagtail.delete",
            user=self.request.user,
            title=_("Deleted participant"),
            deleted=True,
        )


class UserViewSet(WagtailUserViewSet):
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
