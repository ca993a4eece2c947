# termdrills: `make book` builds the course site, `make test` runs every test.
# Both create .venv and install requirements.txt on first use (Python 3.11+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book

.PHONY: install book test test-fast bench serve lab clean lint

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "termdrills needs Python 3.11 or newer (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-test.txt
	@touch $@

# Test-only JavaScript tools (axe-core, scorm-again), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the tests that need axe-core or scorm-again are skipped"; fi

install: $(STAMP)

book: $(STAMP)
	$(JB) build .
	@echo
	@echo "The course site is in _build/html/: open _build/html/index.html, or run 'make serve'."

# Test processes side by side (pytest-xdist): one per core by default.
TEST_JOBS ?= auto

# The build is a test: any warning or broken reference fails it. Then every test, the
# lessons under nbval, side by side: each file's tests in one process (a notebook's cells
# share a kernel), but the heavy, independent tests of tests/conftest.py's SPREAD files
# one by one, each on whichever process is free; fixture books are built once for their inputs (tests/conftest.py).
test: $(STAMP) $(NODE_STAMP)
	$(JB) build . -n -W --keep-going
	$(BIN)/python -m pytest --nbval -n $(TEST_JOBS) --dist loadfile

# Unit and node tests only: no book build, no nbval, no browser, nothing that needs a
# built site (tests marked `site`): green on a fresh clone, well under a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser and not site" -n $(TEST_JOBS) tests

bench: $(STAMP)
	$(BIN)/python -m benchmarks

serve:
	@test -f _build/html/index.html || { echo "no site yet: run 'make book' first"; exit 1; }
	@echo "Serving on http://127.0.0.1:8000/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

# JupyterLab (and Notebook 7) in .venv save the drills' widget state with the notebook
# (Settings → Save Widget State Automatically, on): a lesson saved and reopened shows
# its drills without a run. Defaults only: a student's own settings still win.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): termdrills/jupyter/overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab lessons/

lint: $(STAMP)
	$(BIN)/ruff check termdrills tests benchmarks

clean:
	rm -rf _build tests/artifacts .pytest_cache node_modules
