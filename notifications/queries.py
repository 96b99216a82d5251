"""Reads about follows shared with other code."""

from .models import Follow


def is_following(user, page) -> bool:
    """Whether the person follows the page (its source-language instance)."""
    return bool(
        user.is_authenticated
        and Follow.objects.filter(user=user, page_id=page.source_page.pk).exists()
    )
