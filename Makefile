# Oro: `make run` starts the whole system on this machine; `make test` runs every test.
# Both install what they need first (Python venv and packages, npm packages, Debian chromium).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast bench synth lint install clean

# --- set-up ------------------------------------------------------------------------------------------

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

# Lambda dependencies for Python 3.13 on arm64, cached so that `cdk synth` works offline afterwards.
.cache/lambda-deps/.installed: functions/requirements.txt $(VENV)/.installed
	$(PY) -m infra.bundling
	mkdir -p $(@D) && touch $@

install: $(VENV)/.installed node_modules/.installed /usr/bin/chromium .cache/lambda-deps/.installed

# --- use ---------------------------------------------------------------------------------------------

run: $(VENV)/.installed
	$(PY) -m local.run

test: install
	$(PY) -m pytest -q

# Without the browser and the CDK synth: the quick loop while working on functions.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -m "not browser and not infra"

bench: $(VENV)/.installed
	$(PY) -m benchmarks.run

synth: $(VENV)/.installed node_modules/.installed .cache/lambda-deps/.installed
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" npx cdk synth $(if $(MUNICIPALITY),-c municipality=$(MUNICIPALITY),)

lint: $(VENV)/.installed
	$(PY) -m ruff check functions local infra tests benchmarks

clean:
	rm -rf cdk.out .pytest_cache bench-results.json
