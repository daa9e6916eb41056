# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Both install exactly what requirements.lock pins (with hashes) into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050
UV_VERSION := 0.13.8
TOOLS := .tools

.PHONY: setup system-deps run test test-fast lint typecheck format audit bench schema vendor-plotly lock clean catalogues guide

setup: $(STAMP) system-deps

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/check_install.py
	touch $(STAMP)

system-deps:
	@bash scripts/ensure-system-deps.sh

run: setup
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

# Every test after lint and types, on xdist workers (each with its own PostgreSQL cluster and Chromium,
# tests/conftest.py; a test file stays on one worker, so its module fixtures start once); the 15 slowest
# tests at the end. SIGTERM or Ctrl-C stops the clusters and servers the tests started (tests/shutdown.py).
WORKERS ?= 2
PYTEST_PARALLEL = -n $(WORKERS) --dist loadfile
test: lint
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) --durations=15

# The quick loop, not a substitute for `make test`: ruff's lint rules only (no format check, types or
# layers), then the tests that open no browser, start no service and are not slow (not marked browser,
# services or slow in tests/conftest.py: no Chromium, PostgreSQL, Redis, gunicorn, Celery worker, app
# or CLI process), on the same workers.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not browser and not services and not slow" --durations=5

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The wording's gettext catalogues (positioning/i18n/locale): the template from en.po and the core's English,
# every other language updated from it, the .mo files compiled (scripts/catalogues.py; README, "Wording").
catalogues: setup
	$(BIN)/python scripts/catalogues.py

# docs/guide.md, the reading guide, from its one source (positioning/i18n/guide.py and the catalogues).
guide: setup
	$(BIN)/python scripts/guide.py

format: setup
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Known vulnerabilities in requirements.lock (pip-audit asks OSV; SERVICE=pypi for PyPI's API). Fails on
# one a newer release fixes, and when the service cannot be reached. CI runs it with
# AUDIT_FLAGS=--unreachable-ok: a fixable vulnerability fails the run, and a network that reaches no
# vulnerability service (this one reaches the package registries only) is said loudly, not failed.
SERVICE ?= osv
AUDIT_FLAGS ?=
audit: setup
	$(BIN)/python scripts/audit.py --service $(SERVICE) $(AUDIT_FLAGS)

# PARTS="load memory" runs those parts only (core robustness app store export load memory start).
bench: setup
	$(BIN)/python bench/run.py $(PARTS)

schema: setup
	$(BIN)/positioning schema -o docs/canvas.schema.json

# After upgrading plotly: the renderer's plotly.js basic bundle for the new version.
vendor-plotly: setup
	$(BIN)/python scripts/vendor_plotly.py

# Re-resolve every dependency within pyproject.toml's bounds to its newest
# release and rewrite requirements.lock (hashes included). Then `make test`;
# if plotly moved, `make vendor-plotly` first.
lock:
	test -x $(TOOLS)/bin/uv || ($(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION))
	UV_PYTHON_DOWNLOADS=never $(TOOLS)/bin/uv pip compile pyproject.toml --group dev --universal \
		--python-version 3.10 --generate-hashes --upgrade --custom-compile-command "make lock" -o requirements.lock

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache .mypy_cache *.egg-info
