"""Waiting for a service process a benchmark started: its /readyz, or why it exited."""

import asyncio
import time

import httpx


async def until_ready(http: httpx.AsyncClient, service, timeout: float = 90) -> None:
    """`service` is a deploy/stack.py ServiceProcess; `http` is a client on its address."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"the service exited; see {service.log_path.read_text()[-3000:]}")
        try:
            if (await http.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise TimeoutError("the service did not become ready")
