"""Starting and stopping the five services as local processes (the run command and the tests).

Each service is `python -m <package>` with its configuration in the environment, exactly as in a
container; nothing here is test-only. The stack makes its own keys for each start: one the gateway
signs actor tokens with, one for operators' jobs (the demo loader, tests), a sign-in secret, and
the token Prometheus (or a test) reads every `/metrics` with.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import secrets

import httpx

from servicekit.actor_http import ActorTokenAuth
from servicekit.actor_tokens import Actor, ActorTokenSigner, SigningKey, SystemActor
from kafka_access import KafkaAccess

BACK_END = ("settings", "availability", "requests", "notifications")


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", f"clinic_{self.name}"],
            env={**os.environ, **self.env, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": str(self.port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the terminal reaches the launcher, which stops us in order
        )
        log.close()

    def stop(self, timeout: float = 15) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _AuthByPort(httpx.Auth):
    def __init__(self, by_port: dict[int, httpx.Auth]) -> None:
        self.by_port = by_port

    def auth_flow(self, request: httpx.Request):
        auth = self.by_port.get(request.url.port)
        if auth is None:
            yield request
        else:
            yield from auth.auth_flow(request)


@dataclass
class LocalStack:
    kafka: KafkaAccess
    database_urls: dict[str, str]
    log_dir: Path
    ports: dict[str, int] = field(
        default_factory=lambda: {
            "gateway": 8000,
            "settings": 8001,
            "availability": 8002,
            "requests": 8003,
            "notifications": 8004,
        }
    )
    extra_env: dict[str, str] = field(default_factory=dict)
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    gateway_key: SigningKey = field(default_factory=lambda: SigningKey.generate("gateway-local"))
    operator_key: SigningKey = field(default_factory=lambda: SigningKey.generate("operator-local"))
    token_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    metrics_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def public_keys(self) -> str:
        return ",".join(key.public_text() for key in (self.gateway_key, self.operator_key))

    def operator_auth(self, service: str | None = None) -> httpx.Auth:
        """httpx auth for calling back-end services directly, as an operator's job: for `service`,
        or, without it, for whichever service the URL's port belongs to."""
        signer, operator = ActorTokenSigner(self.operator_key), Actor.system(SystemActor.OPERATOR)
        if service is not None:
            return ActorTokenAuth(signer, operator, service)
        return _AuthByPort({port: ActorTokenAuth(signer, operator, name) for name, port in self.ports.items()})

    def actor_auth(self, actor: Actor, service: str) -> ActorTokenAuth:
        """httpx auth for calling a back-end service as the gateway does, for `actor`."""
        return ActorTokenAuth(ActorTokenSigner(self.gateway_key), actor, service)

    def operator_env(self) -> dict[str, str]:
        """What an operator's job (e.g. `python -m clinic_settings.demo`) needs to call the services."""
        return {"INTERNAL_TOKEN_SIGNING_KEY": self.operator_key.text()}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, timeout: float = 60) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for name in BACK_END:
            # Each service as its own Kafka user: the broker's ACLs are per service.
            env = {
                **self.extra_env,
                "DATABASE_URL": self.database_urls[name],
                "INTERNAL_TOKEN_PUBLIC_KEYS": self.public_keys,
                # Where the settings service's invitation and password reset links point; locally
                # they are written to its log too, for a developer without a mail relay.
                "PUBLIC_BASE_URL": self.url("gateway"),
                "LOG_ONE_TIME_LINKS": "true",
                "METRICS_TOKEN": self.metrics_token,
                **self.kafka.service_env(name),
            }
            self._launch(name, env)
        gateway_env = {
            **{f"{name.upper()}_URL": self.url(name) for name in BACK_END},
            "TOKEN_SECRET": self.token_secret,
            "INTERNAL_TOKEN_SIGNING_KEY": self.gateway_key.text(),
            "METRICS_TOKEN": self.metrics_token,
        }
        self._launch("gateway", {**self.extra_env, **gateway_env})
        self.wait_ready(timeout)

    def _launch(self, name: str, env: dict[str, str]) -> None:
        service = ServiceProcess(name, self.ports[name], env, self.log_dir / f"{name}.log")
        service.start()
        self.services[name] = service

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = set(self.services)
        while waiting:
            for name in sorted(waiting):
                service = self.services[name]
                if service.process.poll() is not None:
                    raise RuntimeError(f"{name} exited ({service.process.returncode}); see {service.log_path}")
                try:
                    if httpx.get(service.url + "/readyz", timeout=2).status_code == 200:
                        waiting.discard(name)
                except httpx.TransportError:
                    pass
            if waiting and time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout}s: {sorted(waiting)}; logs in {self.log_dir}")
            time.sleep(0.2)

    def stop(self) -> None:
        for name in ("gateway", *reversed(BACK_END)):
            if name in self.services:
                self.services[name].stop()
