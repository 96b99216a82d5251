"""Writes of the projects app. Every function is keyword-only and transactional."""

from .follows import FollowRefused, follow_page, unfollow_page, unsubscribe, unsubscribe_target
from .notifications import deliver_notifications, record_publication
from .winners import ProjectsRefused, WinnersOutcome, create_projects_from_winners

__all__ = [
    "FollowRefused",
    "ProjectsRefused",
    "WinnersOutcome",
    "create_projects_from_winners",
    "deliver_notifications",
    "follow_page",
    "record_publication",
    "unfollow_page",
    "unsubscribe",
    "unsubscribe_target",
]
