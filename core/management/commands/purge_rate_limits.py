"""``manage.py purge_rate_limits``: run daily (cron) to delete ended rate-limit windows.

The database store of core/ratelimit.py already purges now and then as it counts;
this command keeps the table small on a quiet site too. With the cache store
(Redis) there is nothing to do: the cache expires its counters itself.
"""

from django.core.management.base import BaseCommand

from core import ratelimit


class Command(BaseCommand):
    help = "Delete the rate-limit counters whose window has ended."

    def handle(self, *args, **options):
        count = ratelimit.purge()
        self.stdout.write(f"{count} ended rate-limit window(s) deleted.")
