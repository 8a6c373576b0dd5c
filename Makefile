# Two commands do the whole set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: help run test lint format openapi screenshot bench soak soak-load soak-memory soak-abuse quality clean

help:  ## the targets and what they do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  \1\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Pinned versions come from constraints.txt; the stamp files re-run pip when either file changes.
# The gazetteer index (service/geo) is built here once, so the first start need not build it.
$(VENV)/.run-installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	$(BIN)/python -m service.geo
	touch $@

# The spark extra is part of the test set-up: the Spark tests run (local[2], needs Java 17+), never skip.
$(VENV)/.test-installed: $(VENV)/.run-installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,spark]'
	touch $@

run: $(VENV)/.run-installed  ## start the server under gunicorn on $PORT with $WORKERS workers
	$(BIN)/gunicorn -c gunicorn.conf.py 'service.web.wsgi:application()'

test: $(VENV)/.test-installed  ## lint, then the whole suite (unit, API, contract, integration)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: $(VENV)/.test-installed  ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-installed  ## ruff fixes and formats in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Soak (issue 6): the server started as `make run` starts it, on 127.0.0.1:$(SOAK_PORT), driven by
# $(CONCURRENCY) clients for $(DURATION) seconds over $(DISTINCT) distinct texts; errors counted, worker
# RSS sampled, a summary printed (and written to bench/results/soak.json).
DURATION ?= 600
CONCURRENCY ?= 16
DISTINCT ?= 20000
SOAK_PORT ?= 8131
soak-load: $(VENV)/.run-installed  ## load on loopback: DURATION=600 CONCURRENCY=16 DISTINCT=20000
	$(BIN)/python bench/soak.py --serve --port $(SOAK_PORT) --duration $(DURATION) \
		--concurrency $(CONCURRENCY) --distinct $(DISTINCT) --json bench/results/soak.json

openapi: $(VENV)/.run-installed  ## regenerate openapi.yaml from the schemas
	$(BIN)/python -m service.web.openapi > openapi.yaml

screenshot: $(VENV)/.test-installed  ## docs/page.png: the page with the seed article, in headless Chromium
	SCREENSHOT=docs/page.png $(BIN)/pytest -q tests/test_browser.py -k seed_article_is_marked

# Performance (issue 5; README, "Performance"). Each starts its own gunicorn, as `make run` does.
# `make soak` runs the memory soak, then the concurrency soak above (soak-load).
CORPUS ?= ../shared/eval/dev/statements-polnear-dev.jsonl
BENCH_PORT ?= 8130
SOAK_REQUESTS ?= 20000

bench: $(VENV)/.run-installed  ## limit (raw nlp.pipe x cores) vs the served batch/single throughput, latency, ready time, RSS
	PYTHONPATH=. $(BIN)/python bench/bench.py --corpus $(CORPUS) --port $(BENCH_PORT)

soak-memory: $(VENV)/.run-installed  ## worker RSS flat (< 5% after warm-up) over $(SOAK_REQUESTS) requests of distinct texts
	PYTHONPATH=. $(BIN)/python bench/memory_soak.py --requests $(SOAK_REQUESTS) --port $(SOAK_PORT)

# Slow clients, overload (64 clients giving up after 2 s) and long texts (issue 16; README, "Slow
# clients and overload"): /healthz and the seed article timed, goodput, a worker's peak RSS.
ABUSE_PORT ?= 8132
soak-abuse: $(VENV)/.run-installed  ## slow clients, overload and long texts against the server as `make run` starts it
	PYTHONPATH=. $(BIN)/python bench/abuse.py --port $(ABUSE_PORT)

# The soaks, each even when one before fails (-k); the exit status says whether all passed.
soak: $(VENV)/.run-installed  ## soak-memory, soak-load and soak-abuse, each even when one before fails
	$(MAKE) -k soak-memory soak-load soak-abuse

BULK_CORPUS ?= ../shared/eval/dev/statements-polnear-dev.jsonl
.PHONY: bench-bulk
bench-bulk: $(VENV)/.test-installed  ## docs/s of events-extract (1, 2 workers) and Spark local[2] beside raw nlp.pipe
	$(BIN)/python bench/bulk.py $(BULK_CORPUS)

# Quality (issue 12; README, "Quality"): the shared scorer on the seed and every dev set, against the
# service started as `make run` starts it (127.0.0.1:$(QUALITY_PORT)); one table, and bench/results/quality.json.
EVAL ?= ../shared/eval
QUALITY_PORT ?= 8140
QUALITY_JOBS ?= 1
quality: $(VENV)/.run-installed  ## score.py on the seed and every dev set: one table set x figure
	PYTHONPATH=. $(BIN)/python bench/quality.py --eval $(EVAL) --port $(QUALITY_PORT) --jobs $(QUALITY_JOBS)

clean:  ## remove the venv and the caches
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
