"""The availability service as a real process on the real broker and PostgreSQL: the request
workflow's events are published to its topic the way the request service would, and
availability's answers are read back from the calendar topic."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from clinic_availability.adapters.orm import metadata
from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import Event, RequestCancelled, StaffPermission, StaffUserChanged, StateEvent
from clinic_contracts.topics import APPOINTMENT_REQUESTS, CALENDAR
from servicekit.actor_tokens import Actor
from servicekit.db import create_engine, session_factory
from servicekit.settings_replica import SettingsReplica
from tests.availability.world import World
from tests.infrastructure import KafkaAccess
from tests.kafka_tools import eventually, publish_raw, read_topic

WEEKDAYS_NINE_TO_FIVE = [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(5)]


async def connect(database_url: str) -> asyncpg.Connection:
    url = make_url(database_url)
    return await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )


@dataclass
class AvailabilityService:
    """The service's HTTP API, its database and the topics around it."""

    http: httpx.AsyncClient
    kafka: KafkaAccess
    database_url: str

    async def query(self, sql: str, *args) -> list[asyncpg.Record]:
        connection = await connect(self.database_url)
        try:
            return await connection.fetch(sql, *args)
        finally:
            await connection.close()

    # --- settings -----------------------------------------------------------------------------

    async def settle(self, world: World, hours: list[dict] = WEEKDAYS_NINE_TO_FIVE) -> World:
        """Put the world's settings in the service's replica, then set the therapist's working
        hours at the location.

        The replica is written directly, with the code its consumer runs, rather than through the
        settings topics: on a broker shared by many runs those topics hold every earlier run's
        settings, and a new consumer group replays them all before it reaches ours (a minute and
        growing). That settings do arrive through the topics is tests/e2e's to show.
        """
        await self.know(world, *world.states(), scheduler_of(world))
        self.http.auth.scheduler_is(world.staff_id)
        body = {"periods": [{"effective_from": "2025-01-01", "hours": hours}]}
        await self.ok("PUT", self.working_hours_path(world), body)
        return world

    async def know(self, world: World, *states: StateEvent) -> None:
        """Write settings states into the service's replica, as its consumer would."""
        engine = create_engine(self.database_url)
        try:
            async with session_factory(engine).begin() as session:
                for state in states:
                    await SettingsReplica(metadata).apply(session, state, world.clinic_id)
        finally:
            await engine.dispose()

    @staticmethod
    def working_hours_path(world: World) -> str:
        return f"/therapists/{world.therapist.therapist_id}/working-hours/{world.location.location_id}"

    # --- HTTP ---------------------------------------------------------------------------------

    async def ok(self, method: str, path: str, body=None, *, status: int = 200, **params) -> dict:
        response = await self.http.request(method, path, json=body, params=params or None)
        assert response.status_code == status, response.text
        return response.json() if response.content else {}

    # --- topics -------------------------------------------------------------------------------

    async def publish(self, world: World, event: Event) -> EventEnvelope:
        """Publish a request workflow event as the request service would: keyed by the request id."""
        envelope = wrap(event, clinic_id=world.clinic_id)
        await self.redeliver(envelope)
        return envelope

    async def redeliver(self, envelope: EventEnvelope) -> None:
        key = envelope.payload["request_id"].encode()
        await publish_raw(self.kafka, APPOINTMENT_REQUESTS.name, envelope.to_bytes(), key=key)

    async def consumed_up_to(self, world: World, request_id: uuid.UUID) -> None:
        """Wait until everything published so far for the request has been consumed: a last event
        on its key (a cancel of a hold that never was, which changes nothing) is in the inbox."""
        marker = await self.publish(world, RequestCancelled(request_id=request_id, hold_id=uuid.uuid4()))

        async def recorded() -> bool:
            return bool(await self.query("SELECT 1 FROM processed_events WHERE event_id = $1", marker.event_id))

        await eventually(recorded, timeout=30)

    async def answers(self, key: uuid.UUID) -> list[EventEnvelope]:
        """What this service published on the calendar topic under one key, in order. Other test
        runs' services may answer the same events on the shared topics; only this run's outbox
        counts."""
        records = [r for r in await read_topic(self.kafka, CALENDAR.name) if r.key == str(key).encode()]
        envelopes = [EventEnvelope.from_bytes(record.value) for record in records]
        ours = {
            row["event_id"]
            for row in await self.query(
                "SELECT event_id FROM outbox WHERE event_id = ANY($1::uuid[])", [e.event_id for e in envelopes]
            )
        }
        return [envelope for envelope in envelopes if envelope.event_id in ours]

    async def until_answers(self, key: uuid.UUID, *event_types: str) -> list[EventEnvelope]:
        async def answered() -> list[EventEnvelope] | None:
            envelopes = await self.answers(key)
            return envelopes if [e.event_type for e in envelopes] == list(event_types) else None

        try:
            return await eventually(answered, timeout=30, interval=0.3)
        except AssertionError:
            seen = [envelope.event_type for envelope in await self.answers(key)]
            raise AssertionError(f"answered {seen}, expected {list(event_types)}") from None


def scheduler_of(world: World) -> StaffUserChanged:
    """The world's scheduler, at every location: availability books only within a scheduler's scope."""
    return StaffUserChanged(
        staff_user_id=world.staff_id,
        clinic_id=world.clinic_id,
        name="Robin Scheduler",
        email=f"robin.{world.staff_id.hex[:8]}@clinic.example",
        permissions=(StaffPermission.SCHEDULING,),
        all_locations=True,
        location_ids=(),
        active=True,
        revision=1,
    )


class SchedulerWrites(httpx.Auth):
    """Bookings and blocks as the world's scheduler, signed as the gateway signs them (they name
    their staff user from the actor token only); everything else as an operator's job, which sees
    calendars whole (a scheduler's view of them is the gateway tests' to check)."""

    def __init__(self, stack) -> None:
        self.stack = stack
        self.scheduler_is(uuid.uuid4())
        self.operator = stack.operator_auth("availability")

    def scheduler_is(self, staff_id: uuid.UUID) -> None:
        self.scheduler = self.stack.actor_auth(Actor.staff_user(staff_id, uuid.uuid4()), "availability")

    def auth_flow(self, request: httpx.Request):
        writes = request.method in ("POST", "DELETE") and request.url.path.startswith(("/appointments", "/blocks"))
        yield from (self.scheduler if writes else self.operator).auth_flow(request)


@pytest.fixture
async def availability(stack, kafka, service_database_urls):
    async with httpx.AsyncClient(base_url=stack.url("availability"), auth=SchedulerWrites(stack), timeout=30) as http:
        yield AvailabilityService(http, kafka, service_database_urls["availability"])
