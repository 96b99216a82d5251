"""Writes of the projects app. Every function is keyword-only and transactional."""

from .notifications import deliver_notifications, record_publication
from .winners import ProjectsRefused, WinnersOutcome, create_projects_from_winners

__all__ = [
    "ProjectsRefused",
    "WinnersOutcome",
    "create_projects_from_winners",
    "deliver_notifications",
    "record_publication",
]
