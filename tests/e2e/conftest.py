"""Browser tests: Playwright drives Debian's Chromium against a live server with the demo.

- Chromium: `/usr/bin/chromium` (or `AGORA_CHROMIUM`). Without it the browser tests
  are skipped with a message, except in CI (`CI=true`), where a missing browser fails
  the run: CI installs it (see `.ci/run`) and must never pass by skipping them.
- axe-core comes from the npm registry, pinned in package-lock.json (`npm ci`).
- The demo (`seed_demo`) is loaded once into the test database for all the browser
  tests, and a live server (one thread per request) serves it to the browser.
  Tests change the demo (new accounts, proposals, ballots): each one makes its own
  data or uses demo data no other test changes, so they do not depend on their order.
  The database is restored to its freshly-migrated state afterwards.
"""

import contextlib
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.factories import DEMO_PASSWORD  # noqa: F401 - the demo's, shared by the tests
from tests.migrated_rows import content_types_first

ROOT = Path(settings.BASE_DIR)
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

try:
    import playwright  # noqa: F401 - installed by the test extra
except ImportError:
    if IN_CI:
        raise
    # Outside CI a machine without the test extra's Playwright still runs the rest.
    collect_ignore_glob = ["test_*.py"]

    def pytest_report_header(config):
        return "browser tests skipped: Playwright is not installed (pip install -e '.[test]')"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """In parallel runs (`--dist loadgroup`), every browser test runs in one process:
    they share one live server with the demo and one browser, set up once."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "mobile": MOBILE}

BELVAL = "belval.localhost"
MONTCLAIR = "montclair.localhost"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Every commune's hostname (belval.localhost, montclair.localhost) is this machine.
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


def chromium_candidate() -> str:
    return os.environ.get("AGORA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def unavailable(reason: str):
    """Skip locally, fail in CI: the browser tests are never skipped there."""
    if IN_CI:
        pytest.fail(f"Browser tests cannot run: {reason} (CI=true: they must run)", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def chromium_executable():
    path = chromium_candidate()
    if not os.access(path, os.X_OK):
        unavailable(
            f"no Chromium at {path} (install it with `apt-get install chromium`, "
            "or set AGORA_CHROMIUM)."
        )
    return path


@dataclass
class DemoServer:
    """The live server, addressed by commune hostname."""

    port: int

    def url(self, path: str = "/fr/", host: str = BELVAL) -> str:
        return f"http://{host}:{self.port}{path}"


@contextlib.contextmanager
def async_unsafe_allowed():
    """Playwright's synchronous API runs an event loop in this thread; Django refuses
    ORM calls from a thread with a running loop unless told it is safe (it is: the
    loop only drives the browser, and the ORM calls block as usual). Set only while
    browser code runs: any other test, or a subprocess, must not inherit it."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def restore_migrated_state(connection, pristine: str):
    """Empty the database, then put back what the migrations created (root page,
    locales, collections, groups), as Django's serialized rollback does.

    The rows come back with their ids; on PostgreSQL the sequences, reset by the
    flush, are then moved past them (as `loaddata` does), or the next row created
    would take id 1 again."""
    from django.apps import apps
    from django.core.management.color import no_style

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(pristine)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def wait_for_unfinished_requests(timeout: float = 60.0):
    """The live server answers each request in a thread of its own, which stopping the
    server does not wait for. A request the browser sent just before it closed may
    still be writing (a session, a revision, a content type): left running, it would
    write into the database being restored, or into the next test's."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                raise RuntimeError(f"A request of the live server never finished: {thread.name}")


# Package scope: the server, the demo data and the browser live only while the browser
# tests run (they run together, after the database tests), then everything is undone.
@pytest.fixture(scope="package")
def demo_server(request, chromium_executable, django_db_setup, django_db_blocker):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer
    from wagtail.models import Site

    from tests.demo_data import load_demo

    with django_db_blocker.unblock(), async_unsafe_allowed():
        # pytest-django creates the test database only when some collected test asks
        # for `db`; when only browser tests run, create it here.
        created = None
        keepdb = bool(request.config.getvalue("reuse_db"))
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            created = setup_databases(
                verbosity=0, interactive=False, aliases={"default"}, keepdb=keepdb
            )
        # In a whole-suite run, transactional tests ran before and flushed the tables;
        # the migrated state they saved (serialized rollback) is restored first.
        if getattr(connection, "_test_serialized_contents", None) is None:
            pristine = connection.creation.serialize_db_to_string()
        else:
            content_types_first(connection)
            pristine = connection._test_serialized_contents
            restore_migrated_state(connection, pristine)
        load_demo()
        server = LiveServer("127.0.0.1:0")
        port = server.thread.port
        # Links between communes and in e-mails use each Site's port.
        Site.objects.update(port=port)
        cache.clear()
    try:
        yield DemoServer(port=port)
    finally:
        server.stop()
        wait_for_unfinished_requests()
        with django_db_blocker.unblock(), async_unsafe_allowed():
            restore_migrated_state(connection, pristine)
            if created is not None and not keepdb:
                teardown_databases(created, verbosity=0)


@pytest.fixture(autouse=True)
def _db_access(request, django_db_blocker):
    """Browser tests read and arrange data directly (outside any transaction: the
    live server must see it)."""
    if "demo_server" not in request.fixturenames:
        yield
        return
    from django.db import connections

    with django_db_blocker.unblock(), async_unsafe_allowed():
        yield
        # The test's own connection: left open, PostgreSQL would refuse to drop the
        # test database at the end of the run ("being accessed by other users").
        connections.close_all()


@pytest.fixture(scope="package")
def browser(chromium_executable, demo_server):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()


def new_page(browser, *, viewport=DESKTOP, locale="fr-FR"):
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(15_000)
    return context.new_page()


FAILURES = ROOT / "var" / "e2e-failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


def close(tabs, request):
    """Close the browsers; after a failure, keep a picture of each in var/e2e-failures/."""
    for number, tab in enumerate(tabs):
        if getattr(request.node, "e2e_failed", False):
            FAILURES.mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() else "-" for c in request.node.name)
            # A picture is a bonus, never an error of its own.
            with contextlib.suppress(Exception):
                tab.screenshot(path=FAILURES / f"{name}-{number}.png", full_page=True)
        tab.context.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser (cookies, storage) at desktop width, French preferred."""
    tab = new_page(browser)
    yield tab
    close([tab], request)


@pytest.fixture
def open_page(browser, request):
    """Factory for extra browsers in one test (another person, another width)."""
    opened = []

    def make(**kwargs):
        tab = new_page(browser, **kwargs)
        opened.append(tab)
        return tab

    yield make
    close(opened, request)


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_PATH.exists():
        unavailable("axe-core is not installed (run `npm ci`, as `make test-e2e` does).")
    return AXE_PATH.read_text(encoding="utf-8")
