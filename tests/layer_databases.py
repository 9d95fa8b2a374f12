"""A service's use cases over a real database of their own, SQLite and PostgreSQL, without a broker:
the runtimes the integration rings of the services build, and the outbox read back from its table."""

import json
import os
from dataclasses import dataclass
from uuid import UUID

import pytest
from sqlalchemy import MetaData, select

from clinic_contracts import EventEnvelope
from servicekit.config import ServiceSettings
from servicekit.migrations import upgrade_to_head
from servicekit.runtime import ServiceRuntime
from tests.conftest import recreate_database


@dataclass(frozen=True)
class LayerDatabase:
    """One service's schema, on a database the tests make for it."""

    service: str
    settings_type: type[ServiceSettings]
    metadata: MetaData
    migrations: str

    def runtime(self, url: str) -> ServiceRuntime:
        """A runtime of its own (engine, outbox) on the database at `url`: a replica of the service.
        Never connects to a broker, so it needs no Kafka credentials."""
        settings = self.settings_type(database_url=url, kafka_security_protocol="PLAINTEXT")
        return ServiceRuntime(self.service, settings, self.metadata, self.migrations)

    async def migrated_runtime(self, url: str) -> ServiceRuntime:
        built = self.runtime(url)
        await upgrade_to_head(built.engine, self.migrations)
        return built

    async def new_postgres_database(self, server_url: str) -> str:
        """A new, empty PostgreSQL database for this run's prefix; its URL."""
        prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
        return await recreate_database(server_url, f"{prefix}_{self.service}_layer")

    async def postgres_url(self, request: pytest.FixtureRequest) -> str:
        return await self.new_postgres_database(request.getfixturevalue("postgres_url"))

    def runtime_fixture(self):
        """The `runtime` fixture: a migrated runtime on a new SQLite file, then on a new PostgreSQL database."""

        @pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
        async def runtime(request, tmp_path):
            if request.param == "sqlite":
                built = await self.migrated_runtime(f"sqlite+aiosqlite:///{tmp_path / f'{self.service}.db'}")
            else:
                built = await self.migrated_runtime(await self.postgres_url(request))
            yield built
            await built.engine.dispose()

        return runtime


async def outbox_envelopes(runtime: ServiceRuntime, key: UUID, topic: str) -> list[EventEnvelope]:
    """What the outbox holds under one message key, in order; every row must be bound for `topic`."""
    table = runtime.outbox.table
    async with runtime.sessions() as session:
        rows = await session.execute(
            select(table.c.envelope, table.c.topic).where(table.c.message_key == str(key)).order_by(table.c.id)
        )
        envelopes = []
        for envelope, row_topic in rows:
            assert row_topic == topic
            envelopes.append(EventEnvelope.model_validate(json.loads(envelope)))
        return envelopes
