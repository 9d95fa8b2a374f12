"""Wiring one back-end service: database, migrations, broker, outbox relay and HTTP app."""

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Annotated

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Request
from faststream.kafka import KafkaBroker
from sqlalchemy import MetaData, text

from clinic_contracts.topics import Topic
from servicekit.actor_auth import ActorAuthentication
from servicekit.actor_tokens import ActorTokenVerifier, parse_public_keys
from servicekit.change_signals import ChangeSignals
from servicekit.config import ServiceSettings
from servicekit.consumer import RETRY_DELAY_SECONDS, Handler, subscribe
from servicekit.db import create_engine, reading_session_factory, session_factory
from servicekit.http_guards import install_http_guards
from servicekit.http_tracing import FASTAPI_TELEMETRY
from servicekit.inbox import Inbox
from servicekit.json_logs import log_as_json
from servicekit.kafka_security import broker_security
from servicekit.metrics import Metrics, install_metrics
from servicekit.migrations import upgrade_to_head
from servicekit.offset_commits import BatchedOffsetCommits
from servicekit.outbox import Outbox, OutboxRelay
from servicekit.problems import Problem, install_problem_handlers
from servicekit.secrets import MissingKey
from servicekit.settings_replica import SettingsReplica
from servicekit.tracing import configure_tracing


