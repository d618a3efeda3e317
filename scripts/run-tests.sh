#!/usr/bin/env bash
# `make test`: the whole suite, on SQLite and then the database tests on PostgreSQL.
# pytest's exit 5 ("no tests ran") is a failure here, never a pass.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

pg_url=$(bash scripts/test-env.sh | tail -n 1)
export ZICHA_HOME=$(mktemp -d /tmp/zicha-test-XXXXXX)
trap 'rm -rf "$ZICHA_HOME"' EXIT

status=0
run() {
  "$@"
  rc=$?
  if [ $rc -eq 5 ]; then echo "no tests were collected: failing" >&2; rc=1; fi
  [ $rc -ne 0 ] && status=$rc
  return 0
}

echo "== import contracts (engines never import Django), lint, types =="
run .venv/bin/lint-imports
run .venv/bin/ruff check src tests
run .venv/bin/mypy

echo "== tests on SQLite =="
run $PY -m pytest -p no:cacheprovider

if [ -n "$pg_url" ]; then
  echo "== database tests on PostgreSQL =="
  ZICHA_DATABASE_URL="$pg_url" run $PY -m pytest -p no:cacheprovider tests/web -m "not browser"
else
  echo "PostgreSQL not available: the PostgreSQL run is skipped (CI installs it)" >&2
  if [ "${CI:-}" = "true" ]; then status=1; fi
fi
exit $status
