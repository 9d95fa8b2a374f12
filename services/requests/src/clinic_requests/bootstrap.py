"""Builds the requests service from its configuration."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from clinic_requests.adapters.orm import appointment_requests, metadata
from clinic_requests.config import RequestsServiceSettings
from clinic_requests.entrypoints.calendar_consumer import follow_calendar
from clinic_requests.entrypoints.expiry_sweeper import sweeping
from clinic_requests.entrypoints.http import router
from clinic_requests.entrypoints.problems import install_request_problems
from clinic_requests.entrypoints.waitlist_http import router as waitlist_router
from clinic_requests.service_layer.unit_of_work import SqlUnitOfWorkFactory
from servicekit.runtime import ServiceRuntime
from servicekit.settings_sync import follow_settings, settings_replica_router

MIGRATIONS = str(Path(__file__).parent / "adapters" / "migrations")


def create_app(settings: RequestsServiceSettings | None = None) -> FastAPI:
    settings = settings or RequestsServiceSettings()
    runtime = ServiceRuntime("requests", settings, metadata, MIGRATIONS)
    units_of_work = SqlUnitOfWorkFactory(runtime)
    follow_settings(runtime)
    follow_calendar(runtime, units_of_work)
    runtime.metrics.rows_by_status(
        "clinic_appointment_requests", "Appointment requests by status", runtime.sessions, appointment_requests.c.status
    )
    app = runtime.http_app(router, waitlist_router, settings_replica_router(), title="Request workflow service")
    app.state.units_of_work = units_of_work
    install_request_problems(app)

    # The sweeper starts once the runtime is up (migrated, broker connected) and stops before it.
    runtime_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with runtime_lifespan(app), sweeping(units_of_work, settings.expiry_sweep_seconds):
            yield

    app.router.lifespan_context = lifespan
    return app
