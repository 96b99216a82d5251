"""The rate-limit counters are shared by every process and counted atomically.

Several gunicorn workers each serve a share of the requests: a limit holds only if
they all count on one counter. Without Redis that counter is a database row, which
these tests hit from real separate processes and from concurrent connections.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from core import ratelimit
from core.models import RateLimitCounter
from tests.concurrency import raised, run_in_parallel

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_800_000_000.0  # a multiple of 900 and of 3600


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = NOW

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(ratelimit, "_now", lambda: clock.now)
    return clock


def _database_url() -> str:
    """The URL of the database this test runs on (the test database)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    user = quote(config["USER"] or "", safe="")
    password = quote(config["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    host = f"{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
    return f"postgres://{credentials}{host}/{config['NAME']}"


# What each worker process runs: count `n` log-in failures of one account, print the
# counts it was given. The clock is fixed so that both processes are in one window.
WORKER = """
import json, sys
import django
django.setup()
from core import ratelimit
ratelimit._now = lambda: {now}
usages = [ratelimit.hit("login-account", "email:anne@example.org", "5/15m") for _ in range({n})]
print(json.dumps([[usage.count, usage.blocked] for usage in usages]))
"""


def _start_worker(n: int) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "RATE_LIMIT_STORE": "database",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", WORKER.format(now=NOW, n=n)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_separate_processes_count_on_one_counter(settings):
    """Two worker processes, 20 failed log-ins each for one account, limit 5: only 5
    of the 40 are let through in all, not 5 per process."""
    settings.AGORA_RATE_LIMIT_STORE = "database"
    workers = [_start_worker(20) for _ in range(2)]
    outputs = []
    for worker in workers:
        stdout, stderr = worker.communicate(timeout=180)
        assert worker.returncode == 0, stderr
        outputs.append(json.loads(stdout.strip().splitlines()[-1]))
    counts = sorted(count for output in outputs for count, _blocked in output)
    # Every action got its own count: none lost, none counted twice.
    assert counts == list(range(1, 41))
    allowed = [count for output in outputs for count, blocked in output if not blocked]
    assert sorted(allowed) == [1, 2, 3, 4, 5]
    # This process sees the same counter.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ratelimit, "_now", lambda: NOW)
        assert ratelimit.check("login-account", "email:anne@example.org", "5/15m").count == 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_connections_count_atomically(settings, clock):
    settings.AGORA_RATE_LIMIT_STORE = "database"

    def hit_five_times(_index):
        return [ratelimit.hit("vote", "user:7", "10/h") for _ in range(5)]

    results, errors = run_in_parallel(hit_five_times, range(8))
    assert not raised(errors)
    usages = [usage for result in results for usage in result]
    assert sorted(usage.count for usage in usages) == list(range(1, 41))
    assert sum(not usage.blocked for usage in usages) == 10
    assert RateLimitCounter.objects.get().count == 40


@pytest.mark.django_db
def test_counters_are_rows_whose_ended_windows_are_purged(settings, clock):
    settings.AGORA_RATE_LIMIT_STORE = "database"
    ratelimit.hit("vote", "user:1", "10/h")
    ratelimit.hit("login-account", "email:anne@example.org", "5/15m")
    assert RateLimitCounter.objects.count() == 2
    clock.advance(900)  # the 15-minute window has ended, the hour has not
    assert ratelimit.purge() == 1
    assert ratelimit.check("vote", "user:1", "10/h").count == 1
    clock.advance(2700)
    call_command("purge_rate_limits", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not RateLimitCounter.objects.exists()


@pytest.mark.django_db
def test_writing_a_new_counter_now_and_then_purges_the_ended_ones(settings, clock, monkeypatch):
    settings.AGORA_RATE_LIMIT_STORE = "database"
    monkeypatch.setattr(ratelimit, "PURGE_ONE_IN", 1)
    for number in range(3):
        ratelimit.hit("login-ip", f"ip:192.0.2.{number}", "20/15m")
    clock.advance(900)
    ratelimit.hit("login-ip", "ip:192.0.2.1", "20/15m")  # a new window: a new row
    assert RateLimitCounter.objects.count() == 1


@pytest.mark.parametrize(
    ("redis_url", "store"), [("", "database"), ("redis://cache.invalid:6379/0", "cache")]
)
def test_the_store_is_the_database_unless_redis_is_configured(redis_url, store):
    env = {key: value for key, value in os.environ.items() if key != "RATE_LIMIT_STORE"}
    env |= {"REDIS_URL": redis_url}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config.settings import base; print(base.AGORA_RATE_LIMIT_STORE)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == store


@pytest.mark.django_db
def test_a_worker_restart_forgets_no_counter(settings, clock):
    """Nothing of a limit is kept in a process's memory: clearing the local cache, as
    a restarted worker has it, leaves a locked-out account locked out."""
    from django.core.cache import cache

    settings.AGORA_RATE_LIMIT_STORE = "database"
    for _attempt in range(5):
        ratelimit.hit("login-account", "email:anne@example.org", "5/15m")
    cache.clear()
    assert ratelimit.check("login-account", "email:anne@example.org", "5/15m").blocked
