"""The availability service restored from an older backup converges to where it was, as
docs/backups.md tells an operator to do it: pg_dump, more work, pg_restore into an empty database,
its consumer groups moved back with `python -m servicekit.consumer_groups`, the service restarted.

Between the backup and the restore, the service placed a hold (RequestSubmitted consumed), booked an
appointment (RequestApprovalStarted consumed) and learned a new patient (settings replica). All of it
comes back from the topics, each event applied once.
"""

import asyncio
import glob
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import recreate_database
from tests.kafka_tools import eventually
from tests.requests.e2e.conftest import (
    REPLICA_TIMEOUT,
    RequestsService,
    query,
    service,  # noqa: F401 - the fixture
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

# Records a little older than the backup may have been consumed only after it; reading some the
# backup has applied already costs nothing (the inbox skips them).
MARGIN = timedelta(minutes=1)


def postgres_tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    assert found, f"no {name}: Debian's postgresql package is what the tests run on"
    return found[-1]


def libpq_url(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def run(*command: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


async def state(service: RequestsService, clinic_id: uuid.UUID) -> dict[str, list]:
    """What availability holds for the clinic: its calendar and its settings replica."""
    url = service.database_urls["availability"]
    calendar = await query(
        url,
        "SELECT * FROM calendar_items WHERE clinic_id = $1 ORDER BY item_id",
        clinic_id,
    )
    replica = await query(
        url,
        "SELECT entity_type, entity_id, revision FROM settings_replica WHERE clinic_id = $1 ORDER BY entity_id",
        clinic_id,
    )
    # created_at says when a row was written, which a re-applied event does anew.
    return {
        "calendar": [{k: v for k, v in dict(row).items() if k != "created_at"} for row in calendar],
        "replica": [tuple(row) for row in replica],
    }


async def test_a_service_restored_from_an_older_backup_reads_again_what_it_lost(
    service: RequestsService,
    postgres_url: str,
    tmp_path: Path,
) -> None:
    world = await service.new_world()
    first, second = (await service.mornings(world))[:2]
    kept = await service.pending(world, first)

    backup = tmp_path / "availability.dump"
    taken_at = datetime.now(UTC)
    database = service.database_urls["availability"]
    run(postgres_tool("pg_dump"), "--format=custom", f"--file={backup}", f"--dbname={libpq_url(database)}")

    # Work after the backup: a hold, a booking and a new patient, all consumed from the topics.
    lost = await service.pending(world, second)
    approving = await service.act(kept["request_id"], "approve", staff_id=world.scheduler.staff_user_id, wait_seconds=8)
    assert approving.status_code == 200, approving.text
    approved = await service.until_status(kept["request_id"], "approved")
    newcomer = await service.admin.patient(world.clinic_id, "Robin")
    await service.replicated("availability", [newcomer])
    before = await state(service, world.clinic_id)
    assert len(before["calendar"]) == 3  # two holds, one booked, and the appointment

    groups = [f"{service.consumer_group_prefix}availability.{name}" for name in ("settings-replica", "request-holds")]
    operator = service.kafka.admin_env()
    tool = [sys.executable, "-m", "servicekit.consumer_groups"]
    # The broker refuses to move a group while the service is in it.
    refused = subprocess.run(
        [*tool, "reset", groups[1], "--to-earliest"], capture_output=True, text=True, env={**os.environ, **operator}
    )
    assert refused.returncode != 0 and "Stop every process of the group first" in refused.stderr, refused

    availability = service.stack.services["availability"]
    availability.stop()
    try:
        await recreate_database(postgres_url, make_url(database).database)
        restore = postgres_tool("pg_restore")
        run(restore, "--no-owner", "--exit-on-error", f"--dbname={libpq_url(database)}", str(backup))
        restored = await state(service, world.clinic_id)
        assert len(restored["calendar"]) == 1 and restored["calendar"][0]["status"] == "active"
        assert str(newcomer.patient_id) not in {row[1] for row in restored["replica"]}

        run(*tool, "reset", groups[0], "--to-earliest", env=operator)
        moved = run(*tool, "reset", groups[1], "--to-datetime", (taken_at - MARGIN).isoformat(), env=operator)
        assert " -> " in moved
    finally:
        availability.start()
        await asyncio.to_thread(service.stack.wait_ready, 90)

    async def converged() -> dict:
        now = await state(service, world.clinic_id)
        assert now == before, now
        return now

    await eventually(converged, timeout=REPLICA_TIMEOUT, interval=0.5)
    # The request service saw each answer once: nothing new in either request's story.
    assert await service.get(kept["request_id"]) == approved
    assert (await service.get(lost["request_id"]))["history"] == lost["history"]
