"""Builds the availability service from its configuration."""

from pathlib import Path

from fastapi import FastAPI

from clinic_availability.adapters.orm import metadata
from clinic_availability.config import AvailabilityServiceSettings
from clinic_availability.entrypoints.consumers import follow_requests
from clinic_availability.entrypoints.http import ROUTERS
from servicekit.runtime import ServiceRuntime
from servicekit.settings_sync import follow_settings, settings_replica_router

MIGRATIONS = str(Path(__file__).parent / "adapters" / "migrations")


def create_app(settings: AvailabilityServiceSettings | None = None) -> FastAPI:
    settings = settings or AvailabilityServiceSettings()
    runtime = ServiceRuntime("availability", settings, metadata, MIGRATIONS)
    follow_settings(runtime)
    follow_requests(runtime)
    return runtime.http_app(*ROUTERS, settings_replica_router(), title="Availability service")
