# Two commands for a newcomer: `make run` and `make test`. Everything they need
# is installed from the project's own files (pyproject.toml, package-lock.json,
# and Debian's chromium for the browser tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
DEMO_PASSWORD ?= demo
export DEMO_PASSWORD

.PHONY: run test install lint format bench loadtest chromium pango clean

install: pango $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download a
# browser here). Needs root or sudo the first time.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# Pango and HarfBuzz's subsetter for WeasyPrint (the plan PDF; without the
# subsetter WeasyPrint warns, and the tests treat warnings as errors).
# Needs root or sudo the first time.
pango:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! ldconfig -p | grep -q libharfbuzz-subset.so.0; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	fi

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Kooperationsplan läuft auf http://$(HOST)/"
	@echo "  Anmeldung: ifk, teamleitung, traeger, geschaeftsfuehrung oder admin"
	@echo "  Passwort:  $(DEMO_PASSWORD)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST)

test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Measurements side by side (see bench/run.py); needs the local PostgreSQL
# and Redis (the shared cache, as in production).
# `make bench BENCH=fristen` runs only the matching modules.
bench: install
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 \
	  || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='kooperation_bench'" | grep -q 1 \
	  || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE kooperation_bench" >/dev/null
	$(BIN)/python -m bench.run $(BENCH)

# The production shape under a peak hour and faults (lasttest/run.py): its own
# PostgreSQL (55432, data kept in .lasttest/), Redis (56379) and gunicorn
# (58000) on 127.0.0.1; the first run loads 100,000 people once.
# `make loadtest LASTTEST=--kurz` runs a short version of every phase.
loadtest: install
	$(BIN)/python -m lasttest.run $(LASTTEST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles .test-media db.sqlite3
