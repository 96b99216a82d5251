"""Rows that an expensive fixture writes, recorded once per process and written back.

`make_commune` sets a commune up as production does (Wagtail site, home pages in
each language through wagtail-localize, settings, collection, groups, permissions):
about 750 queries and a third of a second for Belval, in most tests. What it writes
depends only on the rows it reads, so the first time a process builds a commune
from a given state of the database, `Snapshots.build` records what changed in every
table (rows added, changed, removed). The next time the same tables hold exactly
what they held then, it writes those changes back with plain SQL (a few dozen
statements) instead of building again; otherwise it builds for real.

What makes the replay equal to a build:

- the tables compared before a replay are every table the build wrote, and the
  tables it reads to decide what to write (`READS`): when they are as they were
  when the snapshot was taken, the build would write the same rows, ids included;
- timestamps written by the build (creation, publication, log entries) are moved
  by the time elapsed since, so they read "now" as after a real build;
- PostgreSQL sequences are moved past the ids written back (they never go back, but
  a serialized rollback or a flush may have reset them);
- what the build does besides rows (cache invalidation through signals) is done
  by `after_replay`.

Set AGORA_TEST_SNAPSHOTS=0 to build every time (to check that a failure has nothing
to do with this).
"""

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

ENABLED = os.environ.get("AGORA_TEST_SNAPSHOTS", "1") != "0"
# Starting states remembered per recipe: a test that builds on unusual data builds
# for real rather than growing the memory of the process.
MAX_SNAPSHOTS = 4
# Derived from other tables by SQLite triggers (Wagtail's full-text index).
DERIVED_TABLES = {"wagtailsearch_indexentry_fts"}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    pk: int  # index of the primary key in `columns`
    datetimes: tuple[int, ...]  # indexes of DateTimeField columns
    sequence: bool  # an auto-incremented primary key


_tables: list[Table] | None = None


def tables() -> list[Table]:
    """Every table of a Django model (many-to-many tables included), once each."""
    global _tables
    if _tables is None:
        existing = set(connection.introspection.table_names())
        found: dict[str, Table] = {}
        for model in apps.get_models(include_auto_created=True):
            opts = model._meta
            if opts.proxy or opts.db_table in found or opts.db_table in DERIVED_TABLES:
                continue
            if opts.db_table not in existing:
                continue
            fields = list(opts.local_concrete_fields)
            found[opts.db_table] = Table(
                name=opts.db_table,
                columns=tuple(f.column for f in fields),
                pk=[f.column for f in fields].index(opts.pk.column),
                datetimes=tuple(
                    i for i, f in enumerate(fields) if f.get_internal_type() == "DateTimeField"
                ),
                sequence=opts.pk.get_internal_type() in {"AutoField", "BigAutoField"},
            )
        _tables = list(found.values())
    return _tables


def table(name: str) -> Table:
    return next(t for t in tables() if t.name == name)


def _timeless(t: Table, rows: list[tuple]) -> list[tuple]:
    """Rows without their timestamps: a build does not depend on when rows were written
    (and rows written back carry the time of the replay)."""
    if not t.datetimes:
        return rows
    return [tuple(None if i in t.datetimes else v for i, v in enumerate(row)) for row in rows]


