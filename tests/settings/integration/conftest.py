"""The settings service's use cases over a real database, SQLite and PostgreSQL, without a
broker: the outbox is read back from its table instead."""

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic_settings.adapters.orm import metadata
from clinic_settings.bootstrap import MIGRATIONS
from clinic_settings.config import SettingsServiceSettings
from servicekit.migrations import upgrade_to_head
from servicekit.runtime import ServiceRuntime
from tests.conftest import recreate_database


async def _migrated(url: str) -> ServiceRuntime:
    # Never connects to a broker, so it needs no Kafka credentials.
    settings = SettingsServiceSettings(database_url=url, kafka_security_protocol="PLAINTEXT")
    built = ServiceRuntime("settings", settings, metadata, MIGRATIONS)
    await upgrade_to_head(built.engine, MIGRATIONS)
    return built


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def runtime(request, tmp_path: Path):
    if request.param == "sqlite":
        built = await _migrated(f"sqlite+aiosqlite:///{tmp_path / 'settings.db'}")
    else:
        prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
        server = request.getfixturevalue("postgres_url")
        built = await _migrated(await recreate_database(server, f"{prefix}_settings_layer"))
    yield built
    await built.engine.dispose()


async def staged_events(runtime: ServiceRuntime) -> int:
    async with runtime.sessions() as session:
        return (await session.execute(select(func.count()).select_from(runtime.outbox.table))).scalar_one()
