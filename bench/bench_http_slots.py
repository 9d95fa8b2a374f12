"""Benchmark of the HTTP slots endpoint under concurrent load. A script, not a test.

    .venv/bin/python bench/bench_http_slots.py
    ... --database-url postgresql+asyncpg://clinic:clinic@127.0.0.1:5432/bench_availability

The broker comes from where the tests get theirs (tests/infrastructure.py: a secured local broker
of the run's own unless KAFKA_BOOTSTRAP_SERVERS says otherwise).

Starts the availability service as a local process (`python -m clinic_availability`, as run.sh
does) on a fresh database: SQLite in a temporary directory unless --database-url names another
(the database must exist; it is migrated, and should be empty). The service needs a Kafka broker
to start, though nothing here travels through it: the clinic's settings are written straight
into the service's settings replica, so the benchmark does not wait for a new consumer group to
replay a shared broker's settings topics.

Scenario, the same as bench_slots.py's (b): one location in America/New_York, 50 therapists, each
with a weekly schedule and 180 calendar items (appointments, blocks, holds) over the 31 days asked
for. Each request asks for one case's slots over 31 days; requests go round the 50 cases, a bounded
number of them in flight at once (httpx). Prints median and p99 latency and requests per second,
then the domain figures again (bench_slots.py) for comparison. Beside them, the floor measured in
the same run: the open `/healthz` under the same load, and what signing and checking one actor
token costs (every call to a service carries one; see servicekit.actor_tokens).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time as clock
import uuid
from contextlib import ExitStack
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import bench_slots  # noqa: E402
from kafka_access import apply_acls  # noqa: E402
from service_ready import until_ready  # noqa: E402
from stack import ServiceProcess  # noqa: E402

from clinic_availability.adapters.orm import metadata  # noqa: E402
from clinic_availability.bootstrap import MIGRATIONS  # noqa: E402
from clinic_availability.config import AvailabilityServiceSettings  # noqa: E402
from clinic_availability.domain import CalendarItem, ItemKind  # noqa: E402
from clinic_availability.service_layer.unit_of_work import unit_of_work  # noqa: E402
from clinic_contracts.admin import ensure_topics  # noqa: E402
from clinic_contracts.kafka_acls import planned_acls  # noqa: E402
from servicekit.actor_http import ActorTokenAuth  # noqa: E402
from servicekit.actor_tokens import (  # noqa: E402
    Actor,
    ActorTokenSigner,
    ActorTokenVerifier,
    SigningKey,
    SystemActor,
    parse_public_keys,
)
from servicekit.runtime import ServiceRuntime  # noqa: E402
from tests.availability.world import new_world  # noqa: E402
from tests.infrastructure import free_port, start_kafka  # noqa: E402
from tests.kafka_tools import client_options  # noqa: E402

THERAPISTS = 50
ITEMS_PER_THERAPIST = 180
DAYS = 31


async def seed(database_url: str, http: httpx.AsyncClient, first_day: date) -> list[dict]:
    """One clinic with 50 therapists at one location, each with a case, hours and a full calendar;
    returns the slot query of each case."""
    rng = random.Random(20260301)
    world = new_world(booking_horizon_days=90, slot_interval_minutes=30, duration_minutes=60)
    # Only its database is used here: the seeding talks to no broker.
    settings = AvailabilityServiceSettings(database_url=database_url, kafka_security_protocol="PLAINTEXT")
    runtime = ServiceRuntime("availability", settings, metadata, MIGRATIONS)
    queries = []
    try:
        async with runtime.sessions.begin() as session:
            for state in (world.clinic, world.location, world.visit_type, world.patient):
                await runtime.settings_replica.apply(session, state, world.clinic_id)
            therapists = []
            for _ in range(THERAPISTS):
                therapist = world.therapist.model_copy(update={"therapist_id": uuid.uuid4()})
                case = world.case.model_copy(
                    update={"case_id": uuid.uuid4(), "primary_therapist_id": therapist.therapist_id}
                )
                for state in (therapist, case):
                    await runtime.settings_replica.apply(session, state, world.clinic_id)
                therapists.append(therapist)
                queries.append(
                    {
                        "case_id": str(case.case_id),
                        "visit_type_id": str(world.visit_type.visit_type_id),
                        "date_from": first_day.isoformat(),
                        "date_to": (first_day + timedelta(days=DAYS - 1)).isoformat(),
                    }
                )
        for therapist in therapists:
            start_hour = rng.choice([7, 8, 9])
            weekdays = rng.sample(range(6), 5)
            hours = [
                {"weekday": day, "start": start.isoformat(), "end": end.isoformat()}
                for day in weekdays
                for start, end in ((time(start_hour, 30), time(12)), (time(13), time(start_hour + 9)))
            ]
            path = f"/therapists/{therapist.therapist_id}/working-hours/{world.location.location_id}"
            response = await http.put(path, json={"periods": [{"effective_from": "2025-01-01", "hours": hours}]})
            response.raise_for_status()
            async with unit_of_work(runtime) as uow:
                for start, end in _busy_times(rng, world, weekdays, start_hour, first_day):
                    kind = rng.choice([ItemKind.APPOINTMENT, ItemKind.APPOINTMENT, ItemKind.BLOCK, ItemKind.HOLD])
                    await uow.calendar.add(
                        CalendarItem(
                            item_id=uuid.uuid4(),
                            clinic_id=world.clinic_id,
                            kind=kind,
                            therapist_id=therapist.therapist_id,
                            location_id=world.location.location_id,
                            start=start,
                            end=end,
                            request_id=uuid.uuid4() if kind is ItemKind.HOLD else None,
                        )
                    )
    finally:
        await runtime.engine.dispose()
    return queries


def _busy_times(rng: random.Random, world, weekdays: list[int], start_hour: int, first_day: date):
    """Back-to-back appointments with short gaps, the way a therapist's calendar fills up."""
    days = [first_day + timedelta(days=n) for n in range(DAYS)]
    working_days = [day for day in days if day.weekday() in weekdays]
    per_day, extra = divmod(ITEMS_PER_THERAPIST, len(working_days))
    for index, day in enumerate(working_days):
        moment = datetime.combine(day, time(start_hour, 30), world.zone)
        for _ in range(per_day + (index < extra)):
            moment += timedelta(minutes=rng.choice([0, 0, 15, 30]))
            length = timedelta(minutes=rng.choice([30, 45, 60]))
            yield moment.astimezone(UTC), (moment + length).astimezone(UTC)
            moment += length


