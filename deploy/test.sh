#!/usr/bin/env bash
# Runs the lint and type checks (deploy/lint.sh), then the whole test suite. Kafka and PostgreSQL
# come from the environment, testcontainers or the deploy/ scripts (tests/infrastructure.py
# decides); extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/deploy/install.sh"
bash "$ROOT/deploy/lint.sh"
cd "$ROOT"
exec "$ROOT/.venv/bin/pytest" "$@"
