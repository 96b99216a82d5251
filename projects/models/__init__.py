from .follows import EventKind, FollowNotification, ProjectEvent
from .pages import (
    SUMMARY_MAX,
    ProjectImage,
    ProjectIndexPage,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPage,
    ProjectStatus,
    ProjectUpdate,
    TimelineEntry,
)

__all__ = [
    "SUMMARY_MAX",
    "EventKind",
    "FollowNotification",
    "ProjectEvent",
    "ProjectImage",
    "ProjectIndexPage",
    "ProjectMilestone",
    "ProjectOrigin",
    "ProjectPage",
    "ProjectStatus",
    "ProjectUpdate",
    "TimelineEntry",
]
