"""The request service's use cases over a real database, SQLite and PostgreSQL, without a broker:
the outbox is read back from its table instead."""

from uuid import UUID

import pytest

from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import Event
from clinic_contracts.topics import APPOINTMENT_REQUESTS
from clinic_requests.adapters.orm import metadata
from clinic_requests.bootstrap import MIGRATIONS
from clinic_requests.config import RequestsServiceSettings
from servicekit.runtime import ServiceRuntime
from tests.layer_databases import LayerDatabase, outbox_envelopes
from tests.requests.clinic_world import ClinicWorld, new_clinic_world

REQUESTS_DATABASE = LayerDatabase("requests", RequestsServiceSettings, metadata, MIGRATIONS)
runtime = REQUESTS_DATABASE.runtime_fixture()


@pytest.fixture
async def postgres_runtime(request):
    """For races: SQLite runs one writer at a time, so there is nothing to race there."""
    built = await REQUESTS_DATABASE.migrated_runtime(await REQUESTS_DATABASE.postgres_url(request))
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
    return await outbox_envelopes(runtime, request_id, APPOINTMENT_REQUESTS.name)


async def published_types(runtime: ServiceRuntime, request_id: UUID) -> list[str]:
    return [envelope.event_type for envelope in await published(runtime, request_id)]


def envelope_of(event: Event, world: ClinicWorld) -> EventEnvelope:
    return wrap(event, clinic_id=world.clinic_id)
