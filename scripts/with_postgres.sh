#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with_postgres.sh .venv/bin/pytest -q
#
# Creates a cluster in a temporary directory, starts it on 127.0.0.1 (a free port,
# no Unix socket shared with anyone), runs the command with DATABASE_URL pointing at
# it, then stops the server and removes the cluster, whatever the command's outcome.
# The command's exit status is the script's.
#
# The PostgreSQL server programs (initdb, pg_ctl) are looked up in $PG_BINDIR, then
# in the newest /usr/lib/postgresql/<version>/bin (Debian's packages), then in PATH.
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user
# (created by Debian's packages) or to $PG_RUN_AS. The cluster's locale is C.UTF-8
# (Unicode-aware case folding, code-point order), or $PG_LOCALE.
#
# When PostgreSQL is missing or does not start, the script fails (exit status 3)
# with the reason: a run that asked for PostgreSQL never falls back to SQLite. The
# command also gets AGORA_REQUIRE_POSTGRES=1, so that tests marked `postgres` fail
# rather than skip if they somehow do not reach PostgreSQL.
#
# The command also gets AGORA_PG_SERVER, a script taking `start` or `stop` that
# controls this server (tests of database outages use it), and PG_BINDIR.
#
# The cluster trades durability for speed (fsync off, no synchronous commit, minimal
# WAL): it holds test data only.
set -euo pipefail

# Everything lives in main, which bash reads whole before running: editing or
# updating this file while a run is under way cannot change what that run does.
main() {
    if [ "$#" -eq 0 ]; then
        echo "usage: $0 COMMAND [ARGUMENT...]" >&2
        exit 2
    fi

    die() {
        echo "with_postgres: $*" >&2
        if [ "${CI:-}" = "true" ]; then
            echo "with_postgres: CI asked for PostgreSQL; refusing to go on without it." >&2
        fi
        exit 3
    }

    find_bindir() {
        if [ -n "${PG_BINDIR:-}" ]; then
            echo "$PG_BINDIR"
            return
        fi
        local newest
        newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
        if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
            echo "$newest"
            return
        fi
        if command -v initdb >/dev/null 2>&1; then
            dirname "$(command -v initdb)"
        fi
    }

    BINDIR=$(find_bindir)
    if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ] || [ ! -x "$BINDIR/pg_ctl" ]; then
        die "PostgreSQL server programs not found (initdb, pg_ctl). On Debian or Ubuntu:" \
            "apt-get install postgresql; elsewhere set PG_BINDIR to the directory holding initdb."
    fi

    # Who owns the cluster: the current user, or a dedicated one when we are root.
    RUN_AS=()
    if [ "$(id -u)" -eq 0 ]; then
        OWNER=${PG_RUN_AS:-postgres}
        id "$OWNER" >/dev/null 2>&1 || die "running as root needs a user to own the cluster" \
            "(initdb refuses root); user '$OWNER' does not exist (set PG_RUN_AS)."
        if command -v runuser >/dev/null 2>&1; then
            RUN_AS=(runuser -u "$OWNER" --)
        else
            RUN_AS=(su "$OWNER" -s /bin/sh -c '"$0" "$@"')
        fi
    fi

    # A free TCP port on loopback (the kernel picks it; a race with another process
    # taking it before the server starts is reported as a start failure below).
    PORT=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

    WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/agora-pg.XXXXXX")
    DATADIR="$WORKDIR/data"
    LOGFILE="$WORKDIR/server.log"
    PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    printf '%s\n' "$PASSWORD" >"$WORKDIR/pwfile"
    if [ "${#RUN_AS[@]}" -gt 0 ]; then
        chown -R "$OWNER" "$WORKDIR"
    fi
    chmod 700 "$WORKDIR"

    STARTED=0
    cleanup() {
        local status=$?
        if [ "$STARTED" -eq 1 ]; then
            "$WORKDIR/server" stop >/dev/null 2>&1 || true
        fi
        rm -rf "$WORKDIR"
        exit "$status"
    }
    trap cleanup EXIT
    trap 'exit 130' INT TERM

    "${RUN_AS[@]}" "$BINDIR/initdb" -D "$DATADIR" --username=agora --pwfile="$WORKDIR/pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --locale="${PG_LOCALE:-C.UTF-8}" >"$WORKDIR/initdb.log" 2>&1 \
        || { cat "$WORKDIR/initdb.log" >&2; die "initdb failed (see above)."; }
    rm -f "$WORKDIR/pwfile"

    # Loopback only, no Unix socket, and no durability: this cluster lives for one run.
    # Connections: parallel test processes (make test-postgres), each with its own
    # database, and the threads of concurrency tests. No WAL beyond crash recovery,
    # no checkpoint in the middle of the run, no JIT compilation of test queries.
    cat >>"$DATADIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 1h
shared_buffers = 256MB
jit = off
CONF

    # `$WORKDIR/server start|stop` controls this run's server; tests that cut the
    # database off on purpose find it in AGORA_PG_SERVER.
    {
        echo '#!/bin/sh'
        printf 'exec'
        printf ' %q' "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATADIR" -l "$LOGFILE" -w -t 60 -m fast
        echo ' "$1"'
    } >"$WORKDIR/server"
    chmod 755 "$WORKDIR/server"

    STARTED=1  # from now on, stop it on the way out (harmless if it never ran)
    "$WORKDIR/server" start >/dev/null 2>&1 \
        || { cat "$LOGFILE" >&2 || true; die "the PostgreSQL server did not start (see above)."; }
    PGPASSWORD="$PASSWORD" "$BINDIR/createdb" --host=127.0.0.1 --port="$PORT" --username=agora agora \
        || die "could not create the database 'agora'."

    export DATABASE_URL="postgres://agora:$PASSWORD@127.0.0.1:$PORT/agora"
    export AGORA_REQUIRE_POSTGRES=1
    export AGORA_PG_SERVER="$WORKDIR/server"
    export PG_BINDIR="$BINDIR"
    echo "with_postgres: PostgreSQL $("$BINDIR/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

    set +e
    "$@"
    STATUS=$?
    set -e
    exit "$STATUS"
}

main "$@"
