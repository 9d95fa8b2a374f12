"""The settings service's use cases over a real database, SQLite and PostgreSQL, without a
broker: the outbox is read back from its table instead."""

from sqlalchemy import func, select

from clinic_settings.adapters.orm import metadata
from clinic_settings.bootstrap import MIGRATIONS
from clinic_settings.config import SettingsServiceSettings
from servicekit.runtime import ServiceRuntime
from tests.layer_databases import LayerDatabase

runtime = LayerDatabase("settings", SettingsServiceSettings, metadata, MIGRATIONS).runtime_fixture()


async def staged_events(runtime: ServiceRuntime) -> int:
    async with runtime.sessions() as session:
        return (await session.execute(select(func.count()).select_from(runtime.outbox.table))).scalar_one()
