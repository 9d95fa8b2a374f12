#!/usr/bin/env bash
# Lint and type checks, run by deploy/test.sh before the tests (so CI fails on them too):
# ruff (rules and formatting: the root pyproject.toml), mypy --strict on what [tool.mypy] lists
# there, and the pages' JavaScript checks when deploy/js/lint.sh exists. Runs every check, then
# fails if any failed, so one run shows all that needs fixing.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.venv/bin"
cd "$ROOT"

failed=()
check() {  # check NAME COMMAND...
  echo "lint.sh: $1"
  "${@:2}" || failed+=("$1")
}

check "ruff check" "$BIN/ruff" check .
check "ruff format --check" "$BIN/ruff" format --check .
check "mypy --strict" "$BIN/mypy"
if [ -f deploy/js/lint.sh ]; then
  check "pages' JavaScript" bash deploy/js/lint.sh
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf 'lint.sh: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "lint.sh: all checks passed"
