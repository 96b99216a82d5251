# Agora — the commands a newcomer needs. Only Python 3.11+ and make are required.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= localhost
PORT ?= 8000

.DEFAULT_GOAL := help
NPM ?= npm
NODE_INSTALLED := node_modules/.installed

.PHONY: help setup browser-setup run test test-postgres test-e2e screenshots lint messages lock bench bench-pages pabulib-expected clean

help:
	@echo "make run    set up, migrate, load the demo if the database is empty, serve on http://$(HOST):$(PORT) (PORT=8101 to change)"
	@echo "make test   set up, then lint and run the whole test suite (browser tests included), in parallel"
	@echo "make test-postgres  the whole test suite on a throwaway PostgreSQL server (needs its server programs)"
	@echo "make test-e2e  the browser tests only (Chromium from apt: apt-get install chromium)"
	@echo "make screenshots  rewrite docs/screenshots/ (desktop and mobile) from the demo"
	@echo "make lint   ruff, the layers of DESIGN.md (import-linter) and the migrations check"
	@echo "make messages  extract UI strings into locale/*/LC_MESSAGES/django.po and compile them"
	@echo "make lock   re-pin requirements*.lock from pyproject.toml"
	@echo "make bench  run the benchmarks in benchmarks/ (QUICK=1: short smoke runs)"
	@echo "make bench-pages  only the load benchmark of the pages and ballots (QUICK=1 too)"
	@echo "make pabulib-expected  recompute tests/budget/data/pabulib_expected.json with pabutools (slow)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.lock requirements-test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	@touch $@

setup: $(INSTALLED)
	@mkdir -p var

# axe-core for the accessibility tests, pinned in package-lock.json. Without npm the
# accessibility tests are skipped (and fail in CI, where npm is installed).
$(NODE_INSTALLED): package.json package-lock.json
	@if command -v $(NPM) >/dev/null 2>&1; then \
		$(NPM) ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility tests will be skipped (apt-get install npm)."; \
	fi

browser-setup: setup $(NODE_INSTALLED)

# PORT=8101 serves elsewhere: the demo communes' sites follow the port. Scheduled
# pages are published every minute, and e-mails are written to var/mail/.
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty --port $(PORT)
	@echo ""
	@echo "  Agora is running:"
	@echo "    Belval     http://localhost:$(PORT)/fr/  (also http://belval.localhost:$(PORT)/)"
	@echo "    Montclair  http://montclair.localhost:$(PORT)/fr/"
	@echo "    Admin      http://localhost:$(PORT)/admin/  admin@agora.localhost / agora-demo"
	@echo "    E-mails    var/mail/ (one file per message sent)"
	@echo ""
	scripts/serve_dev.sh $(HOST) $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The suite runs in parallel: one pytest-xdist process per core (TEST_WORKERS=2, or
# TEST_WORKERS=0 for a single process), each with its own test database. Tests that
# share a server and a browser (tests/e2e) or a module's data stay in one process
# (--dist loadgroup, see tests/conftest.py). The 15 slowest tests are listed last.
TEST_WORKERS ?= auto
PYTEST_PARALLEL := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15

# The browser tests are part of the suite: they are skipped with a message when no
# Chromium is found, except in CI (CI=true), where .ci/run installs it.
test: browser-setup lint
	$(PYTEST_PARALLEL)

# The same suite on PostgreSQL: scripts/with_postgres.sh starts a server on loopback,
# points DATABASE_URL at it, runs pytest, then stops and removes the server.
test-postgres: browser-setup
	scripts/with_postgres.sh $(PYTEST_PARALLEL)

test-e2e: browser-setup
	$(BIN)/pytest tests/e2e

screenshots: browser-setup
	$(BIN)/pytest tests/e2e -m screenshots

# locale_overrides/ (Django's, Wagtail's and wagtail-localize's strings in our words) is
# written by hand: makemessages leaves it alone, compilemessages compiles it (LOCALE_PATHS).
messages: setup
	$(MANAGE) makemessages --locale fr --locale de --locale nl --no-obsolete \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'benchmarks/*' 
	$(MANAGE) compilemessages --ignore '.venv/*'

lock:
	$(PYTHON) scripts/lock.py

# QUICK=1 passes --quick to every benchmark (smaller data, shorter measurements).
BENCH_ARGS := $(if $(QUICK),--quick,)

bench: setup
	@test -d benchmarks && for script in benchmarks/bench_*.py; do $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done

bench-pages: setup
	$(BIN)/python benchmarks/bench_pages.py $(BENCH_ARGS)

# The slow oracle: pabutools on the real elections (Wieliczka alone takes minutes).
pabulib-expected: setup
	$(BIN)/python benchmarks/regenerate_pabulib_expected.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules
