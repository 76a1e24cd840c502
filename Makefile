# Concurrent Kitchen. `make serve` to read the site, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# The strict build that `make test` checks; CI publishes this folder as it is, without rebuilding.
TEST_SITE ?= .cache/test-site
export KITCHEN_TEST_SITE_DIR := $(TEST_SITE)

.PHONY: serve site site-zensical test lint venv test-venv browser pythons matrix lock benchmark stress clean lint-workflows lighthouse

# Not strict: a failing example shows as a red box on its page instead of stopping the server.
# `python -m` from this folder puts it on sys.path: mkdocs.yml names the fence kitchen.fence.*.
serve: venv
	$(BIN)/python -m mkdocs serve --dev-addr $(HOST)

site: venv
	$(BIN)/python -m mkdocs build --strict

# The same site built by Zensical (kitchen/zensical_build.py): from a staged folder, so its
# cache (.cache/zensical/.cache, wiped by --clean) is apart from ours; site in .cache/zensical/site.
site-zensical: test-venv
	$(BIN)/python -m kitchen.zensical_build

# .cache/bin puts python3.14t and friends on PATH for the pages' "Try it" commands.
test: test-venv browser pythons lint lint-workflows
	PATH="$(CURDIR)/.cache/bin:$$PATH" KITCHEN_REQUIRE_PYTHONS=1 $(BIN)/python -m pytest

# The interpreter matrix alone, plus 3.12 and 3.13 where this machine has them.
matrix: test-venv pythons
	PATH="$(CURDIR)/.cache/bin:$$PATH" KITCHEN_MATRIX_EXTRA=1 $(BIN)/python -m pytest tests/test_matrix.py

# Ruff over the code (rules in pyproject.toml); make test runs it first.
lint: test-venv
	$(BIN)/ruff check kitchen examples tests tools

# actionlint and zizmor (offline: no API calls) over the workflows; both must report nothing.
lint-workflows: test-venv
	$(BIN)/actionlint -no-color -oneline
	$(BIN)/zizmor --offline --persona=auditor --no-progress .github/workflows/

browser:
	@tools/ensure_chromium.sh

# CPython 3.14, 3.14t, 3.15, 3.15t: found on PATH or built once from verified sources into
# ~/.cache/concurrent-kitchen (shared by every clone), each with a venv of the examples' packages.
pythons:
	$(PYTHON) tools/build_python.py --venvs --link-dir .cache/bin 3.14 3.14t 3.15 3.15t

venv: $(VENV)/.site-installed
test-venv: $(VENV)/.test-installed

# Re-created when the interpreter is missing or broken; refreshed when a lock file changes.
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "error: Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: requirements/site.txt | $(VENV)/bin/python
	@$(BIN)/python -c 'import sys' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/site.txt
	touch $@

$(VENV)/.test-installed: requirements/test.txt | $(VENV)/bin/python
	@$(BIN)/python -c 'import sys' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	touch $@ $(VENV)/.site-installed

# Regenerate the pinned, hashed lock files from the ranges in pyproject.toml.
# examples.txt serves every interpreter the site measures (3.11 to 3.15, free-threaded too).
lock: | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile requirements/examples.in --generate-hashes --universal \
	  --python-version 3.11 --output-file requirements/examples.txt
	$(BIN)/uv pip compile pyproject.toml requirements/examples.in --extra test --generate-hashes \
	  --python-version 3.11 --constraint requirements/examples.txt --output-file requirements/test.txt
	$(BIN)/uv pip compile pyproject.toml requirements/examples.in --generate-hashes \
	  --python-version 3.11 --constraint requirements/test.txt --output-file requirements/site.txt

# Build times: cold, cached, one example changed, execution off (writes benchmarks/build-times.md),
# then the Pages workflow's steps run in order in a fresh clone (benchmarks/workflow-steps.md;
# that includes a whole `make test`).
benchmark: venv
	$(BIN)/python tools/bench_build.py
	$(PYTHON) tools/build_python.py --report benchmarks/interpreter-builds.md
	$(BIN)/python tools/bench_workflow.py

# Every page of site/ five times in Lighthouse 12.2.3's mobile profile (writes benchmarks/lighthouse.md).
# Lighthouse comes from the committed lock, tools/lighthouse/package-lock.json.
LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund
	touch $@

# LIGHTHOUSE_RUNS=n runs each page n times; PAGES="home asyncio" measures only those pages.
LIGHTHOUSE_RUNS ?= 5
lighthouse: site browser $(LIGHTHOUSE)
	$(BIN)/python tools/lighthouse.py --site site --runs $(LIGHTHOUSE_RUNS) $(foreach p,$(PAGES),--page $(p))

# The whole suite 10 times in a row with one core kept busy (RUNS=n to change).
RUNS ?= 10
stress: test-venv browser pythons
	@mkdir -p .cache
	tools/stress.sh $(RUNS)

clean:
	rm -rf site .cache
