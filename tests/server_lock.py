"""Parallel test processes share one PostgreSQL server; a test that stops it runs alone.

`make test-postgres` runs the suite in several processes (pytest-xdist), each with
its own database on the server that scripts/with_postgres.sh started. A test of a
real outage stops and restarts that server (`AGORA_PG_SERVER`): every other process
would lose its connection in the middle of a test, or the transaction in which a
whole package of tests runs (tests/isolation). So tests take a lock on the server,
a file next to the server's control script:

- every test holds it shared, from its setup to its teardown, and as long after as
  its process is still inside a transaction opened by a wider fixture;
- a test using the `postgres_server` fixture holds it exclusively: it waits for the
  tests running elsewhere to end, and no test starts elsewhere until it is done
  (a turnstile stops new readers while it waits, so it cannot be starved);
- a process that takes the lock anew first drops a connection the restart broke.

Without AGORA_PG_SERVER (SQLite, or PostgreSQL not started by the script) nothing
is locked.
"""

import fcntl
import os
from pathlib import Path

import pytest
from django.db import connections

SHARED, EXCLUSIVE = "shared", "exclusive"


class ServerLock:
    def __init__(self, directory: Path):
        self._turnstile = open(directory / "tests-turnstile.lock", "a")  # noqa: SIM115
        self._lock = open(directory / "tests-server.lock", "a")  # noqa: SIM115
        self.held: str | None = None

    def share(self) -> None:
        if self.held is not None:
            return
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_SH)
        finally:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        self.held = SHARED
        _drop_broken_connections()

    def take_alone(self) -> None:
        if self.held == EXCLUSIVE:
            return
        if self.held == SHARED:
            self.release()
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.held = EXCLUSIVE
        _drop_broken_connections()

    def release(self) -> None:
        if self.held is None:
            return
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        if self.held == EXCLUSIVE:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        self.held = None

    # As a pytest plugin (registered by tests/conftest.py when the server is shared).

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item):
        """Before any fixture: hold the server, alone for a test that stops it."""
        if "postgres_server" in item.fixturenames:
            self.take_alone()
        else:
            self.share()
        return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item, nextitem):
        """After every fixture: let go, unless a wider fixture (a package's data, built
        in a transaction) still has this process inside a transaction."""
        try:
            return (yield)
        finally:
            if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
                self.release()


def _drop_broken_connections() -> None:
    """A connection opened before another process restarted the server is dead."""
    for connection in connections.all(initialized_only=True):
        if (
            connection.connection is not None
            and not connection.in_atomic_block
            and not connection.is_usable()
        ):
            connection.close()


def server_lock() -> ServerLock | None:
    control = os.environ.get("AGORA_PG_SERVER")
    if not control:
        return None
    return ServerLock(Path(control).parent)
