"""A damaged database file: every page answers 503 with Retry-After, never a traceback.

SQLite says "file is not a database" (or "database disk image is malformed") on the
first query of a damaged file; the connection itself opens. The site answers as in
an outage, in production as with DEBUG on (the development server), whether the
error is met in a view or in a middleware, and so does /healthz.
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, IntegrityError, connection
from django.test import Client

from core.outage import is_database_down

from .test_outage import assert_outage_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="damages an SQLite file (PostgreSQL: see below)"
)


@contextmanager
def damaged_database(tmp_path):
    """Until the block ends, the database is a file of something else."""
    damaged = tmp_path / "agora.sqlite3"
    damaged.write_bytes(b"Not a database, a spreadsheet exported by mistake.\n" * 200)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["NAME"] = str(damaged)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@sqlite_only
@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_damaged_database_answers_503_everywhere(tmp_path, consultation, settings, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    with damaged_database(tmp_path):
        for url in ("/fr/", consultation.url, "/fr/accounts/login/", "/admin/"):
            response = client.get(url, HTTP_HOST="belval.localhost")
            assert_outage_page(response)
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health["Retry-After"]
    assert client.get("/healthz").status_code == 200


def _driver_error(error: sqlite3.DatabaseError) -> DatabaseError:
    """The error as Django raises it: its own class, the driver's error as its cause."""
    try:
        try:
            raise error
        except sqlite3.DatabaseError as cause:
            raise DatabaseError(str(cause)) from cause
    except DatabaseError as wrapped:
        return wrapped


def test_which_errors_mean_the_database_is_unusable(tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        sqlite3.connect(damaged).execute("SELECT * FROM sqlite_master")
    assert raised.value.sqlite_errorname == "SQLITE_NOTADB"
    assert is_database_down(_driver_error(raised.value))
    # A write refused for what it asks is not an outage.
    memory = sqlite3.connect(":memory:")
    memory.execute("CREATE TABLE vote (points INTEGER CHECK (points > 0))")
    with pytest.raises(sqlite3.DatabaseError) as raised:
        memory.execute("INSERT INTO vote VALUES (0)")
    assert not is_database_down(_driver_error(raised.value))
    assert not is_database_down(IntegrityError("UNIQUE constraint failed"))
    assert not is_database_down(DatabaseError("Save with update_fields did not affect any rows."))