def dump(t: Table) -> list[tuple]:
    """The table's rows as the database driver returns them, by primary key."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in t.columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(t.name)} ORDER BY {quote(t.columns[t.pk])}")  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]


@dataclass
class Change:
    """What a build did to one table."""

    table: Table
    before: list[tuple]
    inserted: list[tuple] = field(default_factory=list)
    updated: list[tuple] = field(default_factory=list)  # whole rows, new values
    deleted: list = field(default_factory=list)  # primary keys


@dataclass
class Snapshot:
    changes: list[Change]
    compared: list[tuple[Table, list[tuple]]]  # tables read or written, as they were
    # (without timestamps)
    started: datetime.datetime
    finished: datetime.datetime
    result: object  # what `refetch` needs to give back the built objects


def _diff(t: Table, before: list[tuple], after: list[tuple]) -> Change:
    old = {row[t.pk]: row for row in before}
    new = {row[t.pk]: row for row in after}
    return Change(
        table=t,
        before=before,
        inserted=[row for key, row in new.items() if key not in old],
        updated=[row for key, row in new.items() if key in old and old[key] != row],
        deleted=[key for key in old if key not in new],
    )


def _now() -> datetime.datetime:
    return timezone.now()  # the clock the build writes with


# A timestamp inside text, as Django's JSON encoder writes it (revisions and
# wagtail-localize sources hold a copy of the page, with its publication times).
EMBEDDED_TIME = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d{3}|\d{6}))?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?(?!\d)"
)


class _Clock:
    """Moves the timestamps a build wrote (between `started` and `finished`) by the time
    elapsed since, whether in a timestamp column or inside text (JSON)."""

    def __init__(self, snapshot: Snapshot):
        self.delta = _now() - snapshot.finished
        # Django's JSON encoder keeps milliseconds: a second of margin either side.
        self.started = snapshot.started - datetime.timedelta(seconds=1)
        self.finished = snapshot.finished + datetime.timedelta(seconds=1)

    def _moved(self, moment: datetime.datetime) -> datetime.datetime | None:
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)
        if not self.started <= aware <= self.finished:
            return None
        return moment + self.delta

    def _column(self, value):
        text = isinstance(value, str)  # SQLite: naive UTC, as Django wrote it
        moment = self._moved(datetime.datetime.fromisoformat(value) if text else value)
        if moment is None:
            return value
        return str(moment) if text else moment

    def _embedded(self, match: re.Match) -> str:
        written = match.group()
        moment = self._moved(datetime.datetime.fromisoformat(written))
        if moment is None:
            return written
        # Written back in the same format (DjangoJSONEncoder: milliseconds, "Z").
        fraction, zone = match["fraction"], match["zone"]
        result = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if fraction:
            result += "." + f"{moment.microsecond:06d}"[: len(fraction)]
        if zone:
            result += "Z" if zone == "Z" else moment.isoformat()[-6:]
        return result

    def shift(self, t: Table, row: tuple) -> tuple:
        row = list(row)
        for index, value in enumerate(row):
            if value is None:
                continue
            if index in t.datetimes:
                row[index] = self._column(value)
            elif isinstance(value, str) and "T" in value:
                row[index] = EMBEDDED_TIME.sub(self._embedded, value)
        return tuple(row)


def _write(snapshot: Snapshot) -> None:
    quote = connection.ops.quote_name
    clock = _Clock(snapshot)
    with transaction.atomic(), connection.cursor() as cursor:
        for change in snapshot.changes:
            t = change.table
            name, key = quote(t.name), quote(t.columns[t.pk])
            if change.deleted:
                marks = ", ".join(["%s"] * len(change.deleted))
                cursor.execute(f"DELETE FROM {name} WHERE {key} IN ({marks})", change.deleted)  # noqa: S608
            if change.updated:
                assignments = ", ".join(f"{quote(c)} = %s" for c in t.columns)
                cursor.executemany(
                    f"UPDATE {name} SET {assignments} WHERE {key} = %s",  # noqa: S608
                    [(*clock.shift(t, row), row[t.pk]) for row in change.updated],
                )
            if change.inserted:
                columns = ", ".join(quote(c) for c in t.columns)
                marks = ", ".join(["%s"] * len(t.columns))
                cursor.executemany(
                    f"INSERT INTO {name} ({columns}) VALUES ({marks})",  # noqa: S608
                    [clock.shift(t, row) for row in change.inserted],
                )
        if connection.vendor == "postgresql":
            _move_sequences(cursor, snapshot)


_sequences: dict[str, str] = {}


def _move_sequences(cursor, snapshot: Snapshot) -> None:
    """Let the next row of each table written to take an id above those written back."""
    parts, params = [], []
    for change in snapshot.changes:
        t = change.table
        if not (t.sequence and change.inserted):
            continue
        if t.name not in _sequences:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [t.name, t.columns[t.pk]])
            _sequences[t.name] = cursor.fetchone()[0]
        sequence = _sequences[t.name]
        highest = max(row[t.pk] for row in change.inserted)
        parts.append(f"SELECT setval(%s, GREATEST(last_value, %s)) FROM {sequence}")  # noqa: S608
        params += [sequence, highest]
    if parts:
        cursor.execute(" UNION ALL ".join(parts), params)


class Snapshots:
    """Builds of one recipe, each replayed when the database is as it was before it."""

    def __init__(
        self,
        build: Callable[[], object],
        *,
        record: Callable[[object], object],
        refetch: Callable[[object], object],
        reads: tuple[str, ...] = (),
        after_replay: Callable[[object], None] | None = None,
    ):
        self._build = build
        self._record = record
        self._refetch = refetch
        self._reads = reads
        self._after_replay = after_replay
        self._snapshots: list[Snapshot] = []

    def __call__(self):
        if not ENABLED:
            return self._build()
        seen: dict[str, list[tuple]] = {}

        def current(t: Table) -> list[tuple]:
            if t.name not in seen:
                seen[t.name] = _timeless(t, dump(t))
            return seen[t.name]

        for snapshot in self._snapshots:
            if all(current(t) == rows for t, rows in snapshot.compared):
                _write(snapshot)
                result = self._refetch(snapshot.result)
                if self._after_replay is not None:
                    self._after_replay(result)
                return result
        if len(self._snapshots) >= MAX_SNAPSHOTS:
            return self._build()
        return self._take()

    def _take(self):
        before = {t.name: dump(t) for t in tables()}
        started = _now()
        result = self._build()
        finished = _now()
        changes = []
        for t in tables():
            change = _diff(t, before[t.name], dump(t))
            if change.inserted or change.updated or change.deleted:
                changes.append(change)
        names = {change.table.name for change in changes} | set(self._reads)
        compared = [(t, _timeless(t, before[t.name])) for t in tables() if t.name in names]
        self._snapshots.append(
            Snapshot(
                changes=changes,
                compared=compared,
                started=started,
                finished=finished,
                result=self._record(result),
            )
        )
        return result
