#!/usr/bin/env bash
# The development server of `make run`, with what a production scheduler does beside
# it (docs/operations.md): pages scheduled for publication go live within a minute.
# Usage: scripts/serve_dev.sh HOST PORT
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
host=${1:-localhost}
port=${2:-8000}

(
    while sleep 60; do
        "$python" manage.py publish_scheduled >/dev/null 2>&1 || echo "publish_scheduled failed" >&2
    done
) &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null || true' EXIT INT TERM

# Links in admin e-mails (moderation, workflow) point to this address.
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://localhost:$port}"
"$python" manage.py runserver "$host:$port"
