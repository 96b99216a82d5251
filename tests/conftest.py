import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation

from accounts.factories import UserFactory
from consultations.demo import MARKET_SQUARE
from consultations.factories import ProposalFactory, make_consultation

from . import communes
from .migrated_rows import content_types_first
from .server_lock import server_lock


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite (the report names each one), unless the
    run asked for PostgreSQL (AGORA_REQUIRE_POSTGRES): then they fail, see below."""
    group_tests_sharing_data(items)
    if on_postgresql() or os.environ.get("AGORA_REQUIRE_POSTGRES"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run `make test-postgres`")
    for item in items:
        if item.get_closest_marker("postgres") is not None:
            item.add_marker(skip)


def group_tests_sharing_data(items):
    """In parallel runs (`pytest -n … --dist loadgroup`, as `make test` does), the tests
    of a module whose fixture writes shared data to the database run in one process,
    which builds it once (the demo of tests/projects/test_demo.py takes seconds).
    tests/isolation's package-wide world is not grouped: it is quick to build, and
    its 1,800 tests are better shared out. The browser tests are grouped by tests/e2e."""
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        for name in item.fixturenames:
            fixturedef = (item._fixtureinfo.name2fixturedefs.get(name) or [None])[-1]
            if (
                fixturedef is not None
                and fixturedef.baseid  # the project's fixtures, not a plugin's
                and fixturedef.scope in ("module", "class")
                and "django_db_blocker" in fixturedef.argnames
            ):
                group = f"{fixturedef.baseid}::{fixturedef.argname}"
                item.add_marker(pytest.mark.xdist_group(group))
                break


def pytest_configure(config):
    lock = server_lock()
    if lock is not None:
        config.pluginmanager.register(lock, "agora-server-lock")
    _flush_before_deserializing()


def _flush_before_deserializing():
    """A `serialized_rollback` test writes the migrated rows back at its start, onto a
    database it expects empty (flushed by the transactional test before it). In a
    parallel run the browser tests may come first in a process: their end puts the
    migrated rows back for the tests that follow, and writing them again would
    collide. Such a test now empties the database first when it is not empty."""
    from django.core.management import call_command
    from django.db import connections
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_setup.__func__

    @classmethod
    def _fixture_setup(cls):
        if cls.serialized_rollback:
            for alias in cls._databases_names(include_mirrors=False):
                connection = connections[alias]
                if not hasattr(connection, "_test_serialized_contents"):
                    continue
                content_types_first(connection)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1 FROM django_content_type LIMIT 1")
                    if cursor.fetchone() is not None:
                        # Sequences are kept, as Django's own flush between tests
                        # keeps them: reset, PostgreSQL would hand out again the ids
                        # of the rows written back.
                        call_command(
                            "flush",
                            database=alias,
                            interactive=False,
                            verbosity=0,
                            inhibit_post_migrate=True,
                            reset_sequences=False,
                        )
        return original(cls)

    TransactionTestCase._fixture_setup = _fixture_setup


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") is None or on_postgresql():
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    pytest.fail(
        f"This test needs PostgreSQL and AGORA_REQUIRE_POSTGRES is set, "
        f"but the database is {engine}: check DATABASE_URL.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request):
    """Each parallel process has its own test database: `test_agora_gw0`… on
    PostgreSQL (as pytest-django names them), var/test_gw0.sqlite3… on SQLite."""
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        return
    for database in settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.sqlite3":
            if not test.get("NAME"):
                continue  # in memory: each process has its own anyway
            path = Path(test["NAME"])
            test["NAME"] = str(path.with_name(f"{path.stem}_{worker}{path.suffix}"))
        else:
            test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_{worker}"


@pytest.fixture
def no_rate_limits(monkeypatch):
    """For tests that hammer one endpoint on purpose; the limits have their own tests."""
    from core import ratelimit

    real_hit = ratelimit.hit
    monkeypatch.setattr(
        ratelimit, "hit", lambda scope, identifier, rate: real_hit(scope, identifier, "100000/h")
    )


@pytest.fixture(autouse=True)
def _french_first():
    """Every test starts in the site's first language, whatever language the request of
    an earlier test left active in this thread (Django's locale middleware does not
    restore it)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached values never leak from one test to the next. Rate-limit counters live in
    the database (AGORA_RATE_LIMIT_STORE in the test settings): each test's transaction
    resets them; tests of the cache store rely on this fixture instead."""
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def belval(db):
    """Belval: the default site, in all four languages (untranslated content)."""
    commune = communes.belval()
    return SimpleNamespace(**vars(commune), home=commune.home)


@pytest.fixture
def montclair(db):
    commune = communes.montclair()
    return SimpleNamespace(**vars(commune), home=commune.home)


@pytest.fixture
def citizen(db):
    """A citizen who may take part: e-mail confirmed, adult."""
    from consultations.factories import CitizenFactory

    return CitizenFactory(email="lea@example.org", display_name="Léa")


@pytest.fixture
def belval_editor(belval):
    return UserFactory(email="editeur@belval.localhost", groups=[belval.editors])


@pytest.fixture
def belval_moderator(belval):
    return UserFactory(email="moderateur@belval.localhost", groups=[belval.moderators])


@pytest.fixture
def market(belval):
    """Belval's market-square consultation with the demo's proposals."""
    page = make_consultation(
        parent=belval.home,
        title="Aménagement de la place du marché",
        slug="place-du-marche",
        intro="La place du marché sera réaménagée en 2027. Proposez vos idées.",
    )
    for title, body, _category in MARKET_SQUARE:
        ProposalFactory(page=page, title=title, body=body)
    return page
