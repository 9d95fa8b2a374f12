#!/usr/bin/env bash
# Lints and type-checks the pages' JavaScript (plain ES modules, typed with JSDoc): ESLint, then
# tsc with checkJs. Its node_modules come from package-lock.json (exact versions, integrity hashes)
# and are installed again only when the lock changes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STAMP="$HERE/node_modules/.lock-sha256"

wanted="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$wanted" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$wanted" >"$STAMP"
fi

cd "$ROOT"
# --config from the root: the config's globs (the pages' assets) are relative to where ESLint runs.
"$HERE/node_modules/.bin/eslint" --config "$HERE/eslint.config.js" services/gateway/src/clinic_gateway/pages/assets
"$HERE/node_modules/.bin/tsc" --project "$HERE/tsconfig.json"
echo "JavaScript: eslint and tsc --checkJs clean"
