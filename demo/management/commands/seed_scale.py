"""Build a large data set to measure Agora at city scale (see `demo/scale.py`)."""

import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from demo.scale import seed_scale


class Command(BaseCommand):
    help = (
        "Build a city-scale data set: communes with a consultation and two budgets, "
        "thousands of proposals, comments and ballots (bulk inserts; prints timings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=5000)
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument("--ballots", type=int, default=200_000)
        parser.add_argument("--communes", type=int, default=2)
        parser.add_argument(
            "--citizens", type=int, default=None, help="Accounts (default: proposals / 2)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )

    def handle(self, *args, **options):
        if Site.objects.filter(hostname__startswith="echelle").exists():
            raise CommandError("The scale communes (echelleN.localhost) already exist.")
        started = time.perf_counter()
        self.stdout.write("Building the scale data set:")
        try:
            report = seed_scale(
                proposals=options["proposals"],
                comments=options["comments"],
                ballots=options["ballots"],
                communes=options["communes"],
                citizens=options["citizens"],
                seed=options["seed"],
                say=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{value} {label}" for label, value in report.counts.items())
        self.stdout.write(f"In the database: {counts}.")
        for commune in report.communes:
            busy = commune.busy_proposal.pk if commune.busy_proposal else "-"
            self.stdout.write(
                f"{commune.name}: {commune.consultation.full_url} (busy proposal #{busy}), "
                f"{commune.open_budget.full_url}, {commune.closed_budget.full_url}"
            )
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))
