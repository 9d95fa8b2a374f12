"""Poison messages on a settings topic, through the three services' real settings-replica consumers:
each is dead-lettered by every one of them with a reason naming its kind, and the change that
follows it on the same partition still arrives. A handler that raises: tests/requests/e2e/
test_dead_letter_replay.py."""

import asyncio
import json
import os
import subprocess
import sys
import uuid

import httpx
import pytest

from clinic_contracts import EventEnvelope
from clinic_contracts.events import ClinicSettingsChanged
from clinic_contracts.topics import CLINIC_SETTINGS
from tests.e2e.test_settings_reach_other_services import ARRIVAL_TIMEOUT, FOLLOWERS, wait_for_revision
from tests.kafka_tools import eventually, publish_raw, read_topic

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def poison(kind: str, clinic_id: str) -> bytes:
    clinic = uuid.UUID(clinic_id)
    if kind == "undecodable":
        return f"not an event {uuid.uuid4()}".encode()
    if kind == "unknown event":
        return EventEnvelope(event_type="ClinicMerged", schema_version=1, clinic_id=clinic, payload={}).to_bytes()
    # A known type and version whose payload breaks its schema: a name that is not a string.
    return EventEnvelope(
        event_type=ClinicSettingsChanged.event_type,
        schema_version=ClinicSettingsChanged.schema_version,
        clinic_id=clinic,
        payload={"clinic_id": clinic_id, "name": 42},
    ).to_bytes()


@pytest.mark.parametrize("kind", ["undecodable", "unknown event", "invalid payload"])
async def test_a_poison_message_is_dead_lettered_with_its_reason_and_the_next_change_arrives(
    stack, kafka, kind: str
) -> None:
    async with httpx.AsyncClient(auth=stack.operator_auth(), timeout=10) as http:
        created = await http.post(f"{stack.url('settings')}/clinics", json={"name": "Poisoned", "time_zone": "UTC"})
        assert created.status_code == 201, created.text
        clinic_id = created.json()["clinic_id"]
        await wait_for_revision(http, stack, clinic_id, 1)

        # Keyed by the clinic, so on the partition its next change takes, behind the poison.
        value = poison(kind, clinic_id)
        await publish_raw(kafka, CLINIC_SETTINGS.name, value, key=clinic_id.encode())

        async def dead_lettered() -> dict[str, str] | None:
            records = [r for r in await read_topic(kafka, CLINIC_SETTINGS.dead_letter) if r.value == value]
            reasons = {
                dict(r.headers)["x-consumer-group"].decode(): dict(r.headers)["x-dead-letter-reason"].decode()
                for r in records
            }
            return reasons if len(reasons) == len(FOLLOWERS) else None

        reasons = await eventually(dead_lettered, timeout=ARRIVAL_TIMEOUT)
        prefix = stack.extra_env["CONSUMER_GROUP_PREFIX"]
        assert set(reasons) == {f"{prefix}{service}.settings-replica" for service in FOLLOWERS}
        assert {reason.split(":")[0] for reason in reasons.values()} == {kind}, reasons

        # The operator's list shows them, decoded as far as they decode.
        listed = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "servicekit.dead_letters", "list", "--topic", CLINIC_SETTINGS.name, "--json"],
            env={**os.environ, **kafka.admin_env()},
            capture_output=True,
            text=True,
        )
        assert listed.returncode == 0, listed.stderr
        letters = json.loads(listed.stdout)
        ours = [letter for letter in letters if letter["key"] == clinic_id and letter["reason"] in reasons.values()]
        assert len(ours) == len(FOLLOWERS)
        decoded = EventEnvelope.from_bytes(value).event_id if kind != "undecodable" else None
        assert {letter["event_id"] for letter in ours} == {str(decoded) if decoded else None}

        renamed = await http.patch(f"{stack.url('settings')}/clinics/{clinic_id}", json={"name": "Recovered"})
        assert renamed.status_code == 200, renamed.text
        seen = await wait_for_revision(http, stack, clinic_id, 2)
        assert {state["name"] for state in seen.values()} == {"Recovered"}
