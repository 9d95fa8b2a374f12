"""The request service as a real process on the real broker: settings arrive through the settings
topics, availability's answers are published to the calendar topic the way availability would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy.engine import make_url

from clinic_contracts import EventEnvelope, wrap
from clinic_contracts.events import Event, HoldPlaced, StateEvent
from clinic_contracts.topics import APPOINTMENT_REQUESTS, CALENDAR, topic_for
from tests.kafka_tools import eventually, publish_raw, read_topic
from tests.requests.clinic_world import ClinicWorld, new_clinic_world


def in_days(days: float) -> str:
    """A start the default policy accepts (24 h notice, 60 days horizon), on a quarter hour."""
    moment = (datetime.now(UTC) + timedelta(days=days)).replace(second=0, microsecond=0)
    return moment.replace(minute=moment.minute // 15 * 15).isoformat()


async def connect(database_url: str) -> asyncpg.Connection:
    url = make_url(database_url)
    return await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )


@dataclass
class RequestsService:
    """The request service's HTTP API, its database and the topics around it."""

    http: httpx.AsyncClient
    kafka_bootstrap: str
    database_url: str

    # --- settings -----------------------------------------------------------------------------

    async def settle(self, world: ClinicWorld, *extra: StateEvent) -> ClinicWorld:
        """Publish the world's settings and wait until the service's replica has them all."""
        states = [*world.states(), *extra]
        producer = AIOKafkaProducer(bootstrap_servers=self.kafka_bootstrap, acks="all")
        await producer.start()
        try:
            for state in states:
                envelope = wrap(state, clinic_id=world.clinic_id)
                await producer.send(
                    topic_for(type(state)).name, envelope.to_bytes(), key=state.entity_id.encode()
                )
            await producer.flush()
        finally:
            await producer.stop()
        wanted = {(state.event_type, state.entity_id): state.revision for state in states}

        async def replica_has_them() -> bool:
            connection = await connect(self.database_url)
            try:
                rows = await connection.fetch(
                    "SELECT entity_type, entity_id, revision FROM settings_replica WHERE entity_id = ANY($1::text[])",
                    [entity_id for _, entity_id in wanted],
                )
            finally:
                await connection.close()
            known = {(row["entity_type"], row["entity_id"]): row["revision"] for row in rows}
            return all(known.get(key, 0) >= revision for key, revision in wanted.items())

        # Generous: a new consumer group first replays every settings event already on the topics,
        # and a long-lived development broker keeps every run's.
        await eventually(replica_has_them, timeout=120, interval=0.3)
        return world

    async def new_world(self, **clinic_changes) -> ClinicWorld:
        return await self.settle(new_clinic_world(**clinic_changes))

    # --- HTTP ---------------------------------------------------------------------------------

    async def submit(self, world: ClinicWorld, *, wait_seconds: float = 0, **changes) -> httpx.Response:
        body = {
            "idempotency_key": str(uuid.uuid4()),
            "portal_user_id": str(world.portal_user.portal_user_id),
            "patient_id": str(world.patient.patient_id),
            "case_id": str(world.case.case_id),
            "visit_type_id": str(world.visit_type.visit_type_id),
            "location_id": str(world.location.location_id),
            "start": in_days(3),
            "note": "Mornings, please",
        }
        params = {"wait_seconds": wait_seconds} if wait_seconds else {}
        return await self.http.post("/requests", json={**body, **changes}, params=params)

    async def submitted(self, world: ClinicWorld, **changes) -> dict:
        response = await self.submit(world, **changes)
        assert response.status_code == 201, response.text
        return response.json()

    async def get(self, request_id: str, **params) -> dict:
        response = await self.http.get(f"/requests/{request_id}", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    async def act(self, request_id: str, action: str, **body) -> httpx.Response:
        return await self.http.post(f"/requests/{request_id}/{action}", json=jsonable(body))

    async def until(self, request_id: str, check) -> dict:
        """The request once `check(request)` holds."""

        async def current() -> dict | None:
            request = await self.get(request_id)
            return request if check(request) else None

        return await eventually(current, timeout=20)

    async def until_status(self, request_id: str, status: str) -> dict:
        return await self.until(request_id, lambda request: request["status"] == status)

    # --- topics -------------------------------------------------------------------------------

    async def answer(self, world: ClinicWorld, event: Event) -> EventEnvelope:
        """Publish an availability event as availability would: keyed by the request id."""
        envelope = wrap(event, clinic_id=world.clinic_id)
        await self.redeliver(envelope)
        return envelope

    async def redeliver(self, envelope: EventEnvelope) -> None:
        key = str(envelope.payload.get("request_id") or envelope.payload["appointment_id"]).encode()
        await publish_raw(self.kafka_bootstrap, CALENDAR.name, envelope.to_bytes(), key=key)

    async def events_of(self, request_id: str) -> list[EventEnvelope]:
        """What the service published about one request, in order."""
        records = await read_topic(self.kafka_bootstrap, APPOINTMENT_REQUESTS.name)
        return [EventEnvelope.from_bytes(record.value) for record in records if record.key == request_id.encode()]

    async def events_of_portal_user(self, portal_user_id: uuid.UUID) -> list[EventEnvelope]:
        records = await read_topic(self.kafka_bootstrap, APPOINTMENT_REQUESTS.name)
        envelopes = [EventEnvelope.from_bytes(record.value) for record in records]
        return [envelope for envelope in envelopes if envelope.payload.get("portal_user_id") == str(portal_user_id)]

    async def until_published(self, request_id: str, *event_types: str) -> list[EventEnvelope]:
        """The request's events once their types are exactly `event_types`."""

        async def published() -> list[EventEnvelope] | None:
            events = await self.events_of(request_id)
            return events if [event.event_type for event in events] == list(event_types) else None

        try:
            return await eventually(published, timeout=20)
        except AssertionError:
            seen = [event.event_type for event in await self.events_of(request_id)]
            raise AssertionError(f"published {seen}, expected {list(event_types)}") from None

    async def submitted_hold(self, request_id: str) -> str:
        """The hold the submission asked availability for, as RequestSubmitted names it."""

        async def submitted() -> str | None:
            events = await self.events_of(request_id)
            return events[0].payload["hold_id"] if events and events[0].event_type == "RequestSubmitted" else None

        return await eventually(submitted, timeout=20)

    async def pending(self, world: ClinicWorld, **changes) -> dict:
        """A submitted request whose hold availability has placed."""
        request = await self.submitted(world, **changes)
        await self.answer(world, hold_placed(request, await self.submitted_hold(request["request_id"])))
        return await self.until_status(request["request_id"], "pending")


def jsonable(body: dict) -> dict:
    return {key: str(value) if isinstance(value, uuid.UUID) else value for key, value in body.items()}


def hold_placed(request: dict, hold_id: str) -> HoldPlaced:
    return HoldPlaced(
        request_id=request["request_id"],
        hold_id=hold_id,
        therapist_id=request["therapist_id"],
        location_id=request["location_id"],
        start=request["start"],
        end=request["end"],
        blocking=True,
    )


@pytest.fixture
async def service(stack, kafka_bootstrap, service_database_urls):
    async with httpx.AsyncClient(base_url=stack.url("requests"), timeout=30) as http:
        yield RequestsService(http, kafka_bootstrap, service_database_urls["requests"])

