from django.db import transaction
from wagtail import hooks
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction

from . import services


class ErasingDeleteBulkAction(DeleteBulkAction):
    """The admin's bulk "Delete" of users, erasing each account through
    `services.erase_account` like the single delete view."""

    @classmethod
    def execute_action(cls, objects, model=None, **kwargs):
        with transaction.atomic():
            for user in objects:
                services.erase_account(user=user, delete_contributions=False)
        return len(objects), 0


# Registered after Wagtail's own (order 0), so it replaces the "delete" action for users.
hooks.register("register_bulk_action", ErasingDeleteBulkAction, order=100)
