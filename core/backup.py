"""Back up the database and the media files, restore them elsewhere, and compare.

Used by `manage.py backup_restore_check` (see docs/operations.md): it makes a
backup the way the operations guide says, restores it into a fresh database and
compares the number of rows of every table, so that a backup nobody ever restored
is not mistaken for one that works.

* SQLite: SQLite's online backup API (what `sqlite3 agora.sqlite3 ".backup F"`
  does) copies a consistent snapshot while the site keeps running. The rows are
  counted in the same read transaction as the copy, so the counts are those of
  the snapshot even if citizens write meanwhile.
* PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` into a new
  database that is dropped afterwards. The rows are counted in a REPEATABLE READ
  transaction whose snapshot pg_dump shares (`--snapshot`), for the same reason.
* Media: a tar.gz archive of MEDIA_ROOT, unpacked elsewhere and compared file by
  file (path, size and SHA-256), when the media live on the file system.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """The backup or the restore could not be made; the message says why."""


@dataclass
class Comparison:
    """Rows per table in the source (at backup time) and in the restored copy."""

    source: dict[str, int]
    restored: dict[str, int]
    files: list[Path] = field(default_factory=list)

    @property
    def differences(self) -> list[tuple[str, int | None, int | None]]:
        tables = sorted(set(self.source) | set(self.restored))
        return [
            (table, self.source.get(table), self.restored.get(table))
            for table in tables
            if self.source.get(table) != self.restored.get(table)
        ]

    @property
    def total_rows(self) -> int:
        return sum(self.source.values())


@dataclass
class MediaComparison:
    files: int
    bytes: int
    missing: list[str]
    different: list[str]
    archive: Path | None

    @property
    def identical(self) -> bool:
        return not self.missing and not self.different


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S")


# SQLite ----------------------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    quote = '"{}"'.format
    return {
        table: db.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()[0]  # noqa: S608
        for table in _sqlite_tables(db)
    }


def _check_sqlite(settings_dict: dict, output: Path) -> Comparison:
    source_path = Path(settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    backup_path = output / f"agora-{_stamp()}.sqlite3"
    source = sqlite3.connect(source_path, isolation_level=None, timeout=30)
    target = sqlite3.connect(backup_path)
    try:
        # One read transaction: the counts and the copy see the same snapshot.
        source.execute("BEGIN")
        source_counts = _sqlite_counts(source)
        source.backup(target)
        source.execute("COMMIT")
    finally:
        source.close()
        target.close()

    # Restore: copy the backup into a fresh database file, as a restore would.
    with tempfile.TemporaryDirectory(prefix="agora-restore-") as directory:
        restored_path = Path(directory) / "restored.sqlite3"
        backup = sqlite3.connect(backup_path)
        restored = sqlite3.connect(restored_path)
        try:
            backup.backup(restored)
            problems = restored.execute("PRAGMA integrity_check").fetchone()[0]
            if problems != "ok":
                raise BackupError(f"The restored database is damaged: {problems}")
            restored_counts = _sqlite_counts(restored)
        finally:
            backup.close()
            restored.close()
    return Comparison(source=source_counts, restored=restored_counts, files=[backup_path])


# PostgreSQL ------------------------------------------------------------------


def _pg_program(name: str) -> str:
    """pg_dump / pg_restore: from PG_BINDIR when set (matching the server), else PATH."""
    bindir = os.environ.get("PG_BINDIR")
    candidate = Path(bindir) / name if bindir else None
    if candidate and candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: install PostgreSQL's client programs.")
    return found


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _pg_connect(settings_dict: dict, dbname: str, **options):
    import psycopg

    return psycopg.connect(
        dbname=dbname,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        **options,
    )


def _pg_counts(cursor) -> dict[str, int]:
    from psycopg import sql

    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _check_postgresql(settings_dict: dict, output: Path) -> Comparison:
    from psycopg import IsolationLevel, sql

    name = settings_dict["NAME"]
    environment = _pg_environment(settings_dict)
    backup_path = output / f"agora-{_stamp()}.dump"

    # Count and dump one snapshot: pg_dump joins this transaction's exported snapshot.
    with _pg_connect(settings_dict, name) as source:
        source.isolation_level = IsolationLevel.REPEATABLE_READ
        source.read_only = True
        with source.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            source_counts = _pg_counts(cursor)
            _run(
                [
                    _pg_program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-acl",
                    f"--snapshot={snapshot}",
                    f"--file={backup_path}",
                    f"--dbname={name}",
                ],
                environment,
            )
        source.rollback()

    # Restore into a new, empty database, count, then drop it.
    fresh = f"{name}_restore_check_{secrets.token_hex(4)}"[:63]
    with _pg_connect(settings_dict, name, autocommit=True) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(fresh))
        )
        try:
            _run(
                [
                    _pg_program("pg_restore"),
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    f"--dbname={fresh}",
                    str(backup_path),
                ],
                environment,
            )
            with _pg_connect(settings_dict, fresh) as restored, restored.cursor() as cursor:
                restored_counts = _pg_counts(cursor)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(fresh))
            )
    return Comparison(source=source_counts, restored=restored_counts, files=[backup_path])


# The database ----------------------------------------------------------------


def check_database(output: Path, using: str = "default") -> Comparison:
    """Back the database up into `output`, restore it into a fresh database, and
    return the row counts of both, table by table."""
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor == "sqlite":
        return _check_sqlite(connection.settings_dict, output)
    if connection.vendor == "postgresql":
        return _check_postgresql(connection.settings_dict, output)
    raise BackupError(f"No backup procedure for {connection.vendor}.")


# Media -----------------------------------------------------------------------


def media_root() -> Path | None:
    """MEDIA_ROOT when the uploaded files live on the file system, else None."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


def _fingerprints(root: Path) -> dict[str, tuple[int, str]]:
    prints = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as stream:
                for chunk in iter(lambda stream=stream: stream.read(1 << 20), b""):
                    digest.update(chunk)
            prints[path.relative_to(root).as_posix()] = (path.stat().st_size, digest.hexdigest())
    return prints


def check_media(output: Path) -> MediaComparison | None:
    """Archive MEDIA_ROOT into `output`, unpack it elsewhere and compare the files.
    None when the media are not on the file system (object storage has its own
    versioning and replication)."""
    root = media_root()
    if root is None:
        return None
    output.mkdir(parents=True, exist_ok=True)
    archive = output / f"media-{_stamp()}.tar.gz"
    source = _fingerprints(root) if root.is_dir() else {}
    with tarfile.open(archive, "w:gz") as tar:
        if root.is_dir():
            tar.add(root, arcname="media")
    with tempfile.TemporaryDirectory(prefix="agora-media-") as directory:
        with tarfile.open(archive, "r:gz") as tar:
            # Python ≥ 3.11.4 refuses absolute paths and links out of the directory.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(directory, **safe)  # noqa: S202
        unpacked = Path(directory) / "media"
        restored = _fingerprints(unpacked) if unpacked.is_dir() else {}
    return MediaComparison(
        files=len(source),
        bytes=sum(size for size, _digest in source.values()),
        missing=sorted(set(source) - set(restored)),
        different=sorted(
            name for name in source if name in restored and restored[name] != source[name]
        ),
        archive=archive,
    )
