"""Stopping a child process the run command started (a service, Mailpit): SIGTERM, then SIGKILL."""

from __future__ import annotations

import signal
import subprocess


def stop_child(process: subprocess.Popen | None, timeout: float) -> None:
    """Asks it to shut down, and kills it if it has not within `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
