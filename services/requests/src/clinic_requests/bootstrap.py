"""Builds the requests service from its configuration."""

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from clinic_requests.adapters.orm import appointment_requests, metadata
from clinic_requests.config import RequestsServiceSettings
from clinic_requests.entrypoints.background import sweeping
from clinic_requests.entrypoints.consumers import follow_calendar
from clinic_requests.entrypoints.http import router
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
    app = runtime.http_app(
        router,
        waitlist_router,
        settings_replica_router(),
        title="Request workflow service",
        background=[partial(sweeping, units_of_work, settings.expiry_sweep_seconds)],
    )
    app.state.units_of_work = units_of_work
    return app
