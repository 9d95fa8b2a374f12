#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: a virtualenv with every package (editable)
# and the test and lint tools, plus the Debian packages the tests use when they are missing.
# Third-party packages come from deploy/requirements.lock only, checked against its hashes, so
# every install gets the same versions (deploy/lock.sh refreshes the lock).
# Idempotent; safe to run before every start or test run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PACKAGES=(contracts services/servicekit services/settings services/availability services/requests services/notifications services/gateway)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

apt_updated=""
apt_install() {  # apt_install COMMAND PACKAGE: install PACKAGE unless COMMAND exists
  command -v "$1" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "install.sh: $2 is missing and apt-get is not available" >&2; return 0; }
  [ -n "$apt_updated" ] || { as_root apt-get update -q >/dev/null; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "$2" >/dev/null
}

if [ "${1:-}" != "--python-only" ]; then
  for tool in java mvn; do
    command -v "$tool" >/dev/null || { echo "install.sh: $tool is required for the local Kafka broker" >&2; exit 1; }
  done
  apt_install docker-compose docker-compose  # validates docker-compose.yml offline in the tests
  apt_install chromium chromium  # the browser the page tests drive (Playwright's own download fails here)
  # bench/bench_pipeline.py's load generator for the GETs (httpx is the bottleneck at 16 in flight);
  # optional: without it the bench measures with httpx alone.
  apt_install wrk wrk || echo "install.sh: wrk not installed; bench_pipeline.py measures GETs with httpx only" >&2
fi

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
stamp="$VENV/.installed"
# Our packages' pyproject.toml too: their editable installs carry their metadata.
inputs=$(cat "$ROOT/deploy/requirements.lock" "${PACKAGES[@]/%//pyproject.toml}" | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$inputs" ]; then
  "$VENV/bin/pip" install -q --require-hashes -r "$ROOT/deploy/requirements.lock"
  args=()
  for package in "${PACKAGES[@]}"; do args+=(-e "$ROOT/$package"); done
  # Their dependencies and build backend are already there, from the lock.
  "$VENV/bin/pip" install -q --no-deps --no-build-isolation "${args[@]}"
  "$VENV/bin/pip" check >/dev/null || { "$VENV/bin/pip" check >&2; exit 1; }
  echo "$inputs" > "$stamp"
fi
echo "install.sh: virtualenv ready at $VENV"
