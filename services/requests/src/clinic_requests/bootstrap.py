"""Builds the requests service from its configuration."""

from pathlib import Path

from fastapi import FastAPI
from servicekit.runtime import ServiceRuntime
from servicekit.settings_sync import follow_settings, settings_replica_router

from clinic_requests.adapters.orm import metadata
from clinic_requests.config import RequestsServiceSettings

MIGRATIONS = str(Path(__file__).parent / "adapters" / "migrations")


def create_app(settings: RequestsServiceSettings | None = None) -> FastAPI:
    settings = settings or RequestsServiceSettings()
    runtime = ServiceRuntime("requests", settings, metadata, MIGRATIONS)
    follow_settings(runtime)
    return runtime.http_app(settings_replica_router(), title="Request workflow service")
