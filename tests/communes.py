"""Belval and Montclair, as the `belval` and `montclair` fixtures give them to tests.

Each is built by `make_commune` the first time a test process needs it from a given
state of the database, then written back from its snapshot (tests/snapshots.py):
the same rows, ids and "now" timestamps as a build, for a fraction of the cost.
"""

from django.contrib.auth.models import Group
from wagtail.models import Collection, Site, Workflow

from home.factories import make_commune
from home.models import CommuneSettings, HomePage
from home.services import Commune, commune_changed

from .snapshots import Snapshots

BELVAL = {
    "name": "Belval",
    "hostname": "belval.localhost",
    "languages": ["fr", "en", "de", "nl"],
    "is_default_site": True,
    "official_name": "Ville de Belval",
    "accent_colour": "#1d4e89",
}
MONTCLAIR = {
    "name": "Montclair",
    "hostname": "montclair.localhost",
    "languages": ["fr", "en"],
    "official_name": "Commune de Montclair",
    "accent_colour": "#7a2e5c",
}

# What `create_commune` reads besides the tables it writes: whether the hostname,
# the group names or a default site are taken, which locales exist, the page and
# collection trees.
READS = (
    "wagtailcore_site",
    "auth_group",
    "wagtailcore_locale",
    "wagtailcore_page",
    "wagtailcore_collection",
)


def _record(commune: Commune) -> dict:
    return {
        "site": commune.site.pk,
        "home_pages": {code: page.pk for code, page in commune.home_pages.items()},
        "settings": commune.settings.pk,
        "collection": commune.collection.pk,
        "editors": commune.editors.pk,
        "moderators": commune.moderators.pk,
        "workflow": commune.workflow.pk,
    }


def _refetch(keys: dict) -> Commune:
    pages = HomePage.objects.filter(pk__in=keys["home_pages"].values()).select_related("locale")
    by_pk = {page.pk: page for page in pages}
    return Commune(
        site=Site.objects.get(pk=keys["site"]),
        home_pages={code: by_pk[pk] for code, pk in keys["home_pages"].items()},
        settings=CommuneSettings.objects.get(pk=keys["settings"]),
        collection=Collection.objects.get(pk=keys["collection"]),
        editors=Group.objects.get(pk=keys["editors"]),
        moderators=Group.objects.get(pk=keys["moderators"]),
        workflow=Workflow.objects.get(pk=keys["workflow"]),
    )


def _after_replay(commune: Commune) -> None:
    """What the signals of a build do besides rows: Wagtail forgets its site roots,
    and the commune's cached pages and the sites table are stale."""
    Site.clear_site_root_paths_cache()
    commune_changed(site=commune.site)


def snapshots_of(fields: dict) -> Snapshots:
    return Snapshots(
        lambda: make_commune(**fields),
        record=_record,
        refetch=_refetch,
        reads=READS,
        after_replay=_after_replay,
    )


belval = snapshots_of(BELVAL)
montclair = snapshots_of(MONTCLAIR)
