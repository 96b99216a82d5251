"""The ledger that makes each piece of a project's news go out once to its followers.

Follows themselves are the notifications app's (`notifications.models.Follow`). When a
project page is published, what is new on it becomes a `ProjectEvent` (unique
key made of translation keys, so neither a second publication nor a translation
makes it new again), and each follower gets one `FollowNotification` row per
event (unique per person and event): the row is the proof the e-mail was sent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    STARTED = "started", _("Project published")
    MILESTONE = "milestone", _("Milestone reached")
    UPDATE = "update", _("Update published")


class ProjectEvent(models.Model):
    """Something followers hear about once: a project published, a milestone done, news."""

    project = models.ForeignKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    # "<project translation key>:<kind>[:<milestone or update translation key>]"
    key = models.CharField(max_length=100, unique=True)
    object_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.key


class FollowNotification(models.Model):
    """One person told about one event: never twice (unique), sent once (`sent_at`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_notifications"
    )
    event = models.ForeignKey(ProjectEvent, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow notification")
        verbose_name_plural = _("follow notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_notification_per_event")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.event_id}"
