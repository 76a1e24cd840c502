# Concurrent Kitchen. `make serve` to read the site, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test venv test-venv browser freethreaded lock benchmark stress clean

# Not strict: a failing example shows as a red box on its page instead of stopping the server.
serve: venv
	$(BIN)/mkdocs serve --dev-addr $(HOST)

site: venv
	$(BIN)/mkdocs build --strict

test: test-venv browser freethreaded
	$(BIN)/python -m pytest

browser:
	@tools/ensure_chromium.sh

# A free-threaded CPython 3.13 for the "After the GIL" lab, built once into .cache/python-ft.
freethreaded:
	$(PYTHON) tools/build_freethreaded.py

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
lock: | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra chain --extra test --generate-hashes \
	  --python-version 3.11 --output-file requirements/test.txt
	$(BIN)/uv pip compile pyproject.toml --extra chain --generate-hashes \
	  --python-version 3.11 --constraint requirements/test.txt --output-file requirements/site.txt

# Build times: cold, cached, one example changed, execution off (writes benchmarks/build-times.md).
benchmark: venv
	$(BIN)/python tools/bench_build.py

# The whole suite 10 times in a row with one core kept busy (RUNS=n to change).
RUNS ?= 10
stress: test-venv browser freethreaded
	@mkdir -p .cache
	tools/stress.sh $(RUNS)

clean:
	rm -rf site .cache
