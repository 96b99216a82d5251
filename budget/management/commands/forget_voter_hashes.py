"""``manage.py forget_voter_hashes``: run daily (cron) to drop hashes that have served.

Ballots of deleted accounts, and paper ballots, keep the voter's keyed hash only
while their vote can still take ballots (see budget/personal_data.py). Freezing the
results drops them at once; this command covers budgets whose results are never
frozen, ``VOTER_HASH_GRACE_DAYS`` days after the vote's last day.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from budget.personal_data import forget_voter_hashes


class Command(BaseCommand):
    help = "Drop the voter hash of ballots without an account on votes that are over for good."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = forget_voter_hashes()
        self.stdout.write(f"{count} voter hash(es) forgotten.")
