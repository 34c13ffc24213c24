# Sổ Hội — the two commands a newcomer needs:
#   make run    set everything up, then run the web server and a Celery worker on 127.0.0.1:5000
#   make test   set everything up, then lint and run the whole test suite
# Both are idempotent: a second run only redoes what changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
# One process of eight threads: with the embedded SQLite database it served the mixed load of
# scripts/bench_province.py best (28 req/s against 21 for 2 x 4 on the loaded 2-core machine),
# and the login throttle's in-memory counters stay in one process. Compose (PostgreSQL) uses 2 x 4.
WEB_WORKERS ?= 1
WEB_THREADS ?= 8

.PHONY: run test setup requirements assets translations translations-update lint format db worker web clean

setup: $(VENV)/.installed assets translations

# requirements.txt (what production installs) and requirements-dev.txt (that plus the test
# tools) are compiled from pyproject.toml with pinned versions and hashes: `make requirements`.
$(VENV)/.installed: requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

requirements: $(VENV)/.installed
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile $(COMPILE) -o requirements.txt pyproject.toml
	$(BIN)/pip-compile $(COMPILE) --extra dev -o requirements-dev.txt pyproject.toml

COMPILE := --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links

# Front-end assets come from the npm registry (pinned in package-lock.json) and are served by
# the app itself: an intranet may have no internet.
# axe-core is only for the browser tests' accessibility check (they load it from here).
assets: webapp/static/vendor/htmx.min.js webapp/static/vendor/axe.min.js

webapp/static/vendor/htmx.min.js: package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p webapp/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

webapp/static/vendor/axe.min.js: webapp/static/vendor/htmx.min.js
	cp node_modules/axe-core/axe.min.js $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

# After marking new strings with _() / _l(): refresh the catalogue, then write the English of the
# new entries in translations/en/LC_MESSAGES/messages.po (tests/test_i18n.py lists what is missing).
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	rm translations/messages.pot

db: setup
	$(FLASK) db upgrade heads
	$(FLASK) first-run

run: db
	@echo "Sổ Hội: http://$(HOST):$(PORT)  (Ctrl+C to stop the web server and the worker)"
	@set -e; \
	$(BIN)/celery -A wsgi.celery worker --loglevel=INFO --concurrency=2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --threads $(WEB_THREADS) --access-logfile - wsgi:app

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The suite runs on SQLite with the embedded broker; with TEST_DATABASE_URL and TEST_BROKER_URL
# set (CI sets them: PostgreSQL and Redis) it also runs against those services, at the same time
# (the two runs share nothing; the services run waits on the network more than on the CPU).
# The services run's output is printed when both have finished; either failing fails the target.
test: setup lint
	@if [ -z "$$TEST_DATABASE_URL" ]; then exec $(BIN)/python -m pytest; fi; \
	log=$$(mktemp); \
	SOHOI_TEST_BACKEND=services $(BIN)/python -m pytest -p no:cacheprovider >$$log 2>&1 & services=$$!; \
	echo "== SQLite and the embedded broker (on $$TEST_DATABASE_URL + $$TEST_BROKER_URL meanwhile) =="; \
	$(BIN)/python -m pytest; sqlite=$$?; \
	wait $$services; status=$$?; \
	echo "== $$TEST_DATABASE_URL with broker $$TEST_BROKER_URL =="; cat $$log; rm -f $$log; \
	test $$sqlite -eq 0 && test $$status -eq 0

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor .pytest_cache .ruff_cache
