# make run   - create .venv, install, build/refresh the index, serve UI + API on http://127.0.0.1:$${ASSISTANT_PORT:-7860}
# make test  - create .venv if needed, install with test extras, check the corpus, run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: run test test-slow lint eval eval-scifact bench serve ingest clean serve-cluster chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch is pinned in pyproject.toml (torch==2.13.0): pip takes the CPU build from local disk.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

ingest: $(VENV)/.installed
	$(BIN)/assistant ingest

run: $(VENV)/.installed
	$(BIN)/assistant ingest --quiet
	$(BIN)/assistant serve

# Chromium for the browser tests (tests/test_browser.py), from apt on Debian/Ubuntu. With CI set, a browser that is
# still missing fails the browser tests instead of skipping them.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null; then \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	  else echo "no apt-get: install Chromium at /usr/bin/chromium to run the browser tests" >&2; \
	    if [ -n "$$CI" ]; then exit 1; fi; fi; fi

# axe-core (npm, package.json) for the accessibility tests (tests/test_accessibility.py)
node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-test chromium node_modules/axe-core/axe.min.js
	$(BIN)/assistant corpus check
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check assistant tests evals
	$(BIN)/mypy assistant

# the development set through dense (LangChain), bm25 and hybrid; fails when a threshold of evals/thresholds.toml is missed
eval: $(VENV)/.installed-test
	$(BIN)/assistant ingest --quiet
	$(BIN)/assistant eval evals/questions.jsonl --out evals/reports/dev --compare dense,bm25,hybrid \
		--thresholds evals/thresholds.toml

# SciFact (BEIR layout); the first run indexes 5,183 abstracts into .index/beir/scifact (minutes), later runs reuse it.
# make eval-scifact SCIFACT_SPLIT=train  for the training judgments
SCIFACT ?= ../shared/datasets/scifact
SCIFACT_SPLIT ?= test
eval-scifact: $(VENV)/.installed-test
	$(BIN)/assistant eval beir $(SCIFACT) --split $(SCIFACT_SPLIT) --config evals/beir.toml \
		--compare dense,bm25,hybrid --out evals/reports/scifact/$(SCIFACT_SPLIT)

test-slow: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m slow

# figures in bench/results/ (ingest, latency at 3 scales, LangChain baseline, HTTP load, /v1 overhead); about 17 minutes
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run_all.py

# a Chroma server plus $${WORKERS:-2} uvicorn workers sharing it (README, Scale-out)
serve-cluster: $(VENV)/.installed
	$(BIN)/assistant serve-cluster --workers $${WORKERS:-2}

clean:
	rm -rf .index test-artifacts .pytest_cache node_modules
