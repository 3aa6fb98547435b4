# Set-up and entry points. `make run` builds the graph (NCBI's whole LiverTox archive when
# `livertox-kg fetch` can get it or got it before, else the bundled data/) and serves it;
# `make test` runs the test suite. Both install everything they need first:
# the Python venv (.venv), the query editor's browser assets (npm, into server/static/vendor/),
# and, for the tests, Debian's headless Chromium.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
VENDOR := server/static/vendor/yasgui/yasgui.min.js

.PHONY: run corpus build serve test install browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# YASGUI from the npm registry, copied into server/static/vendor/ by web/install-vendor.js
$(VENDOR): web/package.json web/package-lock.json web/install-vendor.js
	cd web && npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed $(VENDOR)

# Debian's Chromium for the browser tests (Playwright's own browser download is not used)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

build: install
	$(BIN)/livertox-kg build

# The whole archive if fetched (or fetched before: it is reused), else data/; says which it built.
# Offline, fetch fails within seconds with one line naming the URL and the reason.
corpus: install
	@if archive=$$($(BIN)/livertox-kg fetch --dest var --timeout 5); then \
	  echo "make run: building the whole LiverTox archive ($$archive)"; \
	  $(BIN)/livertox-kg build "$$archive" || echo "make run: the build reported skipped records or failed (see above)"; \
	else \
	  echo "make run: no LiverTox archive (see the line above); building the bundled data/ (the seed monograph)"; \
	  $(BIN)/livertox-kg build; \
	fi

serve: install
	$(BIN)/livertox-kg serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

run: corpus serve

test: install browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf var .pytest_cache test-output
