"""Agora under load, on the city-scale data set, with a production-like server.

    .venv/bin/python benchmarks/bench_pages.py            # about 30 s per measurement
    .venv/bin/python benchmarks/bench_pages.py --quick    # smaller data, 5 s each (smoke run)

What it does
    1. Builds the scale data set once (``manage.py seed_scale``; 5,000 proposals,
       50,000 comments, 200,000 ballots, 2 communes; ``--quick``: a tenth) in
       ``var/bench/`` (SQLite), or in ``DATABASE_URL`` if set (e.g. PostgreSQL).
    2. Serves it with gunicorn (``--workers``, sync workers), DEBUG off, the
       production settings with a local secret key and allowed hosts (plain HTTP:
       no TLS redirect), static files by whitenoise after ``collectstatic``; the
       page cache in files under ``var/bench/cache``, or Redis if ``REDIS_URL`` is set.
    3. Measures with wrk (Debian package; installed with apt-get when missing and
       running as root): for each page, the page as anonymous visitors get it
       (cached), then in the same run a static file of exactly the same size served
       by whitenoise (the server's ceiling), and their ratio; then the same pages
       with the page cache off ("uncached"); then ballots cast by distinct
       signed-in citizens (accounts and sessions prepared beforehand), counting the
       ballots in the database before and after.
    4. Writes ``benchmarks/results/latest.json`` (``latest-quick.json`` with
       ``--quick``; ``latest-postgres.json`` on PostgreSQL) and prints a table.

Why wrk: it is a small C program (one thread, epoll) that costs the 2-core machine
far less CPU than the server it measures, so the numbers are the server's; a
Python load generator (locust) would take a core of its own and cap the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
if not PYTHON.exists():
    PYTHON = Path(sys.executable)
LUA = REPO / "benchmarks" / "lua"
RESULTS = REPO / "benchmarks" / "results"

FULL = {"proposals": 5000, "comments": 50_000, "ballots": 200_000, "communes": 2}
QUICK = {"proposals": 1000, "comments": 5000, "ballots": 20_000, "communes": 2}
TARGETS = {
    "cached page / static file": "at most 3",
    "uncached proposal list p95": "under 150 ms",
    "ballots": "at least 100 per second, no error, none lost",
}


def say(text: str) -> None:
    print(text, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing the Debian package.")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is needed: `apt-get install wrk` (Debian) or `brew install wrk`.")
    return found


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.duration = args.duration or (5 if self.quick else 30)
        given = os.environ.get("DATABASE_URL", "")
        self.engine = given.split(":", 1)[0] if given else "sqlite"
        # One folder per data set: its static files, voters and page cache go with it.
        name = "bench" + ("-quick" if self.quick else "") + (f"-{self.engine}" if given else "")
        self.dir = REPO / "var" / name
        self.dir.mkdir(parents=True, exist_ok=True)
        secret_file = self.dir / "secret_key"
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(50))
        database = given or f"sqlite:///{self.dir / 'agora.sqlite3'}"
        self.port = args.port
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secret_file.read_text().strip(),
            "ALLOWED_HOSTS": "echelle1.localhost,echelle2.localhost,localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_PROXY_SSL_HEADER": "0",
            "DATABASE_URL": database,
            "DB_CONN_MAX_AGE": "60",
            "AGORA_VAR_DIR": str(self.dir),
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "LOG_LEVEL": "WARNING",
            # Every simulated voter comes from 127.0.0.1: the per-address limit on votes
            # (300 an hour) would refuse them after the first few seconds. The limit
            # per account stays; each voter votes once.
            "RATE_LIMITS": "vote-ip=10000000/h",
            "PYTHONPATH": str(REPO),
        }
        self.server = None
        self.results: dict = {}

    # Set-up ------------------------------------------------------------------------

    def manage(self, *args, capture=False):
        return subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=REPO,
            env=self.env,
            check=True,
            text=True,
            capture_output=capture,
        )

    def prepare(self, *args, capture=False):
        return subprocess.run(
            [str(PYTHON), str(REPO / "benchmarks" / "scale_prepare.py"), *args],
            cwd=REPO,
            env=self.env,
            check=True,
            text=True,
            capture_output=capture,
        )

    def seed(self) -> None:
        sizes = QUICK if self.quick else FULL
        marker = self.dir / f"seeded-{self.engine}.json"
        self.manage("migrate", "--noinput", "-v0")
        if marker.exists() and json.loads(marker.read_text()) == sizes:
            say(f"Scale data already in place ({marker.name}).")
            return
        if marker.exists():
            raise SystemExit(
                "The database holds another data set: remove it (var/bench*/ or your "
                "DATABASE_URL's database) and run again."
            )
        say("Building the scale data set (a few minutes the first time):")
        options = [f"--{name}={value}" for name, value in sizes.items()]
        self.manage("seed_scale", *options)
        marker.write_text(json.dumps(sizes))

    def collect(self) -> dict:
        self.manage("collectstatic", "--noinput", "-v0")
        # Pages are rendered once (sizes, and the cache filled); static twins written.
        targets_file = self.dir / "targets.json"
        self.prepare("targets", str(targets_file), str(self.dir / "static" / "bench"))
        return json.loads(targets_file.read_text())

    # The server ----------------------------------------------------------------------

    def start(self, *, cache: bool) -> None:
        env = {**self.env, "AGORA_PAGE_CACHE": "1" if cache else "0"}
        self.server = subprocess.Popen(
            [
                str(PYTHON),
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--workers={self.args.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--worker-class=sync",
                "--timeout=60",
                "--backlog=2048",
                "--log-level=warning",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer within a minute.")

    def stop(self) -> None:
        if self.server is not None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=30)
            self.server = None

    # Measuring -----------------------------------------------------------------------

    def wrk(
        self,
        path: str,
        *,
        host: str,
        script: str = "report.lua",
        env=None,
        duration=None,
        connections=None,
    ):
        command = [
            self.args.wrk,
            "--threads=1",
            f"--connections={connections or self.args.connections}",
            f"--duration={duration or self.duration}s",
            "--timeout=10s",
            f"--script={LUA / script}",
            "--header",
            f"Host: {host}",
            f"http://127.0.0.1:{self.port}{path}",
        ]
        output = subprocess.run(
            command, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=True
        ).stdout
        found, answers = {}, None
        for line in output.splitlines():
            if line.startswith("JSON "):
                found = json.loads(line[5:])
            elif line.startswith("BALLOTS "):
                answers = json.loads(line[8:])
        seconds = found["duration_us"] / 1e6
        return {
            "requests_per_second": round(found["requests"] / seconds, 1),
            "requests": found["requests"],
            "p50_ms": round(found["p50_us"] / 1000, 2),
            "p95_ms": round(found["p95_us"] / 1000, 2),
            "p99_ms": round(found["p99_us"] / 1000, 2),
            "errors": found["errors"],
            "seconds": round(seconds, 1),
            **({"answers": answers} if answers is not None else {}),
        }

    def warm(self, path: str, host: str) -> None:
        self.wrk(path, host=host, duration=1)

    def measure_cached(self, targets: dict) -> None:
        host = targets["host"]
        for name, page in targets["pages"].items():
            self.warm(page["url"], host)
            measured = self.wrk(page["url"], host=host)
            static = self.wrk(page["static"], host=host)
            measured["bytes"] = page["bytes"]
            self.results["cached"][name] = measured
            self.results["static"][name] = static
            ratio = static["requests_per_second"] / max(measured["requests_per_second"], 0.1)
            self.results["ratios"][name] = round(ratio, 2)
            say(
                f"  {name}: {measured['requests_per_second']} req/s cached, "
                f"{static['requests_per_second']} req/s static (x{ratio:.2f})"
            )

    def measure_uncached(self, targets: dict) -> None:
        host = targets["host"]
        everything = {**targets["pages"], **targets["uncached"]}
        for name, page in everything.items():
            measured = self.wrk(page["url"], host=host)
            measured["bytes"] = page["bytes"]
            self.results["uncached"][name] = measured
            say(f"  {name}: {measured['requests_per_second']} req/s, p95 {measured['p95_ms']} ms")
        # With more connections than cores, latency is mostly waiting in line
        # (connections / throughput). The proposal lists are measured again with one
        # connection per core: the time to serve one uncached page.
        paced = self.args.paced_connections
        for name, page in everything.items():
            if not name.startswith("proposal list"):
                continue
            measured = self.wrk(page["url"], host=host, connections=paced)
            measured.update(bytes=page["bytes"], connections=paced)
            self.results["uncached_paced"][name] = measured
            say(
                f"  {name}, {paced} connections: {measured['requests_per_second']} req/s, "
                f"p95 {measured['p95_ms']} ms"
            )

    def measure_ballots(self, targets: dict) -> None:
        voters = self.args.voters or max(2000, int(self.duration * 400))
        sessions = self.dir / "voters.tsv"
        say(f"  preparing {voters} signed-in citizens…")
        self.prepare("voters", str(voters), str(sessions))
        before = int(self.prepare("ballots", capture=True).stdout.strip())
        measured = self.wrk(
            targets["vote"],
            host=targets["host"],
            script="ballots.lua",
            env={
                "SESSIONS_FILE": str(sessions),
                "VOTE_PATH": targets["vote"],
                "VOTE_HOST": targets["host"],
            },
        )
        after = int(self.prepare("ballots", capture=True).stdout.strip())
        answers = measured.pop("answers")
        recorded = answers["recorded"]
        measured.update(
            voters=voters,
            recorded=recorded,
            refused=answers["refused"],
            ballots_before=before,
            ballots_after=after,
            # Each voter votes once (unless the run outlasts the voters: replacements).
            lost=max(min(recorded, voters) - (after - before), 0),
            voters_reused=recorded + answers["refused"] > voters,
        )
        self.results["ballots"] = measured
        say(
            f"  {measured['requests_per_second']} ballots/s, {measured['errors']} errors, "
            f"{after - before} new ballots for {recorded} recorded answers, lost {measured['lost']}"
        )

    # The run -------------------------------------------------------------------------

    def run(self) -> dict:
        say(f"Agora load benchmark ({'quick' if self.quick else 'full'}), database: {self.engine}")
        self.seed()
        targets = self.collect()
        self.results = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "mode": "quick" if self.quick else "full",
            "database": self.engine,
            "cache": "redis" if os.environ.get("REDIS_URL") else "files",
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_at_start": os.getloadavg(),
                "python": platform.python_version(),
                "system": platform.platform(),
            },
            "server": {"workers": self.args.workers, "worker_class": "sync"},
            "load": {
                "tool": "wrk",
                "connections": self.args.connections,
                "seconds_each": self.duration,
            },
            "data": QUICK if self.quick else FULL,
            "comments_on_detail_page": targets["comments on the detail page"],
            "cached": {},
            "static": {},
            "ratios": {},
            "uncached": {},
            "uncached_paced": {},
            "targets": TARGETS,
        }
        parts = self.args.only or ["cached", "ballots", "uncached"]
        try:
            if "cached" in parts or "ballots" in parts:
                self.start(cache=True)
            if "cached" in parts:
                say("Anonymous visitors, page cache on (and the same size as a static file):")
                self.measure_cached(targets)
            if "ballots" in parts:
                say("Ballots by distinct signed-in citizens:")
                self.measure_ballots(targets)
            self.stop()
            if "uncached" in parts:
                say("Page cache off:")
                self.start(cache=False)
                self.measure_uncached(targets)
        finally:
            self.stop()
        self.results["machine"]["load_average_at_end"] = os.getloadavg()
        return self.results


def table(results: dict) -> str:
    lines = [
        f"{'page':34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  notes",
        "-" * 92,
    ]
    for name, row in results["cached"].items():
        static = results["static"][name]
        lines.append(
            f"{name + ' (cached)':34} {row['requests_per_second']:>9} {row['p50_ms']:>8} "
            f"{row['p95_ms']:>8} {row['errors']:>7}  static twin {static['requests_per_second']}"
            f" req/s: x{results['ratios'][name]}"
        )
    for name, row in results["uncached"].items():
        lines.append(
            f"{name + ' (uncached)':34} {row['requests_per_second']:>9} {row['p50_ms']:>8} "
            f"{row['p95_ms']:>8} {row['errors']:>7}  {row['bytes']} bytes"
        )
    for name, row in results.get("uncached_paced", {}).items():
        label = f"{name} (uncached, {row['connections']} conn.)"
        lines.append(
            f"{label:34} {row['requests_per_second']:>9} {row['p50_ms']:>8} "
            f"{row['p95_ms']:>8} {row['errors']:>7}  {row['bytes']} bytes"
        )
    ballots = results.get("ballots")
    if ballots:
        lines.append(
            f"{'ballots (POST, distinct citizens)':34} {ballots['requests_per_second']:>9} "
            f"{ballots['p50_ms']:>8} {ballots['p95_ms']:>8} {ballots['errors']:>7}  "
            f"{ballots['ballots_after'] - ballots['ballots_before']} stored, "
            f"{ballots['lost']} lost"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, 5 s measurements")
    parser.add_argument("--duration", type=int, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (default 8)")
    parser.add_argument(
        "--paced-connections",
        type=int,
        default=os.cpu_count() or 2,
        help="connections for the second measurement of uncached lists (default: one per core)",
    )
    parser.add_argument("--voters", type=int, help="citizens prepared for the ballot run")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only",
        action="append",
        choices=["cached", "ballots", "uncached"],
        help="measure only this part (repeatable)",
    )
    args = parser.parse_args()
    args.wrk = ensure_wrk()
    results = Bench(args).run()
    RESULTS.mkdir(exist_ok=True)
    engine = "" if results["database"] == "sqlite" else f"-{results['database']}"
    out = RESULTS / f"latest{'-quick' if args.quick else ''}{engine}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    say("")
    say(table(results))
    say(f"\nWritten to {out.relative_to(REPO)}.")


if __name__ == "__main__":
    main()
