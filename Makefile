# Oro: `make run` starts the whole system on this machine; `make test` runs every test.
# Both install what they need first (Python venv and packages, npm packages, Debian chromium).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Every Python package of the venv, pinned (the dev extras included); functions/requirements.txt pins the
# Lambda functions' share of the same versions. Refresh both after changing pyproject.toml's ranges:
#   make lock                # keeps every pin that still fits the ranges, adds what is new
#   make lock UPGRADE=1      # takes the newest releases the ranges allow
# then `make test` and commit requirements/dev.lock and functions/requirements.txt together.
LOCK := requirements/dev.lock
UV_VERSION := 0.13.8
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast bench synth lint install lock clean audit-verify openapi accessibility-statement

# --- set-up ------------------------------------------------------------------------------------------

# The lock's exact versions; pip refuses to go on if pyproject.toml's ranges no longer admit them.
$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --requirement $(LOCK) --editable '.[dev]'
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

run: $(VENV)/.installed node_modules/.installed
	$(PY) -m local.run $(if $(MUNICIPALITY),--municipality $(MUNICIPALITY),)

# pytest-xdist: TEST_WORKERS processes (0: all in this one), each with its own local stack on free ports.
# With loadgroup as tests/conftest.py sets it up, a worker holds one or two tests at a time, so nothing waits
# behind a minutes-long test, and all CDK tests go to one worker, which synthesizes each stack once.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup

test: install
	$(PYTEST)

# Without the browser, the CDK synth, the scale tests (thousands of reports) and the slow ones: the quick loop.
test-fast: $(VENV)/.installed node_modules/.installed
	$(PYTEST) -m "not browser and not infra and not scale and not slow"

bench: $(VENV)/.installed node_modules/.installed
	$(PY) -m benchmarks.run

synth: $(VENV)/.installed node_modules/.installed .cache/lambda-deps/.installed
	PATH="$(abspath $(VENV))/bin:$$PATH" npx cdk synth $(if $(MUNICIPALITY),-c municipality=$(MUNICIPALITY),)

# Checks the audit trail against its locked seals: the local stack of `make run` (MOTO_PORT, 5000 by default;
# ORO_MUNICIPALITY), DAYS back (7). In AWS: `python -m functions.audit_trail.verify` with the stack's names.
audit-verify: $(VENV)/.installed
	$(PY) -m functions.audit_trail.verify --local $(if $(DAYS),--days $(DAYS),)

# The APIs' OpenAPI documents (docs/api/), written from the code; commit them with the change that moved them.
openapi: $(VENV)/.installed
	$(PY) -m local.openapi

# The accessibility statement (web/form/tillganglighet.html): runs the tests its claims name, records their
# outcomes in docs/accessibility/results.json and writes the page from them; commit both.
accessibility-statement: install
	$(PY) -m local.accessibility_statement --run

lint: $(VENV)/.installed
	$(PY) -m ruff check functions local infra tests benchmarks
	$(PY) -m mypy

# uv resolves for every platform and Python the project allows (the dev lock) and for the Lambda runtime
# (Python 3.13 on arm64) from the same pins; the Lambda set is pyproject.toml's dependencies less boto3.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile --quiet pyproject.toml --extra dev --universal --python-version 3.11 \
		$(if $(UPGRADE),--upgrade,) --custom-compile-command 'make lock' --output-file $(LOCK)
	set -o pipefail; $(PY) -c 'import tomllib; print(*(d for d in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"] if not d.startswith("boto3")), sep="\n")' \
		| $(VENV)/bin/uv pip compile --quiet - --constraint $(LOCK) --python-version 3.13 \
			--python-platform aarch64-manylinux2014 --no-header --annotation-style line \
		| sed -E 's/,? ?-c $(subst /,\/,$(LOCK))//; s/ +# via$$//' > functions/requirements.txt.new
	{ printf '%s\n' \
		"# What the Lambda functions need at run time, bundled into the asset for Python 3.13 on arm64" \
		"# (infra/bundling.py). Written by \`make lock\`: pyproject.toml's dependencies less boto3, which comes" \
		"# with the Lambda runtime, at the versions of $(LOCK)."; \
	  cat functions/requirements.txt.new; } > functions/requirements.txt
	rm functions/requirements.txt.new
	set -o pipefail; echo cryptography | $(VENV)/bin/uv pip compile --quiet - --constraint $(LOCK) --python-version 3.13 \
			--python-platform aarch64-manylinux2014 --no-header --annotation-style line \
		| sed -E 's/,? ?-c $(subst /,\/,$(LOCK))//; s/ +# via$$//' > functions/reporter/requirements.txt.new
	{ printf '%s\n' \
		"# The reporter function's layer (infra/bundling.py): PyJWT verifies providers' RS256/ES256 ID tokens with" \
		"# cryptography, which only this function loads (in the shared asset it would add ~130 ms to every cold" \
		"# start). Written by \`make lock\` at the versions of $(LOCK), for Python 3.13 on arm64."; \
	  cat functions/reporter/requirements.txt.new; } > functions/reporter/requirements.txt
	rm functions/reporter/requirements.txt.new

clean:
	rm -rf cdk.out .pytest_cache bench-results.json
