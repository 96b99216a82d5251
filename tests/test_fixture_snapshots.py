"""The communes the fixtures write back from snapshots are the communes `make_commune`
builds: the same rows in every table, with timestamps of the moment they are written
(tests/snapshots.py)."""

import datetime
import re
import uuid
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from home.factories import make_commune

from . import communes
from .snapshots import EMBEDDED_TIME, dump, tables

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


class Comparable:
    """Rows of two builds side by side: random keys (translation keys) are masked, and
    timestamps written during the build read "recent", in a column or inside JSON."""

    def __init__(self, started, finished):
        # A replay dates its rows as far back as the build they come from lasted.
        self.started = started - datetime.timedelta(minutes=1)
        self.finished = finished + datetime.timedelta(seconds=1)

    def _time(self, moment):
        if isinstance(moment, str):
            moment = datetime.datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return "recent" if self.started <= moment <= self.finished else moment

    def value(self, t, index, value):
        if value is None:
            return None
        if index in t.datetimes:
            return self._time(value)
        if isinstance(value, uuid.UUID):
            return "uuid"
        if isinstance(value, str):
            value = EMBEDDED_TIME.sub(lambda match: str(self._time(match.group())), value)
            return UUID.sub("uuid", value)
        return value


def database(build) -> dict[str, list[str]]:
    """Every table's rows after `build`, which is then undone (in the order of their
    comparable values: a random key may be the primary key)."""
    with transaction.atomic():
        started = datetime.datetime.now(datetime.UTC)
        build()
        comparable = Comparable(started, datetime.datetime.now(datetime.UTC))
        rows = {
            t.name: sorted(
                repr(tuple(comparable.value(t, i, v) for i, v in enumerate(row))) for row in dump(t)
            )
            for t in tables()
        }
        transaction.set_rollback(True)
    return rows


def test_written_back_communes_are_the_built_communes():
    belval, montclair = (
        communes.snapshots_of(communes.BELVAL),
        communes.snapshots_of(communes.MONTCLAIR),
    )
    # Snapshots taken an hour ago: written back, their rows are dated now.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=an_hour_ago):
        database(lambda: (belval(), montclair()))
    replayed = database(lambda: (belval(), montclair()))
    built = database(lambda: (make_commune(**communes.BELVAL), make_commune(**communes.MONTCLAIR)))
    assert {name: len(rows) for name, rows in replayed.items()} == {
        name: len(rows) for name, rows in built.items()
    }
    if connection.vendor == "sqlite":
        # The ids too: SQLite's counters roll back with the savepoint (PostgreSQL's
        # sequences do not, so a build there takes new ids).
        assert replayed == built


def test_a_replayed_commune_reads_like_a_built_one():
    belval = communes.belval()
    assert belval.site.hostname == "belval.localhost"
    assert belval.site.is_default_site
    assert belval.home.title == "Belval"
    assert sorted(belval.home_pages) == ["de", "en", "fr", "nl"]
    assert belval.settings.official_name == "Ville de Belval"
    assert belval.editors.name == "Belval — rédacteurs"
    assert belval.home.get_translations().count() == 3
