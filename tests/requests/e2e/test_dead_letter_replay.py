"""A dead letter found, its cause fixed, and replayed with the operator's command: applied once,
and a second replay changes nothing.

The cause is one a database can have for real: a data repair has frozen one patient case's
appointment requests (a trigger refuses every update to them), so the request service's consumer
cannot record availability's answer, tries three times and dead-letters it. Requests of other cases
go on meanwhile.
"""

import asyncio
import json
import os
import subprocess
import sys
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import RecordMetadata, TopicPartition

from clinic_contracts.topics import CALENDAR
from tests.kafka_tools import client_options, eventually
from tests.requests.e2e.conftest import ANSWER_TIMEOUT, RequestsService, connect

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

FREEZE = """
CREATE FUNCTION refuse_frozen_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case % is frozen for a data repair', OLD.case_id;
END $$;
CREATE TRIGGER data_repair_freeze BEFORE UPDATE ON appointment_requests
    FOR EACH ROW WHEN (OLD.case_id = '{case_id}') EXECUTE FUNCTION refuse_frozen_case();
"""
THAW = "DROP TRIGGER data_repair_freeze ON appointment_requests; DROP FUNCTION refuse_frozen_case();"


async def execute(service: RequestsService, sql: str) -> None:
    connection = await connect(service.database_urls["requests"])
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def dead_letters(service: RequestsService, *args: str) -> str:
    """The operator's command, as a process, with the broker's admin user as an operator has it."""
    done = subprocess.run(
        [sys.executable, "-m", "servicekit.dead_letters", *args],
        env={**os.environ, **service.kafka.admin_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def listed(service: RequestsService, request_id: str) -> list[dict]:
    """The calendar topic's dead letters about the request, as `list --json` shows them."""
    output = await asyncio.to_thread(dead_letters, service, "list", "--topic", CALENDAR.name, "--json")
    return [letter for letter in json.loads(output) if letter["key"] == request_id]


async def consumer_groups(service: RequestsService) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=service.kafka.bootstrap, **client_options(service.kafka))
    await admin.start()
    try:
        return {group[0] for group in await admin.list_consumer_groups()}
    finally:
        await admin.close()


async def handled_count(service: RequestsService, event_id: str) -> int:
    connection = await connect(service.database_urls["requests"])
    try:
        return await connection.fetchval(
            "SELECT count(*) FROM processed_events WHERE consumer = 'request-outcomes' AND event_id = $1",
            uuid.UUID(event_id),
        )
    finally:
        await connection.close()


def copy_address(output: str) -> RecordMetadata:
    """Where `replay` says the copy went: `... to topic:partition:offset`."""
    topic, partition, offset = output.split()[-1].rsplit(":", 2)
    return RecordMetadata(topic, int(partition), TopicPartition(topic, int(partition)), int(offset), -1, 0, -1)


async def test_a_dead_letter_replayed_after_its_cause_is_fixed_is_applied_once(service: RequestsService) -> None:
    world = await service.new_world()
    other = await service.another_family(world)
    first, second = (await service.mornings(world))[:2]
    await execute(service, FREEZE.format(case_id=world.case.case_id))
    try:
        frozen = await service.submitted(world, first)
        request_id = frozen["request_id"]

        async def dead_lettered() -> dict | None:
            letters = [letter for letter in await listed(service, request_id) if letter["event_type"]]
            return letters[0] if letters else None

        letter = await eventually(dead_lettered, timeout=ANSWER_TIMEOUT, interval=1)
        assert letter["event_type"] == "HoldPlaced v1"
        assert letter["consumer_group"] == f"{service.consumer_group_prefix}requests.request-outcomes"
        assert letter["reason"].startswith("handler failed: "), letter
        assert f"case {world.case.case_id} is frozen for a data repair" in letter["reason"]
        assert letter["original_topic"] == CALENDAR.name and letter["replayed_to"] is None
        assert (await service.get(request_id))["status"] == "submitted"

        # The consumer went on: another case's request, answered after the dead letter, is pending.
        await service.pending(
            world,
            second,
            portal_user_id=other.portal_user.portal_user_id,
            patient_id=other.patient.patient_id,
            case_id=other.case.case_id,
        )
    finally:
        await execute(service, THAW)

    groups_before = await consumer_groups(service)
    table = await asyncio.to_thread(dead_letters, service, "list", "--topic", CALENDAR.dead_letter)
    assert f"{CALENDAR.dead_letter}:{letter['partition']}:{letter['offset']}" in table
    assert letter["event_id"] in table
    # Listing read the dead letters without a consumer group: none was made, none moved.
    assert await consumer_groups(service) == groups_before

    offset = str(letter["offset"])
    replayed = await asyncio.to_thread(dead_letters, service, "replay", "--topic", CALENDAR.name, "--offset", offset)
    assert replayed.startswith(f"replayed {CALENDAR.dead_letter}:{letter['partition']}:{offset}"), replayed
    pending = await service.until_status(request_id, "pending")
    assert [entry["action"] for entry in pending["history"]].count("hold placed") == 1, pending["history"]
    await service.until_consumed(copy_address(replayed))
    assert await handled_count(service, letter["event_id"]) == 1
    [marked] = [each for each in await listed(service, request_id) if each["offset"] == letter["offset"]]
    assert marked["replayed_to"] == replayed.split()[-1]

    # Again: the command knows it was replayed and skips it.
    again = await asyncio.to_thread(dead_letters, service, "replay", "--event-id", letter["event_id"])
    assert again.startswith(f"skipped {CALENDAR.dead_letter}:{letter['partition']}:{offset}"), again

    # Forced, the copy reaches the consumer, whose inbox drops it: nothing changes.
    forced = await asyncio.to_thread(
        dead_letters, service, "replay", "--topic", CALENDAR.name, "--offset", offset, "--force"
    )
    await service.until_consumed(copy_address(forced))
    assert await service.get(request_id) == pending
    assert await handled_count(service, letter["event_id"]) == 1
    # One effect in all: the request told the others once that it is pending.
    await service.until_published(request_id, "RequestSubmitted", "RequestPending")
