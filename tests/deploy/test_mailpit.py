"""deploy/mailpit.sh and the run command's Mailpit (deploy/local_mailpit.py), without building it.

A stand-in takes the built binary's place in the cache: a small Python program that answers
Mailpit's message list, or one that prints the arguments it was started with. Building the real
one needs the Go module proxy and a minute and a half (deploy/mailpit.sh build).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from local_mailpit import LocalMailpit

from tests.deploy.manifests import ROOT
from tests.infrastructure import free_port

MAILPIT_SH = ROOT / "deploy" / "mailpit.sh"

ANSWERS_ITS_MESSAGE_LIST = f"""#!{sys.executable}
import http.server, sys

args = sys.argv[1:]
host, port = args[args.index("--listen") + 1].rsplit(":", 1)


class Api(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        found = self.path == "/api/v1/messages"
        self.send_response(200 if found else 404)
        self.end_headers()
        self.wfile.write(b'{{"total": 0, "messages": []}}' if found else b"")

    def log_message(self, *_):
        pass


http.server.HTTPServer((host, int(port)), Api).serve_forever()
"""

PRINTS_ITS_ARGUMENTS = f"""#!{sys.executable}
import sys
print(*sys.argv[1:], sep="\\n")
"""


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def built(cache: Path, program: str) -> Path:
    """`program` where mailpit.sh keeps the binary it built."""
    cache.mkdir(parents=True, exist_ok=True)
    binary = cache / "mailpit"
    binary.write_text(program)
    binary.chmod(0o755)
    return binary


def mailpit_sh(*args: str, cache: Path, **env: str) -> subprocess.CompletedProcess:
    # GO names no program: these tests never build, and would fail if they tried.
    return subprocess.run(
        ["bash", str(MAILPIT_SH), *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "MAILPIT_CACHE_DIR": str(cache), "GO": str(cache / "no-go-here"), **env},
    )


@pytest.mark.parametrize("command", ["build", "run"])
def test_without_go_and_without_a_build_it_says_so_and_exits_3(cache: Path, command: str):
    done = mailpit_sh(command, cache=cache)
    assert done.returncode == 3, done.stderr
    assert "Go" in done.stderr
    assert not (cache / "mailpit").exists()


def test_a_build_in_the_cache_is_used_as_it_is(cache: Path):
    binary = built(cache, PRINTS_ITS_ARGUMENTS)
    done = mailpit_sh("build", cache=cache)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{binary}\n"


def test_it_runs_on_the_loopback_on_the_ports_it_is_given_and_never_asks_for_releases(cache: Path):
    built(cache, PRINTS_ITS_ARGUMENTS)
    done = mailpit_sh("run", cache=cache, MAILPIT_SMTP_PORT="2525", MAILPIT_WEB_PORT="9025")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["--smtp", "127.0.0.1:2525", "--listen", "127.0.0.1:9025", "--disable-version-check"]
    default = mailpit_sh("run", cache=cache)
    assert default.stdout.split()[:4] == ["--smtp", "127.0.0.1:1025", "--listen", "127.0.0.1:8025"]


def test_it_knows_build_and_run_only(cache: Path):
    done = mailpit_sh("start", cache=cache)
    assert done.returncode == 2
    assert "usage" in done.stderr


def test_the_cache_is_ignored_by_git_and_left_out_of_images():
    assert subprocess.run(["git", "check-ignore", "-q", "deploy/.cache/mailpit"], cwd=ROOT).returncode == 0
    assert "deploy/.cache" in (ROOT / ".dockerignore").read_text().splitlines()


# --- The run command's Mailpit ----------------------------------------------------------------


@pytest.fixture
def ports(monkeypatch) -> tuple[int, int]:
    smtp, web = free_port(), free_port()
    monkeypatch.setenv("MAILPIT_SMTP_PORT", str(smtp))
    monkeypatch.setenv("MAILPIT_WEB_PORT", str(web))
    return smtp, web


def test_the_run_command_starts_mailpit_points_the_notifications_service_at_it_and_stops_it(
    cache: Path, monkeypatch, ports, tmp_path: Path
):
    smtp, web = ports
    built(cache, ANSWERS_ITS_MESSAGE_LIST)
    monkeypatch.setenv("MAILPIT_CACHE_DIR", str(cache))
    monkeypatch.setenv("GO", str(cache / "no-go-here"))
    mailpit = LocalMailpit(tmp_path / "logs" / "mailpit.log")
    assert mailpit.build() is None
    mailpit.start(timeout=20)
    try:
        assert mailpit.web_url == f"http://127.0.0.1:{web}"
        assert httpx.get(mailpit.messages_url, timeout=5).json()["total"] == 0
        assert mailpit.smtp_env() == {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp), "SMTP_SECURITY": "none"}
    finally:
        mailpit.stop()
    assert mailpit.process.poll() is not None
    with pytest.raises(httpx.TransportError):
        httpx.get(mailpit.messages_url, timeout=2)


def test_without_go_the_run_command_goes_on_without_mailpit_and_says_why(cache: Path, monkeypatch, ports, tmp_path):
    monkeypatch.setenv("MAILPIT_CACHE_DIR", str(cache))
    monkeypatch.setenv("GO", str(cache / "no-go-here"))
    assert LocalMailpit(tmp_path / "mailpit.log").build() == "no Go to build it with"


def test_a_mailpit_that_exits_fails_the_start_with_its_log(cache: Path, monkeypatch, ports, tmp_path: Path):
    built(cache, f"#!{sys.executable}\nimport sys\nprint('port in use')\nsys.exit(1)\n")
    monkeypatch.setenv("MAILPIT_CACHE_DIR", str(cache))
    log = tmp_path / "mailpit.log"
    with pytest.raises(RuntimeError, match="Mailpit exited"):
        LocalMailpit(log).start(timeout=20)
    assert "port in use" in log.read_text()


def test_a_first_build_installs_the_module_into_the_cache_and_leaves_nothing_half_done(cache: Path, tmp_path: Path):
    """With a stand-in `go` that does what `go install` does (a binary in $GOBIN), the first build
    exits 0 with the binary in the cache and no build folder left behind."""
    asked = tmp_path / "go-was-asked"
    go = tmp_path / "go"
    go.write_text(
        f'#!/bin/sh\necho "$@" > {asked}\nprintf "#!/bin/sh\\n" > "$GOBIN/mailpit"\nchmod +x "$GOBIN/mailpit"\n'
    )
    go.chmod(0o755)
    done = mailpit_sh("build", cache=cache, GO=str(go))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{cache / 'mailpit'}\n"
    assert asked.read_text().split() == ["install", "github.com/axllent/mailpit@v1.33.1"]
    assert sorted(path.name for path in cache.iterdir()) == ["mailpit"]
