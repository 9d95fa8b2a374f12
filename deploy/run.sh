#!/usr/bin/env bash
# Starts the whole system locally with a demo clinic: Kafka, Mailpit, the five services, seeded data.
# Ctrl-C stops everything it started. Pass --postgres to use PostgreSQL instead of SQLite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/deploy/install.sh" --python-only
exec "$ROOT/.venv/bin/python" "$ROOT/deploy/run_local.py" "$@"
