#!/usr/bin/env bash
# Mailpit: an SMTP server that keeps every email it is sent, delivers none, and lists them over
# HTTP. ./deploy/run.sh starts it and points the notifications service at it. Built from source
# through the Go module proxy (`go install`), once, into a git-ignored cache: no prebuilt download.
#
#   mailpit.sh build   build it unless the cache has it already (about 90 s the first time);
#                      prints the binary's path (alone, on stdout)
#   mailpit.sh run     build if needed, then run it in the foreground until SIGTERM or Ctrl-C
#
# Environment (all optional):
#   MAILPIT_VERSION    release to build                  (default: v1.33.1, docker-compose.yml's image)
#   MAILPIT_CACHE_DIR  where the binary goes             (default: <this dir>/.cache/mailpit-<version>)
#   MAILPIT_SMTP_PORT  SMTP port, on 127.0.0.1           (default: 1025)
#   MAILPIT_WEB_PORT   API and web port, on 127.0.0.1    (default: 8025)
#   GO                 the Go command to build with      (default: go on PATH)
#
# Exit status 3: no Go to build with (./deploy/run.sh then starts without Mailpit).
#
# `go install` builds the server, not its web page's scripts and styles (Mailpit's release process
# makes those with npm; they are not in the Go module): the page at / stays blank, while the API
# (/api/v1/messages) and each email's own views (/view/ID.html, /view/ID.txt) work.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${MAILPIT_VERSION:-v1.33.1}"
CACHE_DIR="${MAILPIT_CACHE_DIR:-$SCRIPT_DIR/.cache/mailpit-$VERSION}"
SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
WEB_PORT="${MAILPIT_WEB_PORT:-8025}"
GO="${GO:-go}"
BINARY="$CACHE_DIR/mailpit"
NO_GO=3

say() { printf 'mailpit.sh: %s\n' "$*" >&2; }

build() {
  if [[ -x $BINARY ]]; then
    printf '%s\n' "$BINARY"
    return
  fi
  if ! command -v "$GO" >/dev/null 2>&1; then
    say "cannot build Mailpit: no '$GO' command (install Go, or set GO)"
    exit "$NO_GO"
  fi
  say "building Mailpit $VERSION from source, once (about 90 s) ..."
  mkdir -p "$CACHE_DIR"
  # Into a folder of its own first, so an interrupted build leaves no binary that looks complete.
  local partial
  partial="$(mktemp -d "$CACHE_DIR/.build.XXXXXX")"
  # Expanded now: `partial` is local, gone by the time the EXIT trap runs (set -u would fail there).
  # shellcheck disable=SC2064
  trap "rm -rf -- '$partial'" EXIT
  GOBIN="$partial" "$GO" install "github.com/axllent/mailpit@$VERSION" >&2
  mv "$partial/mailpit" "$BINARY"
  say "built $BINARY"
  printf '%s\n' "$BINARY"
}

run() {
  local binary
  binary="$(build)"
  # exec: the caller's SIGTERM reaches Mailpit itself. Loopback only: it shows every email it holds
  # to whoever asks. It would ask the internet for newer releases: never here.
  exec "$binary" --smtp "127.0.0.1:$SMTP_PORT" --listen "127.0.0.1:$WEB_PORT" --disable-version-check
}

case "${1:-}" in
  build) build ;;
  run) run ;;
  *) echo "usage: $0 build|run" >&2; exit 2 ;;
esac
