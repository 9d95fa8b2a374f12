"""Another service rebuilds its settings replica from the compacted topics alone, and catches up
after a restart with what changed while it was down: an extra availability process with a
brand-new database and consumer groups of its own, against the real broker."""

import asyncio
import os
import sys
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from clinic_contracts.kafka_acls import consumer_group_acls
from tests.conftest import recreate_database
from tests.infrastructure import ROOT, KafkaAccess, free_port
from tests.kafka_tools import eventually
from tests.settings.settings_api import Practice, SettingsApi

sys.path.insert(0, str(ROOT / "deploy"))
from kafka_access import apply_acls
from stack import ServiceProcess

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def connect(url: str) -> asyncpg.Connection:
    url = make_url(url)
    return await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )


async def replicated_revisions(database_url: str, clinic_id: str) -> dict[str, int]:
    """What the follower's replica holds for one clinic, read from its database: its HTTP API
    shows clinics only."""
    connection = await connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT entity_type, entity_id, revision FROM settings_replica WHERE clinic_id = $1", uuid.UUID(clinic_id)
        )
    finally:
        await connection.close()
    return {f"{row['entity_type']}:{row['entity_id']}": row["revision"] for row in rows}


async def until_ready(follower: ServiceProcess) -> None:
    async def ready():
        assert follower.process.poll() is None, f"the follower exited; see {follower.log_path}"
        try:
            async with httpx.AsyncClient(timeout=2) as http:
                return (await http.get(f"{follower.url}/readyz")).status_code == 200
        except httpx.TransportError:
            return False

    await eventually(ready, timeout=60, interval=0.2)


async def replicated_clinic(follower: ServiceProcess, clinic_id: str, revision: int, auth: httpx.Auth) -> dict:
    async def at_revision():
        async with httpx.AsyncClient(auth=auth, timeout=5) as http:
            response = await http.get(f"{follower.url}/settings-replica/clinics/{clinic_id}")
        return response.json() if response.status_code == 200 and response.json()["revision"] == revision else None

    return await eventually(at_revision, timeout=120)


async def test_a_new_follower_rebuilds_from_the_topics_and_catches_up_after_a_restart(
    api: SettingsApi, practice: Practice, kafka: KafkaAccess, postgres_url: str, tmp_path: Path, stack
) -> None:
    clinic_id = practice.clinic["clinic_id"]
    clinic = await api.ok("PUT", f"{practice.clinic_path}/appointment-requests", {"enabled": True})
    staff = await api.staff_user(practice.clinic, permissions=["scheduling"], all_locations=True)
    parent = await api.portal_user(practice.clinic, practice.patient)
    expected = {
        f"ClinicSettingsChanged:{clinic_id}": 2,
        f"LocationChanged:{practice.location['location_id']}": 1,
        f"VisitTypeChanged:{practice.visit_type['visit_type_id']}": 1,
        f"TherapistChanged:{practice.therapist['therapist_id']}": 1,
        f"PatientChanged:{practice.patient['patient_id']}": 1,
        f"PatientCaseChanged:{practice.case['case_id']}": 1,
        f"PortalUserChanged:{parent['portal_user_id']}": 1,
        f"StaffUserChanged:{staff['staff_user_id']}": 1,
    }

    prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
    database_url = await recreate_database(postgres_url, f"{prefix}_availability_follower")
    # Consumer groups of its own: the broker lets availability's user join them only once told.
    follower_groups = f"follower-{uuid.uuid4().hex[:8]}."
    await asyncio.to_thread(apply_acls, kafka, consumer_group_acls(follower_groups))
    follower = ServiceProcess(
        "availability",
        free_port(),
        {
            "DATABASE_URL": database_url,
            **kafka.service_env("availability"),
            "CONSUMER_GROUP_PREFIX": follower_groups,
            "INTERNAL_TOKEN_PUBLIC_KEYS": stack.public_keys,
        },
        tmp_path / "availability-follower.log",
    )
    follower.start()
    try:
        await until_ready(follower)
        assert await replicated_clinic(follower, clinic_id, 2, stack.operator_auth("availability")) == clinic

        async def everything_replicated():
            return await replicated_revisions(database_url, clinic_id) == expected

        # It replays every settings topic from the start: the whole run's events so far (thousands,
        # at some hundred a second on a busy 2-core machine), so it is given time.
        await eventually(everything_replicated, timeout=180)

        await asyncio.to_thread(follower.stop)
        renamed = await api.ok("PATCH", practice.clinic_path, {"name": "Harborview Physical Therapy"})
        await api.ok("PUT", f"/locations/{practice.location['location_id']}/appointment-requests", {"enabled": True})
        expected |= {
            f"ClinicSettingsChanged:{clinic_id}": 3,
            f"LocationChanged:{practice.location['location_id']}": 2,
        }

        follower.start()
        await until_ready(follower)
        assert await replicated_clinic(follower, clinic_id, 3, stack.operator_auth("availability")) == renamed
        await eventually(everything_replicated, timeout=180)
    finally:
        await asyncio.to_thread(follower.stop)
