# Everything a fresh machine needs: `make test` and `make demo` create .venv and install what they use.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DATA ?= var/demo

.PHONY: install system-deps lint format test demo fixtures schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use: poppler's pdftotext proves the fixture PDFs open in a second reader.
system-deps:
	@if ! command -v pdftotext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing poppler-utils"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else \
	    echo "pdftotext is missing: run 'sudo apt-get install poppler-utils'" >&2; exit 1; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite. pytest's exit 5 ("no tests collected") is turned into a failure with a clear message:
# a green run that tested nothing would hide a broken collection.
test: install system-deps lint
	@$(BIN)/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$rc

# Until the API issue lands there is no server: this loads the fixture corpus's golden records into a
# local store and lists them, so the data model, taxonomy labels and store can be looked at.
demo: install
	$(BIN)/caselaw --data-dir $(DEMO_DATA) import fixtures/corpus.jsonl
	$(BIN)/caselaw --data-dir $(DEMO_DATA) cases list
	$(BIN)/caselaw --data-dir $(DEMO_DATA) cases list --lang ar --forum un-cescr

fixtures: install
	$(BIN)/python scripts/make_fixtures.py

schemas: install
	$(BIN)/caselaw schemas export

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
