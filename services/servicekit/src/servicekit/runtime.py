"""Wiring one back-end service: database, migrations, broker, outbox relay and HTTP app."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import APIRouter, FastAPI
from faststream.kafka import KafkaBroker
from sqlalchemy import MetaData, text

from servicekit.config import ServiceSettings
from servicekit.db import create_engine, session_factory
from servicekit.inbox import Inbox
from servicekit.kafka_security import broker_security
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import Outbox, OutboxRelay
from servicekit.problems import Problem, install_problem_handlers
from servicekit.settings_replica import SettingsReplica


class ServiceRuntime:
    """Everything a service's handlers need, built once from its settings."""

    def __init__(self, name: str, settings: ServiceSettings, metadata: MetaData, migrations: str) -> None:
        self.name = name
        self.settings = settings
        self.migrations = migrations
        self.engine = create_engine(settings.database_url)
        self.sessions = session_factory(self.engine)
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=name,
            security=broker_security(settings),
            acks="all",
            enable_idempotence=True,
            logger=logging.getLogger(f"{name}.broker"),
        )
        self.outbox = Outbox(metadata)
        self.inbox = Inbox(metadata)
        self.settings_replica = SettingsReplica(metadata)
        self.relay = OutboxRelay(
            self.outbox, self.sessions, self.broker, poll_seconds=settings.outbox_poll_seconds
        )

    def consumer_group(self, purpose: str) -> str:
        return f"{self.settings.consumer_group_prefix}{self.name}.{purpose}"

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        await upgrade_to_head(self.engine, self.migrations)
        await self.broker.start()
        self.relay.start()
        try:
            yield
        finally:
            await self.relay.stop()
            await self.broker.stop()
            await self.engine.dispose()

    async def readiness(self) -> dict[str, str]:
        checks = {}
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as error:  # noqa: BLE001 - reported, not raised
            checks["database"] = f"unavailable: {type(error).__name__}"
        checks["kafka"] = "ok" if await self.broker.ping(timeout=2.0) else "unavailable"
        return checks

    def http_app(self, *routers: APIRouter, title: str) -> FastAPI:
        @asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            async with self.running():
                yield

        app = FastAPI(title=title, lifespan=lifespan)
        install_problem_handlers(app)
        app.include_router(health_router(self.readiness))
        for router in routers:
            app.include_router(router)
        app.state.runtime = self
        return app


def health_router(readiness: Callable) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/readyz")
    async def readyz() -> dict:
        checks = await asyncio.wait_for(readiness(), timeout=5)
        if any(value != "ok" for value in checks.values()):
            raise Problem(503, "not-ready", "The service is not ready", checks=checks)
        return {"status": "ready", "checks": checks}

    return router


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_level="info", access_log=False)
