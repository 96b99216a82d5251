"""The platform's own tables: the rate-limit counters (see core/ratelimit.py)."""

from django.db import models


class RateLimitCounter(models.Model):
    """How many actions one identifier made in one window of one scope.

    `key` names the scope, the rate's period, the window's start and a hash of the
    identifier (never the address or e-mail in clear). `expires_at` is the end of the
    window, in seconds since the epoch: rows past it are only waiting to be purged.
    Written only by `core.ratelimit` (an atomic upsert), never through the ORM's save.
    """

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