class ServiceRuntime:
    """Everything a service's handlers need, built once from its settings."""

    def __init__(self, name: str, settings: ServiceSettings, metadata: MetaData, migrations: str) -> None:
        self.name = name
        self.settings = settings
        self.migrations = migrations
        self.engine = create_engine(settings.database_url)
        self.sessions = session_factory(self.engine)
        self.reading_sessions = reading_session_factory(self.engine)
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=name,
            security=broker_security(settings),
            acks="all",
            enable_idempotence=True,
            logger=logging.getLogger(f"{name}.broker"),
            # faststream's "Received" / "Processed" line per message at DEBUG, not INFO: two log lines
            # per event cost more than handling a settings change does, and a replica catching up
            # on thousands of events fell behind the 3 s its callers wait (servicekit.settings_freshness).
            log_level=logging.DEBUG,
        )
        self.outbox = Outbox(metadata)
        self.inbox = Inbox(metadata)
        self.settings_replica = SettingsReplica(metadata)
        self.changes = ChangeSignals()
        # Every consumer of this service commits what it handled through this, in batches.
        self.offsets = BatchedOffsetCommits()
        self.relay = OutboxRelay(
            self.outbox,
            self.sessions,
            self.broker,
            poll_seconds=settings.outbox_poll_seconds,
            reading_sessions=self.reading_sessions,
        )
        self.metrics = Metrics()
        self.metrics.consumer_lag(self.broker)
        self.metrics.outbox(self.sessions, self.outbox.table)

    def consumer_group(self, purpose: str) -> str:
        return f"{self.settings.consumer_group_prefix}{self.name}.{purpose}"

    def follow(
        self,
        topics: Sequence[Topic],
        *,
        consumer: str,
        handle: Handler,
        retry_delay_seconds: float = RETRY_DELAY_SECONDS,
    ) -> None:
        """Hand every event on `topics` to `handle`, in this service's consumer group for `consumer`
        (the name its inbox records events under), with the service's attempts and offset commits."""
        subscribe(
            self.broker,
            topics,
            group_id=self.consumer_group(consumer),
            handle=handle,
            attempts=self.settings.consumer_attempts,
            retry_delay_seconds=retry_delay_seconds,
            offsets=self.offsets,
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        await upgrade_to_head(self.engine, self.migrations)
        await self.broker.start()
        self.relay.start()
        try:
            yield
        finally:
            await self.relay.stop()
            await self.offsets.stop()
            await self.broker.stop()
            await self.engine.dispose()

    async def readiness(self) -> dict[str, str]:
        checks = {}
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as error:
            checks["database"] = f"unavailable: {type(error).__name__}"
        checks["kafka"] = "ok" if await self.broker.ping(timeout=2.0) else "unavailable"
        return checks

    def actor_token_verifier(self) -> ActorTokenVerifier:
        """Checks that a call was signed, for this service, by a key the operator trusts."""
        if not self.settings.internal_token_public_keys:
            raise MissingKey(
                f"{self.name}: INTERNAL_TOKEN_PUBLIC_KEYS (or INTERNAL_TOKEN_PUBLIC_KEYS_FILE) is not set; "
                "make a key pair with `python -m servicekit.actor_tokens new KEY_ID`"
            )
        return ActorTokenVerifier(parse_public_keys(self.settings.internal_token_public_keys), audience=self.name)

    def http_app(
        self,
        *routers: APIRouter,
        title: str,
        larger_bodies: Mapping[str, int] | None = None,
        background: Sequence[Callable[[], AbstractAsyncContextManager[object]]] = (),
    ) -> FastAPI:
        """The service's HTTP app. Each of `background` (a job beside the consumers: a sweeper, a
        sender) starts once the runtime is up (migrated, broker connected), and they stop, in
        reverse order, before it."""

        @asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            async with self.running(), AsyncExitStack() as jobs:
                for job in background:
                    await jobs.enter_async_context(job())
                yield

        app = FastAPI(title=title, lifespan=lifespan, telemetry=FASTAPI_TELEMETRY)
        install_problem_handlers(app)
        app.add_middleware(ActorAuthentication, verifier=self.actor_token_verifier())
        # Outermost (added last): even a refused call gets the security headers.
        install_http_guards(
            app,
            max_body_bytes=self.settings.max_request_body_bytes,
            larger_bodies=larger_bodies,
            request_id_from_caller=True,
        )
        # Outside the guards: refused calls are timed too.
        install_metrics(app, self.metrics, self.settings.metrics_token)
        app.include_router(health_router(self.readiness, replica=self.settings.replica_id))
        for router in routers:
            app.include_router(router)
        app.state.runtime = self
        return app


async def current_runtime(request: Request) -> ServiceRuntime:
    """The runtime `http_app` built the app from."""
    return request.app.state.runtime


# What a route takes to reach the database, the outbox and the replica: `runtime: Runtime`.
Runtime = Annotated[ServiceRuntime, Depends(current_runtime)]


def health_router(readiness: Callable, replica: str = "") -> APIRouter:
    """/healthz and /readyz. With a replica id, /readyz names the replica that answered: replicas
    sharing one port (http_socket) can then each be seen ready."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/readyz")
    async def readyz() -> dict:
        checks = await asyncio.wait_for(readiness(), timeout=5)
        if any(value != "ok" for value in checks.values()):
            raise Problem(503, "not-ready", "The service is not ready", checks=checks)
        return {"status": "ready", "checks": checks, **({"replica": replica} if replica else {})}

    return router


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    log_as_json(app.state.runtime.name)
    configure_tracing(app.state.runtime.name)
    # log_config=None: uvicorn's own lines go through the JSON lines too.
    serve_http(
        app,
        settings.http_host,
        settings.http_port,
        reuse_port=settings.http_reuse_port,
        log_level="info",
        log_config=None,
    )


def serve_http(app: FastAPI, host: str, port: int, *, reuse_port: bool = False, **options) -> None:
    """Runs `app` under uvicorn (no access log). With `reuse_port`, on a socket that other
    processes may bind too (SO_REUSEPORT): replicas on one machine share one port, and the kernel
    spreads the connections among those listening."""
    if not reuse_port:
        uvicorn.run(app, host=host, port=port, access_log=False, **options)
        return
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, **options))
    server.run(sockets=[http_socket(host, port)])


def http_socket(host: str, port: int) -> socket.socket:
    """Bound, not yet listening: uvicorn listens once the app has started, so the kernel sends
    no connection to a replica still starting (or migrating) while another one is up."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock
