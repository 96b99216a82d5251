"""Personal data the projects app keeps about a person: the news sent to them.

Called by the accounts app's data export and account deletion:
``export_personal_data(user) -> dict`` and
``erase_personal_data(user, *, delete_contributions) -> None`` (see accounts/__init__.py).
The record of news sent is removed either way: it is not a contribution. The pages a
person follows are the notifications app's (`notifications.personal_data`).
"""

from django.db import transaction

from .models import FollowNotification


def export_personal_data(user) -> dict:
    notifications = (
        FollowNotification.objects.filter(user=user)
        .select_related("event__project")
        .order_by("created_at", "pk")
    )
    return {
        "notifications": [
            {
                "project": notification.event.project.title,
                "news": notification.event.kind,
                "recorded": notification.created_at.isoformat(),
                "sent": notification.sent_at.isoformat() if notification.sent_at else None,
            }
            for notification in notifications
        ],
    }


@transaction.atomic
def erase_personal_data(user, *, delete_contributions: bool = False) -> None:
    FollowNotification.objects.filter(user=user).delete()
