"""The demo (`seed_demo`) for the tests that read it, built once per test process.

Loading it takes seconds (two communes in four languages, pages, proposals, ballots,
projects). The first test of a process that needs it runs `seed_demo`; the next ones,
starting from the same state of the database, get its rows written back from the
snapshot (tests/snapshots.py), as the communes of tests/communes.py are. The command
itself is tested for real in tests/demo/test_seed_demo.py.
"""

import io

from django.core.management import call_command
from wagtail.models import Site

from home.services import commune_changed

from .communes import READS
from .snapshots import Snapshots


def _seed() -> None:
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def _after_replay(_result) -> None:
    """What the signals of a real load do besides rows: Wagtail forgets its site
    roots, and the communes' cached pages and the sites table are stale."""
    Site.clear_site_root_paths_cache()
    for site in Site.objects.all():
        commune_changed(site=site)


load_demo = Snapshots(
    _seed,
    record=lambda _result: None,
    refetch=lambda _keys: None,
    reads=(*READS, "accounts_user"),
    after_replay=_after_replay,
)
