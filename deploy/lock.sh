#!/usr/bin/env bash
# Refreshes deploy/requirements.lock from deploy/requirements.in (our packages' pyproject.toml,
# requirements-dev.txt and the tools): every version pinned, every file's hash listed, for any
# platform (--universal), so install.sh and CI install the same bytes. Then the images' lock,
# deploy/requirements-runtime.lock: only our packages' own dependencies (no test or lint tools in a
# production image), constrained to exactly the versions of the first lock. Run it after
# changing a dependency, then `bash deploy/install.sh` and commit the lock. Extra arguments go to
# `uv pip compile` (for example --upgrade, or --upgrade-package NAME).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UV="${UV:-$ROOT/.venv/bin/uv}"
[ -x "$UV" ] || { echo "lock.sh: no uv at $UV; run deploy/install.sh first" >&2; exit 1; }
cd "$ROOT"
own=(clinic-contracts clinic-servicekit clinic-settings clinic-availability clinic-requests clinic-notifications
  clinic-gateway)
compile() {  # compile INPUT OUTPUT [uv arguments...]
  local input=$1 output=$2
  shift 2
  "$UV" pip compile "$input" --universal --python-version 3.11 --generate-hashes \
    "${own[@]/#/--no-emit-package=}" --custom-compile-command "bash deploy/lock.sh" \
    --output-file "$output" --quiet "$@"
}
compile deploy/requirements.in deploy/requirements.lock "$@"
# The first lock's pins without their hashes, as the second one's constraints: at a path relative to
# the checkout, because the lock names it (a temporary file's name changed every line on each run).
constraints=deploy/.cache/requirements-pins.txt
mkdir -p deploy/.cache
sed -n 's/^\([A-Za-z0-9][^ ]*==[^ ]*\).*/\1/p' deploy/requirements.lock > "$constraints"
compile deploy/requirements-runtime.in deploy/requirements-runtime.lock --constraint "$constraints"
