"""Benchmark of a clinic import against PostgreSQL. A script, not a test.

    .venv/bin/python bench/bench_import.py [--patients 5000] [--repeat 3]

PostgreSQL comes from where the tests get it (tests/infrastructure.py: TEST_POSTGRES_URL, or the
local server deploy/postgres.sh starts). Each run makes a fresh database, `bench_settings_import`,
migrated as the settings service migrates it.

The set: tests/settings/import_files.py's clinic with --patients patients and one case each (two
locations, three visit types, three therapists), as a CSV set. Timed, each --repeat times into a
new clinic: reading the CSV text; the dry run; the real import (one transaction, every row through
the admin API's use cases, events to the outbox); then the same set again (every row unchanged).
Beside them, the floor measured in the same run: one bare multi-row INSERT of the same patients and
cases through SQLAlchemy Core, no rules, no events, no external ids.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from clinic_settings.adapters import orm  # noqa: E402
from clinic_settings.adapters.imports.csv_set import read_csv_set  # noqa: E402
from clinic_settings.bootstrap import MIGRATIONS  # noqa: E402
from clinic_settings.config import SettingsServiceSettings  # noqa: E402
from clinic_settings.domain.clinic import Clinic  # noqa: E402
from clinic_settings.service_layer import entities  # noqa: E402
from clinic_settings.service_layer.importing import import_rows  # noqa: E402
from clinic_settings.service_layer.unit_of_work import unit_of_work  # noqa: E402
from servicekit.migrations import upgrade_to_head  # noqa: E402
from servicekit.runtime import ServiceRuntime  # noqa: E402
from tests.conftest import recreate_database  # noqa: E402
from tests.infrastructure import start_postgres  # noqa: E402
from tests.settings.import_files import csv_set, exported_clinic  # noqa: E402


async def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = await work
    return time.perf_counter() - started, result


async def new_clinic(runtime: ServiceRuntime, name: str) -> uuid.UUID:
    clinic = Clinic(clinic_id=uuid.uuid4(), name=name, time_zone="America/New_York")
    return (await entities.add(unit_of_work(runtime), clinic)).clinic_id


async def bare_insert(runtime: ServiceRuntime, clinic_id: uuid.UUID, exported) -> None:
    """The floor: the same patients and cases written as plain rows, in one transaction."""
    patient_ids = {p["id"]: uuid.uuid4() for p in exported.patients}
    location, therapist = uuid.uuid4(), uuid.uuid4()
    async with runtime.sessions.begin() as session:
        await session.execute(
            insert(orm.locations),
            [
                {
                    "location_id": location,
                    "clinic_id": clinic_id,
                    "name": "L",
                    "time_zone": "UTC",
                    "address": "",
                    "allow_appointment_requests": False,
                    "operating_hours": [],
                    "closures": [],
                    "active": True,
                    "revision": 1,
                }
            ],
        )
        await session.execute(
            insert(orm.therapists),
            [
                {
                    "therapist_id": therapist,
                    "clinic_id": clinic_id,
                    "name": "T",
                    "location_ids": [str(location)],
                    "active": True,
                    "revision": 1,
                }
            ],
        )
        await session.execute(
            insert(orm.patients),
            [
                {
                    "patient_id": patient_ids[p["id"]],
                    "clinic_id": clinic_id,
                    "name": p["name"],
                    "date_of_birth": p["born"],
                    "active": True,
                    "revision": 1,
                }
                for p in exported.patients
            ],
        )
        await session.execute(
            insert(orm.patient_cases),
            [
                {
                    "case_id": uuid.uuid4(),
                    "clinic_id": clinic_id,
                    "patient_id": patient_ids[c["patient"]],
                    "title": c["title"],
                    "primary_therapist_id": therapist,
                    "location_id": location,
                    "status": c["status"],
                    "allow_appointment_requests": c["allow"],
                    "requestable_visit_type_ids": [],
                    "revision": 1,
                }
                for c in exported.cases
            ],
        )


async def run(database_url: str, patients: int, repeat: int) -> None:
    settings = SettingsServiceSettings(database_url=database_url, kafka_security_protocol="PLAINTEXT")
    runtime = ServiceRuntime("settings", settings, orm.metadata, MIGRATIONS)
    await upgrade_to_head(runtime.engine, MIGRATIONS)
    exported = exported_clinic(patients=patients)
    files = csv_set(exported)
    size = sum(len(text.encode()) for text in files.values())
    rows = 2 + 3 + 3 + 2 * patients
    print(f"{patients} patients with a case each: {rows} rows, {size / 1024:.0f} KiB of CSV; {repeat} runs each")
    figures: dict[str, list[float]] = {name: [] for name in ("read", "dry run", "import", "again", "floor")}
    for _ in range(repeat):
        clinic_id = await new_clinic(runtime, "Bench")
        started = time.perf_counter()
        read = read_csv_set(files)
        figures["read"].append(time.perf_counter() - started)
        seconds, dry = await timed(import_rows(unit_of_work(runtime), clinic_id, read, dry_run=True))
        assert not dry.refused and not dry.applied
        figures["dry run"].append(seconds)
        seconds, done = await timed(import_rows(unit_of_work(runtime), clinic_id, read_csv_set(files), dry_run=False))
        assert done.applied and done.counts()["created"] == rows
        figures["import"].append(seconds)
        seconds, again = await timed(import_rows(unit_of_work(runtime), clinic_id, read_csv_set(files), dry_run=False))
        assert again.counts()["unchanged"] == rows
        figures["again"].append(seconds)
        floor_clinic = await new_clinic(runtime, "Floor")
        seconds, _ = await timed(bare_insert(runtime, floor_clinic, exported))
        figures["floor"].append(seconds)
    await runtime.engine.dispose()
    floor = statistics.median(figures["floor"])
    labels = {
        "read": "reading the CSV set",
        "dry run": "dry run (validated, rolled back)",
        "import": "import (created, one transaction)",
        "again": "the same set again (unchanged)",
        "floor": "floor: bare INSERT of the patients and cases",
    }
    for name, label in labels.items():
        median = statistics.median(figures[name])
        runs = ", ".join(f"{s:.2f}" for s in figures[name])
        print(
            f"  {label:<46} median {median:6.2f} s ({rows / median:7.0f} rows/s; {median / floor:5.1f}× floor)"
            f"   runs: {runs}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with ExitStack() as cleanup:
        server = start_postgres(cleanup)
        database = asyncio.run(recreate_database(server, "bench_settings_import"))
        asyncio.run(run(database, args.patients, args.repeat))


if __name__ == "__main__":
    main()
