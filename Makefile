# Everything a fresh machine needs: `make test` and `make demo` create .venv and install what they use.
# PYTHON: the first of these that exists and is 3.11 or newer (or PYTHON=... on the command line).
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
    echo $$p; break; fi; done)
endif
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Cargo's build of native/ (the one-pass search) outside the clone: a clean clone on this machine reuses the
# compiled dependencies (a cold build takes minutes, a warm one seconds).
export CARGO_TARGET_DIR ?= $(HOME)/.cache/caselaw/cargo-target
DEMO_DATA ?= var/demo

.PHONY: install python-version demo-deps system-deps ui-deps lint format test demo fixtures schemas clean \
	engines-build engines-start engines-stop

# A Python without venv support (Debian and Ubuntu ship it separately) is named with the package to install.
$(STAMP): pyproject.toml setup.py caselaw/ingest/_items.c caselaw/ingest/_langid.c caselaw/search/embedded/_scan.c \
	native/Cargo.toml native/Cargo.lock $(wildcard native/src/*.rs)
	@if [ -z "$(PYTHON)" ]; then \
	  echo "caselaw needs Python 3.11 or newer; none of $(PYTHON_CANDIDATES) is: run 'sudo apt-get install python3.11 python3.11-venv' (or PYTHON=/path/to/python3.X make ...)" >&2; \
	  exit 1; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "PYTHON=$(PYTHON) is not a Python 3.11 or newer: run 'sudo apt-get install python3.11 python3.11-venv'" >&2; \
	  exit 1; \
	}
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  version=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "$(PYTHON) cannot create a virtual environment: run 'sudo apt-get install python$$version-venv'" >&2; \
	  exit 1; \
	}
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# The package's bytecode now, as pip does for every other package: where PYTHONDONTWRITEBYTECODE is set, every
	@# command (and the ingest workers' fork server, 0.4 s of its 2.2 s warm-up) compiled it from source each time.
	$(BIN)/python -m compileall -q caselaw
	touch $(STAMP)

install: $(STAMP)

python-version:
	@if [ -n "$(PYTHON)" ]; then $(PYTHON) --version 2>&1; else echo "none of $(PYTHON_CANDIDATES) is 3.11 or newer"; fi

# Debian packages, each installed only when missing (as root; otherwise the exact apt-get command is printed).
# demo-deps, what ingest and serving need: Tesseract with its five languages' data OCRs scanned decisions (without
# it they are stored as needs-ocr); antiword reads legacy Word (.doc) decisions (0.6 MB installed; LibreOffice,
# the other reader measured, is 250 MB and takes seconds a file). system-deps, what the tests need besides:
# poppler's pdftotext proves the fixture PDFs open in a second reader; chromium runs the web UI's browser tests
# (tests/ui, driven by Playwright without its own browser download); npm installs axe-core for their accessibility
# checks.
OCR_LANGS := eng spa fra por ara
OCR_MISSING = command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	command -v antiword >/dev/null 2>&1 || missing="$$missing antiword"; \
	for lang in $(OCR_LANGS); do \
	  if ! tesseract --list-langs 2>/dev/null | grep -qx "$$lang"; then missing="$$missing tesseract-ocr-$$lang"; fi; \
	done;
TEST_MISSING = command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm";
APT_INSTALL = if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing:$$missing: run 'sudo apt-get install$$missing'" >&2; exit 1; \
	  fi; \
	fi

demo-deps:
	@missing=""; $(OCR_MISSING) $(APT_INSTALL)

system-deps:
	@missing=""; $(OCR_MISSING) $(TEST_MISSING) $(APT_INSTALL)

# axe-core, which the browser tests inject to check accessibility: installed from the committed lock file,
# again only when the lock file changes.
UI_NODE := tests/ui/node_modules
$(UI_NODE)/.installed-stamp: tests/ui/package.json tests/ui/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: run 'make system-deps' as root, or 'sudo apt-get install npm'" >&2; exit 1; }
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

# From a fresh machine: ingest the fixture decisions (the first run also builds the embedded index; a second run
# skips what is stored), search, then serve the API and docs on http://127.0.0.1:8000 until interrupted.
# Only what ingest and serving need: no browser, no Node.
demo: install demo-deps
	$(BIN)/caselaw --data-dir $(DEMO_DATA) ingest --embed fixtures/pdf
	$(BIN)/caselaw --data-dir $(DEMO_DATA) follow-up import fixtures/follow_up.jsonl
	$(BIN)/caselaw --data-dir $(DEMO_DATA) search "desalojo" --lang es --size 3
	@echo 'committee page: create a key with  $(BIN)/caselaw --data-dir $(DEMO_DATA) keys create --name NAME --role steering-committee'
	$(BIN)/caselaw --data-dir $(DEMO_DATA) serve --host 127.0.0.1 --port 8000

fixtures: install
	$(BIN)/python scripts/make_fixtures.py

schemas: install
	$(BIN)/caselaw schemas export

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
