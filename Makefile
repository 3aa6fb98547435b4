# Set-up and entry points. `make run` builds the graph from data/ and serves it;
# `make test` runs the test suite. Both create .venv and install the project first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run build serve test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

build: install
	$(BIN)/livertox-kg build

serve: install
	$(BIN)/livertox-kg serve --host $(HOST) --port $(PORT)

run: build serve

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf var .pytest_cache test-output
