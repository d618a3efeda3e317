# zicha — two set-up commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-fast lint contracts bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the embedded default: a whole inspection of the simulated
## hospital plus this machine, ending in the report files under ./zicha-demo/.
demo: install
	$(VENV)/bin/zicha demo --out zicha-demo

## All tests. Services the tests need (PostgreSQL, fonts, LibreOffice, Chromium)
## are installed and started by scripts/test-env.sh when run as root (CI does).
test: install
	bash scripts/run-tests.sh

test-fast: install
	$(PY) -m pytest -q -m "not fuzz and not pdf and not browser"

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/lint-imports

contracts: install
	$(VENV)/bin/lint-imports

bench: install
	$(PY) bench/bundles.py
	$(PY) bench/report.py

clean:
	rm -rf $(VENV) zicha-demo zicha-out .pytest_cache build src/*.egg-info