def token_cost(rounds: int = 2000) -> None:
    """Signing and checking a staff user's token, as the gateway and a service do on every call."""
    key = SigningKey.generate("gateway-bench")
    signer = ActorTokenSigner(key)
    verifier = ActorTokenVerifier(parse_public_keys(key.public_text()), "availability")
    actor = Actor.staff_user(uuid.uuid4(), uuid.uuid4())
    began = clock.perf_counter()
    tokens = [signer.token(actor, "availability") for _ in range(rounds)]
    signed = clock.perf_counter()
    for token in tokens:
        verifier.actor(token)
    checked = clock.perf_counter()
    print(
        f"actor token: sign {(signed - began) / rounds * 1e6:.0f} µs (gateway), "
        f"check {(checked - signed) / rounds * 1e6:.0f} µs (service), per call"
    )


async def floor(http: httpx.AsyncClient, total: int, concurrency: int) -> None:
    """The same load on the open /healthz: what HTTP and uvicorn cost before any work."""
    gate = asyncio.Semaphore(concurrency)
    latencies_ms: list[float] = []

    async def one() -> None:
        async with gate:
            began = clock.perf_counter()
            (await http.get("/healthz")).raise_for_status()
            latencies_ms.append((clock.perf_counter() - began) * 1000)

    began = clock.perf_counter()
    await asyncio.gather(*(one() for _ in range(total)))
    elapsed = clock.perf_counter() - began
    print(f"floor GET /healthz: median {statistics.median(latencies_ms):.1f} ms, {total / elapsed:.0f} requests/s")


async def load(http: httpx.AsyncClient, queries: list[dict], total: int, concurrency: int) -> None:
    latencies_ms: list[float] = []
    slot_counts: list[int] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(n: int) -> None:
        async with gate:
            began = clock.perf_counter()
            response = await http.get("/slots", params=queries[n % len(queries)])
            latencies_ms.append((clock.perf_counter() - began) * 1000)
            response.raise_for_status()
            slot_counts.append(len(response.json()["slots"]))

    await asyncio.gather(*(one(n) for n in range(min(100, total))))  # warm-up
    latencies_ms.clear()
    began = clock.perf_counter()
    await asyncio.gather(*(one(n) for n in range(total)))
    elapsed = clock.perf_counter() - began
    latencies_ms.sort()
    p99 = latencies_ms[min(len(latencies_ms) - 1, int(len(latencies_ms) * 0.99))]
    print(
        f"GET /slots, {DAYS} days, 1 of {THERAPISTS} therapists with {ITEMS_PER_THERAPIST} items each: "
        f"median {statistics.median(latencies_ms):.1f} ms, p99 {p99:.1f} ms, "
        f"{total / elapsed:.0f} requests/s ({total} requests, {concurrency} in flight, "
        f"{statistics.mean(slot_counts):.0f} slots per answer)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    cleanup = ExitStack()
    kafka = start_kafka(cleanup)
    groups = f"bench-{uuid.uuid4().hex[:8]}."
    await ensure_topics(kafka.bootstrap, client_options=client_options(kafka))
    apply_acls(kafka, planned_acls(groups))
    key = SigningKey.generate("operator-bench")
    auth = ActorTokenAuth(ActorTokenSigner(key), Actor.system(SystemActor.OPERATOR), "availability")
    with tempfile.TemporaryDirectory(prefix="bench-availability-") as scratch:
        database_url = args.database_url or f"sqlite+aiosqlite:///{scratch}/availability.db"
        service = ServiceProcess(
            "availability",
            free_port(),
            {
                "DATABASE_URL": database_url,
                "CONSUMER_GROUP_PREFIX": groups,
                "INTERNAL_TOKEN_PUBLIC_KEYS": key.public_text(),
                **kafka.service_env("availability"),
            },
            Path(scratch) / "availability.log",
        )
        service.start()
        try:
            async with httpx.AsyncClient(
                base_url=service.url,
                auth=auth,
                timeout=30,
                limits=httpx.Limits(max_connections=args.concurrency),
            ) as http:
                await until_ready(http, service)
                first_day = datetime.now(UTC).date() + timedelta(days=3)
                queries = await seed(database_url, http, first_day)
                backend = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
                print(f"availability service on {backend}, one uvicorn worker; client and service share this machine")
                await floor(http, args.requests, args.concurrency)
                await load(http, queries, args.requests, args.concurrency)
        finally:
            service.stop()
            cleanup.close()
    token_cost()
    print("domain, for comparison:")
    bench_slots.main()


if __name__ == "__main__":
    asyncio.run(main())
