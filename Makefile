# sefkit: two commands on a fresh machine.
#   make demo   create .venv, install sefkit, run the main job on the demo workspace
#   make test   install what the tests need, run the whole suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: writer demo test install test-deps browser clean help

help:
	@sed -n '2,4p' Makefile

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	# jsonschema imports rfc3987-syntax if present, costing ~1.5 s in every kernel
	# start and papermill run; jsonschema treats it as optional.
	-$(BIN)/pip uninstall --quiet -y rfc3987-syntax
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP) browser
	$(BIN)/sef validate --all
	$(BIN)/sef score --all
	$(BIN)/sef report --all --format $$(command -v chromium >/dev/null 2>&1 && echo html,pdf,docx,ipynb || echo html,docx,ipynb)
	@echo "Reports are in reports/<council>/<as_of>/; the index is reports/<as_of>/index.html"

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	-$(BIN)/pip uninstall --quiet -y rfc3987-syntax
	touch $(TEST_STAMP)

AXE := .cache/npm/node_modules/axe-core/axe.min.js

test-deps: $(TEST_STAMP) browser writer $(AXE)

# Debian's Chromium prints the PDFs and runs the end-to-end tests (Playwright
# drives it; we never download Playwright's own browser build). poppler-utils
# lets the tests read the PDFs back.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else echo "note: install Debian's chromium and poppler-utils for PDF output and the browser tests"; fi

# LibreOffice Writer (without its GUI) opens the Word reports in a second program, as a council would, and
# lays them out: the tests check the document opens and the board summary fills page 1 alone.
writer:
	@if command -v soffice >/dev/null 2>&1 && [ -n "$$(ls /usr/lib/libreoffice/program/libswlo.so 2>/dev/null)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
	else echo "note: install Debian's libreoffice-writer-nogui for the Word layout test"; fi

# axe-core (accessibility rules) from the npm registry, injected into pages by the e2e tests.
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4

# Lint and types first (seconds), then the whole suite.
test: test-deps
	$(BIN)/ruff check lib tools bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .cache reports/*/
