"""Builds the settings service from its configuration."""

from pathlib import Path

from fastapi import FastAPI

from clinic_settings.adapters.link_delivery import LoggedLinks
from clinic_settings.adapters.orm import metadata
from clinic_settings.adapters.password_hasher import Argon2Passwords
from clinic_settings.config import SettingsServiceSettings
from clinic_settings.entrypoints.http import guarded_router
from clinic_settings.entrypoints.http.imports import IMPORTS
from servicekit.runtime import ServiceRuntime

MIGRATIONS = str(Path(__file__).parent / "adapters" / "migrations")


def create_app(settings: SettingsServiceSettings | None = None) -> FastAPI:
    settings = settings or SettingsServiceSettings()
    runtime = ServiceRuntime("settings", settings, metadata, MIGRATIONS)
    larger_bodies = {IMPORTS: settings.max_import_body_bytes}
    app = runtime.http_app(guarded_router(), title="Clinic settings service", larger_bodies=larger_bodies)
    app.state.passwords = Argon2Passwords(
        concurrency=settings.password_hashing_concurrency, wait_seconds=settings.password_hashing_wait_seconds
    )
    app.state.sign_in_limits = settings.sign_in_limits()
    app.state.links = settings.link_policy()
    app.state.password_reset_limits = settings.password_reset_limits()
    app.state.link_delivery = LoggedLinks(with_url=settings.log_one_time_links)
    return app


if __name__ == "__main__":
    # `python -m clinic_settings.bootstrap`: the operator's command that starts a clinic on an empty
    # system (this module wires the service; the command is clinic_settings.first_clinic).
    from clinic_settings.first_clinic import main

    main()
