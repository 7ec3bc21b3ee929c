# sefkit: two commands on a fresh machine.
#   make demo   create .venv, install sefkit, run the main job on the demo workspace
#   make test   install what the tests need, run the whole suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: demo test install test-deps browser clean help

help:
	@sed -n '2,4p' Makefile

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	# jsonschema imports rfc3987-syntax if present, costing ~1.5 s per kernel,
	# papermill run and Voila page; it is optional (see docs/stack-notes).
	-$(BIN)/pip uninstall --quiet -y rfc3987-syntax
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/sef validate --all
	$(BIN)/sef score --all

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	-$(BIN)/pip uninstall --quiet -y rfc3987-syntax
	touch $(TEST_STAMP)

test-deps: $(TEST_STAMP) browser

# Debian's Chromium for the end-to-end tests (Playwright drives it; we never
# download Playwright's own browser build).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: test-deps
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) reports/*/
