#!/usr/bin/env bash
# Refreshes deploy/requirements.lock from deploy/requirements.in (our packages' pyproject.toml,
# requirements-dev.txt and the tools): every version pinned, every file's hash listed, for any
# platform (--universal), so install.sh, the Dockerfile and CI install the same bytes. Run it after
# changing a dependency, then `bash deploy/install.sh` and commit the lock. Extra arguments go to
# `uv pip compile` (for example --upgrade, or --upgrade-package NAME).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UV="${UV:-$ROOT/.venv/bin/uv}"
[ -x "$UV" ] || { echo "lock.sh: no uv at $UV; run deploy/install.sh first" >&2; exit 1; }
cd "$ROOT"
own=(clinic-contracts clinic-servicekit clinic-settings clinic-availability clinic-requests clinic-notifications
  clinic-gateway)
"$UV" pip compile deploy/requirements.in --universal --python-version 3.11 --generate-hashes \
  "${own[@]/#/--no-emit-package=}" --custom-compile-command "bash deploy/lock.sh" \
  --output-file deploy/requirements.lock --quiet "$@"
