from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from home.services import CommuneSetupError, create_commune


class Command(BaseCommand):
    help = (
        "Create a commune: its Wagtail Site, localized home pages, settings, "
        "media collection, and editor and moderator groups scoped to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Short name, e.g. Belval.")
        parser.add_argument("--hostname", required=True, help="e.g. belval.example.org")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument(
            "--languages",
            default="fr",
            help="Comma-separated language codes, source language first (default: fr).",
        )
        parser.add_argument("--official-name", default="", help="e.g. 'Ville de Belval'.")
        parser.add_argument(
            "--default", action="store_true", help="Serve this commune for unknown hostnames."
        )

    def handle(self, *args, **options):
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        try:
            commune = create_commune(
                name=options["name"],
                hostname=options["hostname"],
                port=options["port"],
                languages=languages,
                official_name=options["official_name"],
                is_default_site=options["default"],
            )
        except CommuneSetupError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {commune.site.site_name} on {commune.site.root_url} "
                f"({', '.join(sorted(commune.home_pages))}); groups "
                f"'{commune.editors.name}' and '{commune.moderators.name}'."
            )
        )
