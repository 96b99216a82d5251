"""Personal data the projects app keeps about a person: follows and the news sent.

Called by the accounts app's data export and account deletion:
``export_personal_data(user) -> dict`` and
``erase_personal_data(user, *, delete_contributions) -> None`` (see accounts/__init__.py).
Follows and the record of news sent are removed either way: they are not contributions.
"""

from django.db import transaction

from .models import Follow, FollowNotification


def export_personal_data(user) -> dict:
    follows = Follow.objects.filter(user=user).select_related("page").order_by("created_at", "pk")
    notifications = (
        FollowNotification.objects.filter(user=user)
        .select_related("event__project")
        .order_by("created_at", "pk")
    )
    return {
        "follows": [
            {
                "page": follow.page.title,
                "url": follow.page.full_url or "",
                "since": follow.created_at.isoformat(),
            }
            for follow in follows
        ],
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
    Follow.objects.filter(user=user).delete()
