"""Following pages and unsubscribing (with or without logging in)."""

from django.db import transaction

from . import rules
from .models import Follow
from .tokens import InvalidUnsubscribeToken, read_unsubscribe_token


class FollowRefused(Exception):
    """The citizen may not follow this page; `decision` says why."""

    def __init__(self, decision):
        super().__init__(decision.reason)
        self.decision = decision


@transaction.atomic
def follow_page(*, page, user) -> Follow:
    """Follow a page (its source-language instance).

    Following twice is harmless: the existing follow is returned.
    """
    decision = rules.can_follow(page, user)
    if not decision:
        raise FollowRefused(decision)
    follow, _created = Follow.objects.get_or_create(user=user, page_id=page.source_page.pk)
    return follow


@transaction.atomic
def unfollow_page(*, page, user) -> bool:
    """Stop following; True if the person was following."""
    deleted, _by_model = Follow.objects.filter(user=user, page_id=page.source_page.pk).delete()
    return bool(deleted)


def unsubscribe_target(*, token: str, page) -> int:
    """The user id an unsubscribe token of this page was made for.

    Raises InvalidUnsubscribeToken when the token is damaged or made for another page.
    """
    user_id, page_id = read_unsubscribe_token(token)
    if page_id != page.source_page.pk:
        raise InvalidUnsubscribeToken()
    return user_id


@transaction.atomic
def unsubscribe(*, token: str, page) -> bool:
    """Stop the follow an e-mail's link names, without logging in.

    True if a follow was removed, False if it was already gone. Raises
    InvalidUnsubscribeToken for a damaged or forged link.
    """
    user_id = unsubscribe_target(token=token, page=page)
    deleted, _by_model = Follow.objects.filter(
        user_id=user_id, page_id=page.source_page.pk
    ).delete()
    return bool(deleted)
