"""The availability service's use cases over a real database, SQLite and PostgreSQL, without a
broker: request events are handed to the consumer's use case, and the outbox is read back from
its table."""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time
from typing import TypeVar
from uuid import UUID

import pytest

from clinic_availability.adapters.orm import metadata
from clinic_availability.bootstrap import MIGRATIONS
from clinic_availability.config import AvailabilityServiceSettings
from clinic_availability.service_layer import working_hours
from clinic_availability.service_layer.request_events import apply_request_event
from clinic_availability.service_layer.working_hours import Period
from clinic_contracts import EventEnvelope, unwrap, wrap
from clinic_contracts.events import Event
from clinic_contracts.topics import CALENDAR
from servicekit.runtime import ServiceRuntime
from tests.availability.world import World, new_world
from tests.layer_databases import LayerDatabase, outbox_envelopes

# A Monday in March 2026; New York's clocks go forward on Sunday the 8th.
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
WEEKDAYS_NINE_TO_FIVE = [(day, time(9), time(17)) for day in range(5)]

T = TypeVar("T")


AVAILABILITY_DATABASE = LayerDatabase("availability", AvailabilityServiceSettings, metadata, MIGRATIONS)


def run_apart(coroutine: Coroutine[None, None, T]) -> T:
    """Run to completion on a loop of its own: session fixtures are first asked for by a test's
    fixture, inside the test's running loop."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def migrated_database(url: str) -> str:
    built = await AVAILABILITY_DATABASE.migrated_runtime(url)
    await built.engine.dispose()
    return url


# One database of each kind per run: every test makes a clinic of its own, so they never meet.
@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("availability") / "availability.db"
    return run_apart(migrated_database(f"sqlite+aiosqlite:///{path}"))


@pytest.fixture(scope="session")
def postgres_database(postgres_url: str) -> str:
    url = run_apart(AVAILABILITY_DATABASE.new_postgres_database(postgres_url))
    return run_apart(migrated_database(url))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def runtime(request):
    built = AVAILABILITY_DATABASE.runtime(request.getfixturevalue(f"{request.param}_database"))
    yield built
    await built.engine.dispose()


@pytest.fixture
async def postgres_runtime(postgres_database: str):
    """For what only PostgreSQL has: the exclusion constraints."""
    built = AVAILABILITY_DATABASE.runtime(postgres_database)
    yield built
    await built.engine.dispose()


async def settle(runtime: ServiceRuntime, world: World) -> World:
    """The world's settings in the replica, and the therapist's weekday hours, 09:00-17:00."""
    async with runtime.sessions.begin() as session:
        for state in world.states():
            await runtime.settings_replica.apply(session, state, world.clinic_id)
    await set_hours(runtime, world, WEEKDAYS_NINE_TO_FIVE)
    return world


async def set_hours(runtime: ServiceRuntime, world: World, hours, **period) -> None:
    periods = [Period(period.get("effective_from", date(2025, 1, 1)), period.get("effective_to"), hours)]
    await working_hours.set_schedule(
        runtime, world.therapist.therapist_id, world.location.location_id, periods, period.get("extra_hours", [])
    )


@pytest.fixture
async def world(runtime: ServiceRuntime) -> World:
    return await settle(runtime, new_world())


async def deliver(runtime: ServiceRuntime, world: World, event: Event, now: datetime = NOW) -> EventEnvelope:
    """Hand the event to the consumer's use case, as the broker would; returns its envelope, which
    may be delivered again."""
    envelope = wrap(event, clinic_id=world.clinic_id)
    await redeliver(runtime, envelope, now)
    return envelope


async def redeliver(runtime: ServiceRuntime, envelope: EventEnvelope, now: datetime = NOW) -> None:
    await apply_request_event(runtime, envelope, unwrap(envelope), now)


async def published(runtime: ServiceRuntime, key: UUID) -> list[EventEnvelope]:
    """What the outbox holds under one key (a request id, or an appointment id), in order."""
    return await outbox_envelopes(runtime, key, CALENDAR.name)


async def published_types(runtime: ServiceRuntime, key: UUID) -> list[str]:
    return [envelope.event_type for envelope in await published(runtime, key)]
