"""Mailpit for the run command: the SMTP server the notifications service mails to on this machine.

deploy/mailpit.sh builds it from source, once (that needs Go), and runs it; this starts that as a
child process, waits until its API answers, and stops it. Without Go the run goes on without
Mailpit: the notifications service keeps its default relay, 127.0.0.1:1025, where nothing listens,
so its emails are retried with back-off and end `failed`.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from child_process import stop_child

MAILPIT_SH = Path(__file__).resolve().parent / "mailpit.sh"
# mailpit.sh's exit status when there is no Go to build with.
NO_GO = 3


def _port_from_env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class LocalMailpit:
    log_path: Path
    # The same variables mailpit.sh reads, so both agree on the ports.
    smtp_port: int = field(default_factory=lambda: _port_from_env("MAILPIT_SMTP_PORT", 1025))
    web_port: int = field(default_factory=lambda: _port_from_env("MAILPIT_WEB_PORT", 8025))
    process: subprocess.Popen | None = None

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def messages_url(self) -> str:
        return f"{self.web_url}/api/v1/messages"

    def _env(self) -> dict[str, str]:
        return {**os.environ, "MAILPIT_SMTP_PORT": str(self.smtp_port), "MAILPIT_WEB_PORT": str(self.web_port)}

    def build(self) -> str | None:
        """Builds Mailpit unless it is built already. None when it can start; otherwise why not,
        for the run to go on without it (email is not worth refusing to start the clinic for)."""
        done = subprocess.run(["bash", str(MAILPIT_SH), "build"], env=self._env(), stdout=subprocess.DEVNULL)
        if done.returncode == NO_GO:
            return "no Go to build it with"
        if done.returncode != 0:
            return f"its build failed ({done.returncode}; messages above)"
        return None

    def start(self, timeout: float = 30) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                ["bash", str(MAILPIT_SH), "run"],
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # like the services: the launcher stops it, after them
            )
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"Mailpit exited ({self.process.returncode}); see {self.log_path}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Mailpit not ready after {timeout}s; see {self.log_path}")
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            return httpx.get(self.messages_url, timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def smtp_env(self) -> dict[str, str]:
        """The notifications service's relay settings for this Mailpit (no TLS, no login)."""
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.smtp_port), "SMTP_SECURITY": "none"}

    def stop(self, timeout: float = 10) -> None:
        stop_child(self.process, timeout)
