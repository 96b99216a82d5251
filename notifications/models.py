"""Citizens following pages.

A follow belongs to the source-language page (translations share it). Pages whose
type has the follow routes can be followed (see `notifications.rules`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        # The table was created by the projects app, where follows began. Keeping its
        # name made the move a change of Django's state only: no table is copied or
        # renamed, and code of either version reads the same rows during a deployment
        # (see migrations/0001_initial.py).
        db_table = "projects_follow"
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="one_follow_per_page")]

    def __str__(self):
        return f"{self.user_id} → {self.page_id}"
