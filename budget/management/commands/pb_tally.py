"""``manage.py pb_tally FILE.pb``: count a pabulib file from the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.pabulib import PabulibError, tally_file
from budget.tally import Rule


class Command(BaseCommand):
    help = (
        "Count the ballots of a pabulib file and print the winning project ids in the "
        "order they were funded, one per line (or the whole result with --json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to the .pb file")
        parser.add_argument(
            "--rule",
            choices=[rule.value for rule in Rule],
            help="counting rule; default: the file's META rule (equalshares: mes), else greedy",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counted = tally_file(options["file"], options["rule"])
        except PabulibError as error:
            raise CommandError(f"{options['file']}: {error}", returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(counted.as_json(), ensure_ascii=False, indent=2))
        else:
            for project_id in counted.result.winners:
                self.stdout.write(str(project_id))
