"""Starting and stopping the five services as local processes (the run command and the tests).

Each service is `python -m <package>` with its configuration in the environment, exactly as in a
container; nothing here is test-only. The stack makes its own keys for each start: one the gateway
signs actor tokens with, one for operators' jobs (the demo loader, tests), a sign-in secret, and
the token Prometheus (or a test) reads every `/metrics` with.

With `replicas` above 1, each service runs as that many processes sharing its one port
(SO_REUSEPORT: the kernel spreads the connections), each with its consumers in the service's
consumer groups, its outbox relay and its background jobs, as replicas in a cluster would. Each
replica's /readyz names it (REPLICA_ID), so the stack waits for every one of them.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from child_process import stop_child
from kafka_access import KafkaAccess

from servicekit.actor_http import ActorTokenAuth
from servicekit.actor_tokens import Actor, ActorTokenSigner, SigningKey, SystemActor

BACK_END = ("settings", "availability", "requests", "notifications")


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None
    # Names the replica in its /readyz answer, e.g. "requests-2".
    replica_id: str = ""

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
        stop_child(self.process, timeout)

    def kill(self) -> None:
        """SIGKILL: no shutdown, as when a machine or container dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def is_ready(self) -> bool:
        """Whether this replica's /readyz answered ready. Replicas sharing a port: a new
        connection reaches any of them, so only an answer naming this one counts."""
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.replica_id} exited ({self.process.returncode}); see {self.log_path}")
        try:
            answer = httpx.get(self.url + "/readyz", timeout=2)
        except httpx.TransportError:
            return False
        if answer.status_code != 200:
            return False
        return not self.replica_id or answer.json().get("replica", self.replica_id) == self.replica_id


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
    # Processes per service.
    replicas: int = 1
    # Each service's first replica, and all of them.
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    replica_processes: dict[str, list[ServiceProcess]] = field(default_factory=dict)
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
        shared_port = {"HTTP_REUSE_PORT": "true"} if self.replicas > 1 else {}
        processes = []
        for number in range(1, self.replicas + 1):
            replica_id = f"{name}-{number}"
            log_name = f"{name}.log" if number == 1 else f"{replica_id}.log"
            replica_env = {**env, **shared_port, "REPLICA_ID": replica_id}
            log_path = self.log_dir / log_name
            processes.append(ServiceProcess(name, self.ports[name], replica_env, log_path, replica_id=replica_id))
        for process in processes:
            process.start()
        self.replica_processes[name] = processes
        self.services[name] = processes[0]

    def replica(self, name: str, number: int) -> ServiceProcess:
        """Replica `number` (from 1) of service `name`."""
        return self.replica_processes[name][number - 1]

    def kill_replica(self, name: str, number: int) -> None:
        self.replica(name, number).kill()

    def restart_replica(self, name: str, number: int, timeout: float = 90) -> None:
        """Starts a (killed or stopped) replica again and waits until it is ready."""
        replica = self.replica(name, number)
        replica.stop()
        replica.start()
        self._wait_for([replica], timeout)

    def wait_ready(self, timeout: float) -> None:
        self._wait_for([replica for processes in self.replica_processes.values() for replica in processes], timeout)

    def _wait_for(self, replicas: list[ServiceProcess], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(replicas)
        while waiting:
            waiting = [replica for replica in waiting if not replica.is_ready()]
            if waiting and time.monotonic() > deadline:
                names = sorted(replica.replica_id for replica in waiting)
                raise TimeoutError(f"not ready after {timeout}s: {names}; logs in {self.log_dir}")
            time.sleep(0.2)

    def stop(self) -> None:
        for name in ("gateway", *reversed(BACK_END)):
            for replica in self.replica_processes.get(name, []):
                replica.stop()
