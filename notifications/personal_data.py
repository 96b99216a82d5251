"""Personal data the notifications app keeps about a person: the pages they follow.

Called by the accounts app's data export and account deletion:
``export_personal_data(user) -> dict`` and
``erase_personal_data(user, *, delete_contributions) -> None`` (see accounts/__init__.py).
Follows are removed either way: they are not contributions.
"""

from django.db import transaction

from .models import Follow


def export_personal_data(user) -> dict:
    follows = Follow.objects.filter(user=user).select_related("page").order_by("created_at", "pk")
    return {
        "follows": [
            {
                "page": follow.page.title,
                "url": follow.page.full_url or "",
                "since": follow.created_at.isoformat(),
            }
            for follow in follows
        ],
    }


@transaction.atomic
def erase_personal_data(user, *, delete_contributions: bool = False) -> None:
    Follow.objects.filter(user=user).delete()
