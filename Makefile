# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: setup system-deps run test lint format bench schema vendor-plotly clean

setup: $(STAMP) system-deps

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -e .
	touch $(STAMP)

system-deps:
	@bash scripts/ensure-system-deps.sh

run: setup
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: setup
	$(BIN)/python bench/run.py

schema: setup
	$(BIN)/positioning schema -o docs/canvas.schema.json

# After upgrading plotly: the renderer's plotly.js basic bundle for the new version.
vendor-plotly: setup
	$(BIN)/python scripts/vendor_plotly.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
