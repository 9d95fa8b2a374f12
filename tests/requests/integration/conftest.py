"""The request service's use cases over a real database, SQLite and PostgreSQL, without a broker:
the outbox is read back from its table instead."""

import json
import os
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import select

from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import Event
from clinic_requests.adapters.orm import metadata
from clinic_requests.bootstrap import MIGRATIONS
from clinic_requests.config import RequestsServiceSettings
from servicekit.migrations import upgrade_to_head
from servicekit.runtime import ServiceRuntime
from tests.conftest import recreate_database
from tests.requests.clinic_world import ClinicWorld, new_clinic_world


async def migrated_runtime(url: str) -> ServiceRuntime:
    """A runtime of its own (engine, outbox) on the database at `url`: a replica of the service.
    Never connects to a broker, so it needs no Kafka credentials."""
    settings = RequestsServiceSettings(database_url=url, kafka_security_protocol="PLAINTEXT")
    built = ServiceRuntime("requests", settings, metadata, MIGRATIONS)
    await upgrade_to_head(built.engine, MIGRATIONS)
    return built


async def _postgres_url(request) -> str:
    server = request.getfixturevalue("postgres_url")
    prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
    return await recreate_database(server, f"{prefix}_requests_layer")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def runtime(request, tmp_path: Path):
    if request.param == "sqlite":
        built = await migrated_runtime(f"sqlite+aiosqlite:///{tmp_path / 'requests.db'}")
    else:
        built = await migrated_runtime(await _postgres_url(request))
    yield built
    await built.engine.dispose()


@pytest.fixture
async def postgres_runtime(request):
    """For races: SQLite runs one writer at a time, so there is nothing to race there."""
    built = await migrated_runtime(await _postgres_url(request))
    yield built
    await built.engine.dispose()


async def store_settings(runtime: ServiceRuntime, world: ClinicWorld, *extra) -> None:
    async with runtime.sessions.begin() as session:
        for state in [*world.states(), *extra]:
            await runtime.settings_replica.apply(session, state, world.clinic_id)


async def settled_world(runtime: ServiceRuntime) -> ClinicWorld:
    clinic = new_clinic_world()
    await store_settings(runtime, clinic)
    return clinic


@pytest.fixture
async def world(runtime: ServiceRuntime) -> ClinicWorld:
    return await settled_world(runtime)


async def published(runtime: ServiceRuntime, request_id: UUID) -> list[EventEnvelope]:
    """What the outbox holds for one request, in order."""
    table = runtime.outbox.table
    async with runtime.sessions() as session:
        rows = await session.execute(
            select(table.c.envelope, table.c.topic).where(table.c.message_key == str(request_id)).order_by(table.c.id)
        )
        envelopes = []
        for envelope, topic in rows:
            assert topic == "requests.appointment-requests.v1"
            envelopes.append(EventEnvelope.model_validate(json.loads(envelope)))
        return envelopes


async def published_types(runtime: ServiceRuntime, request_id: UUID) -> list[str]:
    return [envelope.event_type for envelope in await published(runtime, request_id)]


def envelope_of(event: Event, world: ClinicWorld) -> EventEnvelope:
    return wrap(event, clinic_id=world.clinic_id)
