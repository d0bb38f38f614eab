# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= data
UV_VERSION := 0.13.8
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-python test-frontend test-e2e lint schema schema-check contract bench install lock frontend system-deps clean

## run: install everything, build the SPA, migrate, seed personas, serve API + SPA on http://127.0.0.1:8000
run: install frontend
	$(BIN)/interview migrate
	$(BIN)/interview seed
	$(BIN)/interview serve

## test: the whole suite (Python against real PostgreSQL + Redis, SPA unit tests, browser end-to-end)
test: install system-deps frontend schema-check contract test-python test-frontend test-e2e

install: $(VENV)/.installed

# Exactly the versions (and files, by hash) of requirements.lock; the project itself without its
# dependencies, which the lock already holds. pip check fails if pyproject.toml asks for something
# the lock lacks (run make lock).
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	touch $@

## lock: re-resolve pyproject.toml (with the dev extra) from PyPI for Python 3.11 on x86-64 Linux
## (CI, Docker) into requirements.lock, hashes of every platform's files included, keeping
## the versions already locked where they still fit (`make lock UPGRADE=--upgrade` to move them all)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
	  --generate-hashes --index-url https://pypi.org/simple --custom-compile-command 'make lock' \
	  --quiet $(UPGRADE) --output-file requirements.lock

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend: frontend/node_modules/.installed
	cd frontend && npm run build

## system-deps: Debian packages the tests use (Chromium for browser tests, espeak-ng as last-resort voice, DejaVu fonts for the PDF report)
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v sox >/dev/null || missing="$$missing sox"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Install with: sudo apt-get install$$missing" && exit 1; fi; \
	fi

test-python: install
	$(BIN)/pytest

test-frontend: frontend/node_modules/.installed
	cd frontend && npm test

test-e2e: install frontend
	cd frontend && npm run e2e

## schema: regenerate schema.graphql from the code and the SPA's generated types from it
schema: install
	$(BIN)/interview export-schema
	cd frontend && npm run codegen

schema-check: install frontend/node_modules/.installed
	$(BIN)/interview export-schema --output /tmp/interview-schema.graphql
	diff -u schema.graphql /tmp/interview-schema.graphql || (echo "schema.graphql is stale: run make schema" && exit 1)
	cd frontend && npm run codegen:check

## contract: the exported schema keeps the public contract
contract: install
	$(BIN)/python ../shared/contract/check_contract.py schema.graphql

lint: install frontend/node_modules/.installed
	$(BIN)/ruff check backend tests bench
	$(BIN)/mypy
	cd frontend && npm run lint

## bench: every benchmark in bench/ (each prints ratios against its targets)
bench: install
	$(BIN)/python bench/speech.py
	$(BIN)/python bench/turn.py
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/reports.py
	cd frontend && node ../bench/frontend_budget.mjs

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
