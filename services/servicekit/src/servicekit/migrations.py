"""Alembic, run at start-up over the service's own async engine.

Each service's `env.py` calls `run_env(metadata)`; the service calls `upgrade_to_head`.
"""

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

# Any constant works; it only has to be the same for every replica of a service.
_MIGRATION_LOCK_ID = 727274


async def upgrade_to_head(engine: AsyncEngine, script_location: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, script_location)


def _upgrade(connection: Connection, script_location: str) -> None:
    if connection.dialect.name == "postgresql":
        # Replicas starting together must not run the same migration twice.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
    config = Config()
    config.set_main_option("script_location", script_location)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def run_env(target_metadata: MetaData) -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through servicekit.migrations.upgrade_to_head")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
