"""The walking skeleton's thread: a clinic setting changed over HTTP reaches the other services
through the real broker, into their own read models; delivered twice, it changes nothing."""

import uuid

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from clinic_contracts import EventEnvelope
from clinic_contracts.topics import CLINIC_SETTINGS
from tests.kafka_tools import eventually, publish_raw, read_topic

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

FOLLOWERS = ("availability", "requests", "notifications")
# A follower's new consumer group replays every settings event on the topics before it reaches
# this test's: only this run's on CI's fresh broker, thousands on a long-lived development one.
ARRIVAL_TIMEOUT = 60


async def replica_revision(http: httpx.AsyncClient, stack, service: str, clinic_id: str) -> dict | None:
    response = await http.get(f"{stack.url(service)}/settings-replica/clinics/{clinic_id}")
    return response.json() if response.status_code == 200 else None


async def wait_for_revision(http, stack, clinic_id: str, revision: int) -> dict[str, dict]:
    seen = {}
    for service in FOLLOWERS:

        async def at_revision(service=service):
            state = await replica_revision(http, stack, service, clinic_id)
            return state if state and state["revision"] == revision else None

        seen[service] = await eventually(at_revision, timeout=ARRIVAL_TIMEOUT)
    return seen


async def processed_count(database_url: str, event_ids: list[uuid.UUID]) -> int:
    url = make_url(database_url)
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )
    try:
        return await connection.fetchval(
            "SELECT count(*) FROM processed_events WHERE event_id = ANY($1::uuid[])", event_ids
        )
    finally:
        await connection.close()


async def test_a_clinic_change_reaches_availability_and_requests(stack) -> None:
    async with httpx.AsyncClient(auth=stack.operator_auth(), timeout=10) as http:
        created = await http.post(
            f"{stack.url('settings')}/clinics", json={"name": "Riverside Therapy", "time_zone": "America/Chicago"}
        )
        assert created.status_code == 201, created.text
        clinic_id = created.json()["clinic_id"]
        assert created.json()["appointment_requests_enabled"] is False

        switched = await http.put(
            f"{stack.url('settings')}/clinics/{clinic_id}/appointment-requests", json={"enabled": True}
        )
        assert switched.status_code == 200 and switched.json()["revision"] == 2

        seen = await wait_for_revision(http, stack, clinic_id, 2)
        for state in seen.values():
            assert state["name"] == "Riverside Therapy"
            assert state["time_zone"] == "America/Chicago"
            assert state["appointment_requests_enabled"] is True


async def test_a_redelivered_event_changes_nothing(stack, kafka, service_database_urls) -> None:
    async with httpx.AsyncClient(auth=stack.operator_auth(), timeout=10) as http:
        created = await http.post(
            f"{stack.url('settings')}/clinics", json={"name": "Lakeside", "time_zone": "Europe/London"}
        )
        clinic_id = created.json()["clinic_id"]
        await http.patch(f"{stack.url('settings')}/clinics/{clinic_id}", json={"name": "Lakeside Physio"})
        await wait_for_revision(http, stack, clinic_id, 2)

        records = [r for r in await read_topic(kafka, CLINIC_SETTINGS.name) if r.key == clinic_id.encode()]
        envelopes = [EventEnvelope.from_bytes(r.value) for r in records]
        assert [e.payload["revision"] for e in envelopes] == [1, 2]

        # The old state and the current one again, exactly as the broker would redeliver them.
        for record in records:
            await publish_raw(kafka, CLINIC_SETTINGS.name, record.value, key=record.key)
        # A later change on the same key (so the same partition) proves the duplicates were consumed.
        await http.patch(f"{stack.url('settings')}/clinics/{clinic_id}", json={"name": "Lakeside Physiotherapy"})
        seen = await wait_for_revision(http, stack, clinic_id, 3)

        assert {state["name"] for state in seen.values()} == {"Lakeside Physiotherapy"}
        ids = [e.event_id for e in envelopes]
        for service in FOLLOWERS:
            assert await processed_count(service_database_urls[service], ids) == 2, service


async def test_an_undecodable_event_goes_to_the_dead_letter_topic(stack, kafka) -> None:
    marker = f"not an event {uuid.uuid4()}".encode()
    await publish_raw(kafka, CLINIC_SETTINGS.name, marker, key=b"garbage")

    async def dead_lettered():
        records = [r for r in await read_topic(kafka, CLINIC_SETTINGS.dead_letter) if r.value == marker]
        groups = {dict(r.headers)["x-consumer-group"].decode() for r in records}
        prefix = stack.extra_env["CONSUMER_GROUP_PREFIX"]
        expected = {f"{prefix}{service}.settings-replica" for service in FOLLOWERS}
        return groups if groups == expected else None

    await eventually(dead_lettered, timeout=ARRIVAL_TIMEOUT)

    # The consumers went on: a valid change after the bad one still arrives.
    async with httpx.AsyncClient(auth=stack.operator_auth(), timeout=10) as http:
        created = await http.post(f"{stack.url('settings')}/clinics", json={"name": "After", "time_zone": "UTC"})
        await wait_for_revision(http, stack, created.json()["clinic_id"], 1)
