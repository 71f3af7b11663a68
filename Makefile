# Everything a fresh machine needs: `make test` and `make demo` create .venv and install what they use.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DATA ?= var/demo

.PHONY: install system-deps ui-deps lint format test demo fixtures schemas clean engines-build engines-start engines-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use: poppler's pdftotext proves the fixture PDFs open in a second reader;
# Tesseract with its five languages' data OCRs scanned decisions at ingest; chromium runs the web UI's browser
# tests (tests/ui, driven by Playwright without its own browser download). Each is installed only when missing.
OCR_LANGS := eng spa fra por ara
system-deps:
	@missing=""; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	for lang in $(OCR_LANGS); do \
	  if ! tesseract --list-langs 2>/dev/null | grep -qx "$$lang"; then missing="$$missing tesseract-ocr-$$lang"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing:$$missing: run 'sudo apt-get install$$missing'" >&2; exit 1; \
	  fi; \
	fi

# axe-core, which the browser tests inject to check accessibility: installed from the committed lock file,
# again only when the lock file changes.
UI_NODE := tests/ui/node_modules
$(UI_NODE)/.installed-stamp: tests/ui/package.json tests/ui/package-lock.json
	cd tests/ui && npm ci --no-audit --no-fund --silent
	touch $@

ui-deps: $(UI_NODE)/.installed-stamp

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite. pytest's exit 5 ("no tests collected") is turned into a failure with a clear message:
# a green run that tested nothing would hide a broken collection.
# The contract suite also runs against real OpenSearch and Elasticsearch nodes: the nodes not already running
# are started first and stopped on exit, also when pytest fails. A node that cannot start skips
# its tests with the reason, and fails them in CI. One at a time: two first builds would share ~/.m2.
ENGINES := opensearch elasticsearch
test: install system-deps ui-deps lint
	@started=""; \
	for e in $(ENGINES); do engines/run.sh status $$e >/dev/null 2>&1 || started="$$started $$e"; done; \
	trap 'for e in $$started; do engines/run.sh stop $$e; done' EXIT; \
	for e in $$started; do engines/run.sh start $$e; done; \
	$(BIN)/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$rc

# Real engine nodes by hand (engines/README.md): jars from Maven Central, no Docker.
engines-build:
	engines/run.sh build all

engines-start:
	engines/run.sh start all

engines-stop:
	engines/run.sh stop all

# From a fresh machine: ingest the fixture decisions (a second run skips what is stored), build the embedded
# index, then serve the API and docs on http://127.0.0.1:8000 until interrupted.
demo: install system-deps
	$(BIN)/caselaw --data-dir $(DEMO_DATA) ingest fixtures/pdf
	$(BIN)/caselaw --data-dir $(DEMO_DATA) reindex
	$(BIN)/caselaw --data-dir $(DEMO_DATA) search "desalojo" --lang es --size 3
	@echo 'committee page: create a key with  $(BIN)/caselaw --data-dir $(DEMO_DATA) keys create --name NAME --role steering-committee'
	$(BIN)/caselaw --data-dir $(DEMO_DATA) serve --host 127.0.0.1 --port 8000

fixtures: install
	$(BIN)/python scripts/make_fixtures.py

schemas: install
	$(BIN)/caselaw schemas export

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
