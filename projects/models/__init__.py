from .follows import EventKind, Follow, FollowNotification, ProjectEvent
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
    "Follow",
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
