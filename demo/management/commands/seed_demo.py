"""Load the demo: two communes with translated pages and their staff accounts.

Re-runnable: a commune whose hostname already exists is left as it is, and
accounts are created only when missing.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from accounts.factories import DEMO_PASSWORD, SuperuserFactory, UserFactory
from accounts.models import User
from budget.demo import BUDGETS
from consultations.demo import (
    BELVAL_DONE,
    BELVAL_OPEN,
    MONTCLAIR_DONE,
    MONTCLAIR_OPEN,
    demo_citizens,
    seed_consultations,
)
from demo.communes import COMMUNES, CommuneSpec, PageSpec, Text
from home.demo import translate_into, translations
from home.factories import StandardPageFactory
from home.services import create_commune, translate_page_into
from projects.demo import seed_projects

DEMO_PORT = 8000
CONSULTATIONS = {
    "Belval": [BELVAL_OPEN, BELVAL_DONE],
    "Montclair": [MONTCLAIR_OPEN, MONTCLAIR_DONE],
}
SUPERUSER_EMAIL = "admin@agora.localhost"


def _stream(blocks: list[tuple[str, Text]], language: str = "fr"):
    stream = []
    for block_type, text in blocks:
        value = text.in_language(language)
        if block_type == "heading":
            stream.append(("heading", {"text": value, "level": "h2"}))
        else:
            stream.append(("paragraph", f"<p>{value}</p>"))
    return stream


def _page_texts(spec: PageSpec) -> list[Text]:
    texts = [spec.title, spec.slug, *(text for _type, text in spec.body)]
    if spec.intro:
        texts.append(spec.intro)
    return texts


class Command(BaseCommand):
    help = "Load the demo communes Belval and Montclair (skips what already exists)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing when any commune already exists (used by `make run`).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=DEMO_PORT,
            help=(
                "The port the demo is served on (`make run PORT=…`): its communes' sites "
                "are stored with it, so that e-mails and feeds link to the right address. "
                "Demo communes already loaded are moved to it."
            ),
        )

    def handle(self, *args, **options):
        port = options["port"]
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        self.port = port
        self._follow_port()
        if options["if_empty"] and Site.objects.exists():
            self.stdout.write("Communes already exist: demo not loaded.")
            return
        with transaction.atomic():
            if not User.objects.filter(email=SUPERUSER_EMAIL).exists():
                SuperuserFactory(email=SUPERUSER_EMAIL, display_name="Administration Agora")
            citizens = None
            for spec in COMMUNES:
                if Site.objects.filter(hostname=spec.hostname).exists():
                    self.stdout.write(f"{spec.name}: already there.")
                    continue
                citizens = citizens or demo_citizens()
                self._seed_commune(spec, citizens)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Log in at http://localhost:{port}/admin/ as "
                f"{SUPERUSER_EMAIL} (password: {DEMO_PASSWORD})."
            )
        )

    def _follow_port(self) -> None:
        """Move the demo communes already loaded to the port the demo is served on
        (saving each Site tells the caches, as an edit in the admin would)."""
        hostnames = [spec.hostname for spec in COMMUNES]
        for site in Site.objects.filter(hostname__in=hostnames).exclude(port=self.port):
            site.port = self.port
            site.save(update_fields=["port"])
            self.stdout.write(f"{site.hostname}: now on port {self.port}.")

    def _seed_commune(self, spec: CommuneSpec, citizens) -> None:
        commune = create_commune(
            name=spec.name,
            hostname=spec.hostname,
            port=self.port,
            languages=spec.languages,
            is_default_site=spec.is_default_site,
            official_name=spec.official_name,
            accent_colour=spec.accent_colour,
        )
        home = commune.home
        home.hero_title = spec.hero_title.fr
        home.hero_text = spec.hero_text.fr
        home.body = _stream(spec.home_body)
        home.save_revision().publish()
        home_texts = [spec.hero_title, spec.hero_text, *(text for _type, text in spec.home_body)]

        pages = []
        for page_spec in spec.pages:
            page = StandardPageFactory(
                parent=home,
                title=page_spec.title.fr,
                slug=page_spec.slug.fr,
                intro=page_spec.intro.fr if page_spec.intro else "",
                body=_stream(page_spec.body),
                show_in_menus=page_spec.show_in_menus,
            )
            page.save_revision().publish()
            pages.append((page, page_spec))

        languages = spec.languages[1:]
        # The home page's own title and slug stay the commune's name.
        translate_page_into(
            page=home,
            strings={
                language: translations(home_texts, language)
                | {home.title: home.title, home.slug: home.slug}
                for language in languages
            },
        )
        for page, page_spec in pages:
            translate_into(page, _page_texts(page_spec), languages)

        settings = commune.settings
        settings.contact_email = spec.contact_email
        settings.contact_address = spec.contact_address
        for page, page_spec in pages:
            if page_spec.role == "legal":
                settings.legal_notice_page = page
            elif page_spec.role == "accessibility":
                settings.accessibility_page = page
        settings.save()

        slug = spec.hostname.split(".")[0]
        editor = UserFactory(
            email=f"editeur@{slug}.localhost",
            display_name=f"Éditrice {spec.name}",
            groups=[commune.editors],
        )
        moderator = UserFactory(
            email=f"moderateur@{slug}.localhost",
            display_name=f"Modérateur {spec.name}",
            groups=[commune.moderators],
        )
        rng = random.Random(spec.name)  # noqa: S311 - reproducible demo data, not security
        seed_consultations(
            commune,
            specs=CONSULTATIONS[spec.name],
            rng=rng,
            citizens=citizens,
            moderator=moderator,
        )
        finished_budget = BUDGETS[spec.name](commune, rng=rng, citizens=citizens, staff=moderator)
        seed_projects(
            commune,
            budget=finished_budget,
            editor=editor,
            moderator=moderator,
            citizens=citizens,
            rng=rng,
        )
        self.stdout.write(f"{spec.name}: created on {commune.site.root_url}.")
