# Samordna: `make run` installs, migrates, loads the demo into an empty database and serves;
# `make test` installs and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast bench lint clean system-deps

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

run: install
	bash scripts/system-deps.sh run
	$(BIN)/samordna migrate --no-input
	$(BIN)/samordna demo
	PORT=$(PORT) $(BIN)/samordna serve

test: install system-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

test-fast: install
	$(BIN)/python -m pytest -q -n 2 -m "not browser"

bench: install
	$(BIN)/python -m samordna.bench

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var/test-*
