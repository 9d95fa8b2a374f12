"""Builds the settings service from its configuration."""

from pathlib import Path

from fastapi import FastAPI
from servicekit.runtime import ServiceRuntime

from clinic_settings.adapters.orm import metadata
from clinic_settings.config import SettingsServiceSettings
from clinic_settings.entrypoints import http

MIGRATIONS = str(Path(__file__).parent / "adapters" / "migrations")


def create_app(settings: SettingsServiceSettings | None = None) -> FastAPI:
    settings = settings or SettingsServiceSettings()
    runtime = ServiceRuntime("settings", settings, metadata, MIGRATIONS)
    return runtime.http_app(http.router, title="Clinic settings service")
