"""Benchmark of the whole pipeline against the stack's own floor, in one run. A script, not a test.

    .venv/bin/python bench/bench_pipeline.py                  # about 5 minutes on the 2-core machine
    .venv/bin/python bench/bench_pipeline.py --submissions 100 --json figures.json

Starts what `deploy/run.sh --postgres` starts, on ports and databases of its own: a secured broker
on empty storage (tests/infrastructure.py; KAFKA_BOOTSTRAP_SERVERS overrides it), the databases
bench_settings, bench_availability and bench_requests on the local PostgreSQL (dropped and made
afresh at the start, left for inspection at the end), the four services with run.sh's settings, and
the demo clinic with its therapists' working hours (deploy/run_local.py). As the admin, it raises
the per-case cap of waiting requests to its maximum and opens cases of its own for the demo's
portal patients, so that every submission has a time of its own: no two overlap on a therapist's
calendar, and none is refused for the cap.

Then, in order, with httpx (and with wrk too for the GETs, when it is installed):
- the floor: a bare FastAPI endpoint on the same server stack (bench/bare_app.py), 1 and 16 in flight,
  and a Kafka produce→consume round trip (aiokafka, acks=all, as the services' own SCRAM users);
- `GET /api/me` at 16 in flight; a case's slots for 14 days through the gateway and on availability
  directly, 1 and 16 in flight (the calendars still empty);
- serial submissions, each timed until the request is `pending` (or final), polling after a 202;
- 10 s of nothing: each process's idle CPU per second (pollers, heartbeats, the broker's own work),
  the part of each item's CPU that is the clock's, not the item's;
- N submissions at 16 in flight: throughput, latency, how many answered 202, and whether every
  accepted request reached `pending` or a final state (none lost); the CPU each process spent
  (utime + stime from /proc) over them, per submission;
- approvals at 16 in flight (each scheduler approves pending requests of their location);
- the floor of the shape (bench/floor_model.py): the HTTP calls, Kafka messages and deliveries and
  database transactions the concurrent submissions made, counted in the stack, each priced at what
  the same hop costs bare in this run: what a submission would cost if it did nothing but its hops.
Prints a table with each figure's ratio to the floor, and writes the figures as JSON with --json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time as clock
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from floor_model import (  # noqa: E402
    STATS_SETTLE_SECONDS,
    HopPrices,
    cpu_ms,
    db_statement_price,
    describe,
    http_call_price,
    kafka_prices,
    sign_in_check_ceiling,
    tally,
)
from kafka_access import KafkaAccess, apply_acls  # noqa: E402
from run_local import load_demo_clinic  # noqa: E402
from stack import BACK_END, LocalStack  # noqa: E402

from clinic_contracts.admin import ensure_topics  # noqa: E402
from clinic_contracts.kafka_acls import Acl, planned_acls, principal  # noqa: E402
from clinic_settings import demo_data as demo  # noqa: E402
from tests.conftest import recreate_database  # noqa: E402
from tests.gateway.gateway_api import request_body  # noqa: E402
from tests.infrastructure import free_port, start_kafka, start_postgres  # noqa: E402
from tests.kafka_tools import client_options  # noqa: E402
from tests.mail_sink import MailSink  # noqa: E402

DATABASE_PREFIX = "bench"
# This script, in the CPU figures: the clients that make the load and the SMTP server taking the mail.
LOAD_GENERATOR = "bench client"
IN_FLIGHT = 16
# How long the stack is watched doing nothing, for its idle CPU.
IDLE_SECONDS = 10
VISIT_TYPE = demo.TREATMENT  # requestable for every open demo case
SLOT_DAYS = 14
ROUND_TRIP_TOPIC = "bench.round-trip"
PY_SPY = shutil.which("py-spy", path=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}") or "py-spy"
# Still waiting for the calendar's answer; any other status is the answer (pending, refused) or later.
SUBMITTED = "submitted"
SCHEDULERS = {
    demo.DOWNTOWN: "scheduler.downtown@harborview.example",
    demo.PASADENA: "scheduler.pasadena@harborview.example",
}
ADMIN = "admin@harborview.example"
PORTAL_USER_OF = {patient: user["email"] for user in demo.PORTAL_USERS for patient in user["patient_ids"]}


@dataclass
class Figures:
    what: str
    in_flight: int
    count: int
    per_second: float
    p50_ms: float
    p99_ms: float
    client: str = "httpx"
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, what: str, in_flight: int, latencies_ms: list[float], seconds: float, **more) -> Figures:
        ordered = sorted(latencies_ms)

        def percentile(share: float) -> float:
            return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else math.nan

        rate = len(ordered) / seconds if seconds else math.nan
        return cls(what, in_flight, len(ordered), rate, percentile(0.5), percentile(0.99), **more)

    def as_json(self) -> dict:
        return {
            "what": self.what,
            "in_flight": self.in_flight,
            "client": self.client,
            "count": self.count,
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            **({"counts": self.counts} if self.counts else {}),
        }


async def timed(what: str, total: int, in_flight: int, one: Callable[[int], Awaitable[float | None]]) -> Figures:
    """`one(n)` does the n-th call and returns its latency in ms (None: not counted)."""
    gate = asyncio.Semaphore(in_flight)
    latencies: list[float] = []

    async def bounded(n: int) -> None:
        async with gate:
            latency = await one(n)
            if latency is not None:
                latencies.append(latency)

    began = clock.perf_counter()
    await asyncio.gather(*(bounded(n) for n in range(total)))
    return Figures.of(what, in_flight, latencies, clock.perf_counter() - began)


async def gets(what: str, http: httpx.AsyncClient, url: str, total: int, in_flight: int, **params) -> Figures:
    async def one(_: int) -> float:
        began = clock.perf_counter()
        response = await http.get(url, params=params or None)
        response.raise_for_status()
        return (clock.perf_counter() - began) * 1000

    await timed(what, min(total, 20), in_flight, one)  # warm-up: connections, caches
    return await timed(what, total, in_flight, one)


def wrk(what: str, url: str, connections: int, seconds: int, headers: dict[str, str]) -> Figures | None:
    """The same GET under wrk (C, one thread), so the load generator takes little of the CPU."""
    if shutil.which("wrk") is None:
        return None
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if (failures := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) and int(failures.group(1)):
        raise RuntimeError(f"wrk {url}: {failures.group(1)} failed answers")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    count = int(re.search(r"(\d+) requests in", output).group(1))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    quantile = {
        share: float(number) * scale[unit]
        for share, number, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    }
    if len(quantile) != 2:
        raise RuntimeError(f"wrk {url}: no latency distribution in\n{output}")
    return Figures(what, connections, count, rate, quantile["50"], quantile["99"], client="wrk")


# --- the floor -------------------------------------------------------------------------------


def start_bare_app(cleanup: ExitStack, log_dir: Path) -> tuple[str, int]:
    port = free_port()
    log = (log_dir / "bare_app.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "bare_app.py"), str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    log.close()
    cleanup.callback(_stop, process)
    url = f"http://127.0.0.1:{port}"
    deadline = clock.monotonic() + 30
    while clock.monotonic() < deadline:
        try:
            if httpx.get(url + "/ping").status_code == 200:
                return url, process.pid
        except httpx.TransportError:
            clock.sleep(0.1)
    raise TimeoutError("bench/bare_app.py did not answer")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def round_trip_acls() -> list[Acl]:
    """The round trip goes from one service's user to another's, as events do (availability
    publishes, requests consumes), on a topic of the benchmark's own."""
    return [
        Acl(principal("availability"), "Write", "topic", ROUND_TRIP_TOPIC),
        Acl(principal("requests"), "Read", "topic", ROUND_TRIP_TOPIC),
    ]


async def kafka_round_trip(kafka: KafkaAccess, group_prefix: str, total: int) -> Figures:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap, **client_options(kafka))
    await admin.start()
    try:
        await admin.create_topics([NewTopic(ROUND_TRIP_TOPIC, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka.bootstrap,
        **client_options(kafka, "availability"),
        acks="all",
        enable_idempotence=True,
    )
    consumer = AIOKafkaConsumer(
        ROUND_TRIP_TOPIC,
        bootstrap_servers=kafka.bootstrap,
        **client_options(kafka, "requests"),
        group_id=f"{group_prefix}requests.bench-round-trip",  # within the requests user's groups
        enable_auto_commit=False,
        auto_offset_reset="latest",
    )
    await producer.start()
    await consumer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.05)
        await consumer.seek_to_end()
        latencies = []
        for n in range(total + 20):
            began = clock.perf_counter()
            await producer.send_and_wait(ROUND_TRIP_TOPIC, str(n).encode())
            while (await consumer.getone()).value != str(n).encode():
                pass
            if n >= 20:  # the first ones warm up the connections
                latencies.append((clock.perf_counter() - began) * 1000)
        return Figures.of("Kafka produce→consume round trip", 1, latencies, sum(latencies) / 1000, client="aiokafka")
    finally:
        await consumer.stop()
        await producer.stop()


# --- the clinic ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One submission of the plan: its own time on its therapist's calendar."""

    email: str
    patient_id: uuid.UUID
    case_id: uuid.UUID
    location_id: uuid.UUID
    start: str


class Clinic:
    """The demo clinic through the gateway, as its users."""

    def __init__(self, gateway: str) -> None:
        self.gateway = gateway
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.signing_in = asyncio.Lock()  # one sign-in per user, however many calls wait for it

    async def sign_in(self, email: str) -> httpx.AsyncClient:
        async with self.signing_in:
            return await self._signed_in(email)

    async def _signed_in(self, email: str) -> httpx.AsyncClient:
        if email not in self.clients:
            client = httpx.AsyncClient(
                base_url=self.gateway, timeout=60, limits=httpx.Limits(max_connections=IN_FLIGHT)
            )
            answer = await client.post("/api/session", json={"email": email, "password": demo.DEMO_PASSWORD})
            answer.raise_for_status()
            client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
            self.clients[email] = client
        return self.clients[email]

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def open_to_requests(self) -> dict:
        """Requests on, and the per-case cap of waiting requests at its maximum; returns the policy."""
        admin = await self.sign_in(ADMIN)
        (await admin.put("/api/admin/clinic/appointment-requests", json={"enabled": True})).raise_for_status()
        policy = (await admin.get("/api/admin/clinic")).raise_for_status().json()["request_policy"]
        policy["max_pending_requests_per_case"] = 100
        (await admin.put("/api/admin/clinic/request-policy", json=policy)).raise_for_status()
        return policy

    async def open_case(
        self, patient_id: uuid.UUID, therapist_id: uuid.UUID, location_id: uuid.UUID, n: int
    ) -> uuid.UUID:
        admin = await self.sign_in(ADMIN)
        body = {
            "patient_id": str(patient_id),
            "title": f"Benchmark case {n}",
            "primary_therapist_id": str(therapist_id),
            "location_id": str(location_id),
            "allow_appointment_requests": True,
            "requestable_visit_type_ids": [str(VISIT_TYPE)],
        }
        answer = await admin.post("/api/admin/patient-cases", json=body)
        answer.raise_for_status()
        return uuid.UUID(answer.json()["case_id"])

    async def slots(self, patient_id: uuid.UUID, case_id: uuid.UUID, days: int, timeout: float = 60) -> list[dict]:
        """The case's requestable times, once the calendar knows the case (its copy of the settings lags)."""
        portal = await self.sign_in(PORTAL_USER_OF[patient_id])
        params = slot_query(days)
        deadline = clock.monotonic() + timeout
        while (answer := await portal.get(f"/api/portal/cases/{case_id}/slots", params=params)).status_code != 200:
            if clock.monotonic() > deadline:
                raise RuntimeError(f"slots of case {case_id}: {answer.status_code} {answer.text}")
            await asyncio.sleep(0.3)
        return answer.json()["slots"]


def slot_query(days: int) -> dict[str, str]:
    today = date.today()
    return {"visit_type_id": str(VISIT_TYPE), "date_from": str(today), "date_to": str(today + timedelta(days=days))}


async def plan_submissions(clinic: Clinic, total: int, policy: dict) -> list[Planned]:
    """`total` submissions, each at a time of its own: per therapist and location, slots that do not
    overlap, taken in turn from each; on the demo's open cases of portal patients, and on cases the
    admin opens for them until no case has more than `cap`."""
    patients = list(PORTAL_USER_OF)
    horizon_days, notice_hours = policy["booking_horizon_days"], policy["minimum_notice_hours"]
    cap = policy["max_pending_requests_per_case"]
    cases: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[uuid.UUID, uuid.UUID]]] = defaultdict(list)
    for case in demo.CASES:
        if case["allow_appointment_requests"] and not case["discharged"] and case["patient_id"] in PORTAL_USER_OF:
            cases[case["primary_therapist_id"], case["location_id"]].append((case["patient_id"], case["case_id"]))
    pairs = [
        (therapist["therapist_id"], location) for therapist in demo.THERAPISTS for location in therapist["location_ids"]
    ]
    opened = 0

    async def open_case(pair: tuple[uuid.UUID, uuid.UUID]) -> None:
        nonlocal opened
        patient_id = patients[opened % len(patients)]
        cases[pair].append((patient_id, await clinic.open_case(patient_id, *pair, opened)))
        opened += 1

    for pair in pairs:
        if not cases[pair]:
            await open_case(pair)
    # Not the first hours: by the time a submission is made, they may be inside the minimum notice.
    earliest = datetime.now(UTC) + timedelta(hours=notice_hours + 2)
    free = []
    for pair in pairs:
        patient_id, case_id = cases[pair][0]
        free.append(
            [start for start in apart(await clinic.slots(patient_id, case_id, horizon_days - 1)) if start >= earliest]
        )
    turns = [
        (pairs[k], starts[row])
        for row in range(max(map(len, free)))
        for k, starts in enumerate(free)
        if row < len(starts)
    ]
    if len(turns) < total:
        raise RuntimeError(f"only {len(turns)} times that do not overlap within {horizon_days} days, not {total}")
    turns = turns[:total]
    per_pair = defaultdict(list)
    for pair, start in turns:
        per_pair[pair].append(start)
    for pair, starts in per_pair.items():
        while len(cases[pair]) * cap < len(starts):
            await open_case(pair)
    for pair in per_pair:  # until the calendar knows every case
        for patient_id, case_id in cases[pair]:
            await clinic.slots(patient_id, case_id, 0)
    taken = defaultdict(int)
    plan = []
    for pair, start in turns:
        patient_id, case_id = cases[pair][taken[pair] % len(cases[pair])]
        taken[pair] += 1
        plan.append(Planned(PORTAL_USER_OF[patient_id], patient_id, case_id, pair[1], start.isoformat()))
    return plan


def apart(slots: list[dict]) -> list[datetime]:
    """The starts of slots that do not overlap, earliest first."""
    starts, free_from = [], None
    for slot in sorted(slots, key=lambda slot: slot["start"]):
        start, end = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
        if free_from is None or start >= free_from:
            starts.append(start)
            free_from = end
    return starts


# --- submissions and approvals ---------------------------------------------------------------


@dataclass
class Outcomes:
    answers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    accepted: dict[str, Planned] = field(default_factory=dict)  # request id -> what was asked
    status: dict[str, str] = field(default_factory=dict)  # request id -> its status when timed


async def submit(clinic: Clinic, planned: Planned, outcomes: Outcomes, poll_seconds: float = 0.02) -> float | None:
    """One submission, timed until it is `pending` or final (polling the `Location` after a 202)."""
    portal = await clinic.sign_in(planned.email)
    body = request_body(planned.patient_id, planned.case_id, VISIT_TYPE, planned.start, location_id=planned.location_id)
    began = clock.perf_counter()
    answer = await portal.post("/api/portal/requests", json=body)
    outcomes.answers[str(answer.status_code)] += 1
    if answer.status_code not in (201, 202):
        return None
    request = answer.json()
    outcomes.accepted[request["request_id"]] = planned
    deadline = clock.monotonic() + 60
    while request["status"] == SUBMITTED and clock.monotonic() < deadline:
        await asyncio.sleep(poll_seconds)
        request = (await portal.get(answer.headers["location"])).raise_for_status().json()
    outcomes.statuses[request["status"]] += 1
    outcomes.status[request["request_id"]] = request["status"]
    return (clock.perf_counter() - began) * 1000 if request["status"] != SUBMITTED else None


async def submissions(what: str, clinic: Clinic, plan: list[Planned], in_flight: int) -> tuple[Figures, Outcomes]:
    outcomes = Outcomes()
    figures = await timed(what, len(plan), in_flight, lambda n: submit(clinic, plan[n], outcomes))
    figures.counts = {**{f"answered {code}": count for code, count in sorted(outcomes.answers.items())},
                      **dict(sorted(outcomes.statuses.items()))}  # fmt: skip
    return figures, outcomes


async def lost(clinic: Clinic, outcomes: Outcomes, grace_seconds: float = 30) -> dict[str, int]:
    """Each accepted request as its portal user lists it: how many are still `submitted` (or
    missing) after a grace period: lost on the way through the services."""
    deadline = clock.monotonic() + grace_seconds
    while True:
        status: dict[str, str] = {}
        for email in {planned.email for planned in outcomes.accepted.values()}:
            portal = await clinic.sign_in(email)
            offset = 0
            while True:
                page = (await portal.get("/api/portal/requests", params={"limit": 200, "offset": offset})).json()
                status |= {item["request_id"]: item["status"] for item in page["items"]}
                offset += len(page["items"])
                if not page["items"] or offset >= page["total"]:
                    break
        stuck = [request_id for request_id in outcomes.accepted if status.get(request_id, SUBMITTED) == SUBMITTED]
        if not stuck or clock.monotonic() > deadline:
            final = defaultdict(int)
            for request_id in outcomes.accepted:
                final[status.get(request_id, "missing")] += 1
            return {"accepted": len(outcomes.accepted), "lost": len(stuck), **dict(sorted(final.items()))}
        await asyncio.sleep(1)


async def approvals(clinic: Clinic, pending: list[tuple[str, Planned]], in_flight: int) -> Figures:
    statuses: dict[str, int] = defaultdict(int)

    async def approve(n: int) -> float | None:
        request_id, planned = pending[n]
        scheduler = await clinic.sign_in(SCHEDULERS[planned.location_id])
        began = clock.perf_counter()
        answer = await scheduler.post(f"/api/scheduler/requests/{request_id}/approve")
        if answer.status_code != 200:
            statuses[f"answered {answer.status_code}"] += 1
            return None
        request, deadline = answer.json(), clock.monotonic() + 60
        while request["status"] == "approving" and clock.monotonic() < deadline:
            await asyncio.sleep(0.02)
            request = (await scheduler.get(f"/api/scheduler/requests/{request_id}")).raise_for_status().json()
        statuses[request["status"]] += 1
        return (clock.perf_counter() - began) * 1000 if request["status"] == "approved" else None

    figures = await timed("approve → approved", len(pending), in_flight, approve)
    figures.counts = dict(sorted(statuses.items()))
    return figures


# --- CPU per process -------------------------------------------------------------------------


def listening_pid(port: int) -> int | None:
    """The process with a socket listening on `port` (the broker's JVM), from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state, inode = line.split()[1], line.split()[3], line.split()[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{inode}]")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") in inodes for fd in os.listdir(f"/proc/{pid}/fd")):
                return int(pid)
        except (FileNotFoundError, PermissionError):
            continue
    return None


def postgres_backends(databases: list[str]) -> list[int]:
    """PostgreSQL's processes serving the benchmark's databases (their titles name the database)."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except (FileNotFoundError, PermissionError):
            continue
        if title.startswith("postgres:") and any(f" {database} " in title for database in databases):
            pids.append(int(pid))
    return pids


class CpuMeter:
    def __init__(self, stack: LocalStack, kafka_pid: int | None, databases: list[str]) -> None:
        self.processes = {name: [service.process.pid] for name, service in stack.services.items()}
        if kafka_pid is not None:
            self.processes["kafka"] = [kafka_pid]
        self.processes[LOAD_GENERATOR] = [os.getpid()]
        self.databases = databases

    def read(self) -> dict[str, dict[int, float]]:
        processes = {**self.processes, "postgres": postgres_backends(self.databases)}
        return {name: {pid: cpu_ms(pid) for pid in pids} for name, pids in processes.items()}

    @staticmethod
    def per_item(before: dict, after: dict, items: int) -> dict[str, float]:
        spent = {
            name: sum(ms - before.get(name, {}).get(pid, 0.0) for pid, ms in pids.items())
            for name, pids in after.items()
        }
        return {name: round(ms / items, 1) for name, ms in spent.items()}


async def idle_cpu(meter: CpuMeter, seconds: float) -> dict[str, float]:
    """CPU ms each process spends per second with nothing asked of it: its pollers, heartbeats and
    timers. At N items a second, this much of each item's CPU is the clock's, not the item's."""
    await asyncio.sleep(1)  # the serial phase's last answers settle
    before = meter.read()
    await asyncio.sleep(seconds)
    return CpuMeter.per_item(before, meter.read(), seconds)


# --- profiles ----------------------------------------------------------------------------------


def start_profiles(names: list[str], stack: LocalStack, out_dir: Path) -> list[tuple[str, subprocess.Popen, Path]]:
    """py-spy sampling each named service (it needs ptrace) during the concurrent phase
    `--profile-during` names (submissions, approvals, GET /api/me or the idle seconds)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profiles = []
    for name in names:
        path = out_dir / f"profile-{name}.txt"
        pid = str(stack.services[name].process.pid)
        command = [PY_SPY, "record", "-p", pid, "-o", str(path), "--format", "raw", "--rate", "100", "--nonblocking"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        profiles.append((name, process, path))
    if profiles:
        clock.sleep(1)  # py-spy attaches
    return profiles


def stop_profiles(profiles: list[tuple[str, subprocess.Popen, Path]], top: int = 25) -> None:
    """Stops the samplers and prints where each service spent its time: its functions by the share
    of samples they were on the stack for (project code only), then the hottest frames of all."""
    for name, process, path in profiles:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
        if not path.exists():
            print(f"py-spy on {name} wrote nothing: {errors.decode()[-500:]}")
            continue
        inclusive: dict[str, int] = defaultdict(int)
        own: dict[str, int] = defaultdict(int)
        samples = 0
        for line in path.read_text().splitlines():
            stack_text, _, count_text = line.rpartition(" ")
            count = int(count_text)
            frames = [re.sub(r":\d+\)$", ")", frame) for frame in stack_text.split(";")]
            samples += count
            own[frames[-1]] += count
            for frame in set(frames):
                inclusive[frame] += count
        print(f"\npy-spy, {name}: {samples} samples at 100/s ({path})")
        ours = [(frame, count) for frame, count in inclusive.items() if re.search(r"\((clinic_\w+|servicekit)/", frame)]
        for frame, count in sorted(ours, key=lambda item: -item[1])[:top]:
            print(f"  {count / samples:6.1%} on the stack  {frame}")
        for frame, count in sorted(own.items(), key=lambda item: -item[1])[:10]:
            print(f"  {count / samples:6.1%} itself        {frame}")


# --- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FloorProbe:
    """Where the bare hops are priced (bench/floor_model.py): the bare app and one bench database."""

    bare_url: str
    bare_pid: int
    database_url: str


async def hop_prices(floor: FloorProbe, kafka: KafkaAccess, groups: str) -> HopPrices:
    broker_pid = listening_pid(int(kafka.bootstrap.rsplit(":", 1)[1]))
    message, delivery = await kafka_prices(
        kafka.bootstrap, client_options(kafka, "availability"), client_options(kafka, "requests"), broker_pid,
        ROUND_TRIP_TOPIC, [f"{groups}requests.bench-hop-price-{n}" for n in (1, 2)],
    )  # fmt: skip
    return HopPrices(
        http_call=await http_call_price(floor.bare_url, floor.bare_pid),
        kafka_message=message,
        kafka_delivery=delivery,
        db_statement=await db_statement_price(floor.database_url),
    )


def hop_tally(stack: LocalStack, kafka: KafkaAccess, groups: str, floor: FloorProbe, databases: list[str]):
    urls = {name: stack.url(name) for name in stack.services}
    return tally(
        urls, stack.metrics_token, kafka.bootstrap, client_options(kafka), groups, floor.database_url, databases
    )


async def measure(
    args, stack: LocalStack, kafka: KafkaAccess, groups: str, floor: FloorProbe, databases: list[str]
) -> dict:
    results: dict = {"figures": []}
    figures: list[Figures] = results["figures"]
    clinic = Clinic(stack.url("gateway"))
    try:
        policy = await clinic.open_to_requests()
        plan = await plan_submissions(clinic, args.serial + args.submissions, policy)
        caregiver = await clinic.sign_in(PORTAL_USER_OF[demo.demo_id("patient/Lily Chen")])
        lily_case = demo.demo_id("case/Lily Chen/Toe walking")
        for email in {planned.email for planned in plan} | set(SCHEDULERS.values()):
            await clinic.sign_in(email)  # before anything is timed
        print(f"plan: {len(plan)} submissions over {len({p.case_id for p in plan})} cases", flush=True)

        bare_url = floor.bare_url
        async with httpx.AsyncClient(base_url=bare_url, limits=httpx.Limits(max_connections=IN_FLIGHT)) as bare:
            figures.append(await gets("floor: bare FastAPI GET", bare, "/ping", args.gets * 2, 1))
            figures.append(await gets("floor: bare FastAPI GET", bare, "/ping", args.gets * 4, IN_FLIGHT))
        figures.append(await kafka_round_trip(kafka, groups, 200))
        prices = await hop_prices(floor, kafka, groups)
        profiles = start_profiles((args.profile or []) if args.profile_during == "me" else [], stack, args.profile_dir)
        figures.append(await gets("GET /api/me", caregiver, "/api/me", args.gets, IN_FLIGHT))
        stop_profiles(profiles)
        slots_path = f"/api/portal/cases/{lily_case}/slots"
        query = slot_query(SLOT_DAYS)
        profiles = start_profiles(
            (args.profile or []) if args.profile_during == "slots" else [], stack, args.profile_dir
        )
        figures.append(await gets("portal slots, 14 days, gateway", caregiver, slots_path, args.gets // 8, 1, **query))
        stop_profiles(profiles)
        figures.append(
            await gets("portal slots, 14 days, gateway", caregiver, slots_path, args.gets // 4, IN_FLIGHT, **query)
        )
        direct = {"case_id": str(lily_case), "location_id": str(demo.DOWNTOWN), **query}
        async with httpx.AsyncClient(
            base_url=stack.url("availability"), auth=stack.operator_auth("availability"), timeout=60,
            limits=httpx.Limits(max_connections=IN_FLIGHT),
        ) as availability:  # fmt: skip
            figures.append(
                await gets("slots, 14 days, availability directly", availability, "/slots", args.gets // 8, 1, **direct)
            )
            figures.append(
                await gets(
                    "slots, 14 days, availability directly", availability, "/slots", args.gets // 4, IN_FLIGHT, **direct
                )
            )
        bearer = {"Authorization": caregiver.headers["Authorization"]}
        for extra in (
            wrk("floor: bare FastAPI GET", f"{bare_url}/ping", 1, args.wrk_seconds, {}),
            wrk("floor: bare FastAPI GET", f"{bare_url}/ping", IN_FLIGHT, args.wrk_seconds, {}),
            wrk("GET /api/me", f"{stack.url('gateway')}/api/me", IN_FLIGHT, args.wrk_seconds, bearer),
            wrk("portal slots, 14 days, gateway", f"{stack.url('gateway')}{slots_path}?{httpx.QueryParams(query)}",
                IN_FLIGHT, args.wrk_seconds, bearer),
        ):  # fmt: skip
            if extra is not None:
                figures.append(extra)

        serial, serial_outcomes = await submissions("submit → pending", clinic, plan[: args.serial], 1)
        figures.append(serial)
        meter = CpuMeter(stack, listening_pid(int(kafka.bootstrap.rsplit(":", 1)[1])), databases)
        profiles = start_profiles(
            (args.profile or []) if args.profile_during == "idle" else [], stack, args.profile_dir
        )
        results["idle_cpu_ms_per_second"] = await idle_cpu(meter, IDLE_SECONDS)
        stop_profiles(profiles)
        profiling = (args.profile or []) if args.profile_during == "submissions" else []
        profiles = start_profiles(profiling, stack, args.profile_dir)
        hops_before = await hop_tally(stack, kafka, groups, floor, databases)
        before = meter.read()
        concurrent, outcomes = await submissions("submit → pending", clinic, plan[args.serial :], IN_FLIGHT)
        results["cpu_ms_per_submission"] = CpuMeter.per_item(before, meter.read(), args.submissions)
        stop_profiles(profiles)
        await asyncio.sleep(STATS_SETTLE_SECONDS)  # every answer in, every count told
        hops_after = await hop_tally(stack, kafka, groups, floor, databases)
        hops = hops_after.per_item(hops_before, args.submissions)
        results["floor_lines"] = [
            f"HTTP calls answered per submission: {hops_after.http_calls_per_item(hops_before, args.submissions)}",
            f"transactions per submission: {hops_after.db_transactions_per_item(hops_before, args.submissions)}",
        ]
        results["floor_model"] = {"prices": asdict(prices), "hops_per_submission": asdict(hops),
                                  "floor_cpu_ms_per_submission": hops.priced(prices)}  # fmt: skip
        results["floor_lines"] += describe(hops, prices, sum(results["cpu_ms_per_submission"].values()))
        if bare := next(
            (f for f in figures if f.what.startswith("floor") and f.client == "wrk" and f.in_flight == IN_FLIGHT), None
        ):
            results["floor_lines"] += sign_in_check_ceiling(prices, bare.per_second, os.cpu_count() or 1)
        figures.append(concurrent)
        results["delivery"] = await lost(clinic, outcomes)
        pending = [
            (id_, planned) for id_, planned in outcomes.accepted.items() if outcomes.status.get(id_) == "pending"
        ][: args.approvals]
        profiling = (args.profile or []) if args.profile_during == "approvals" else []
        profiles = start_profiles(profiling, stack, args.profile_dir)
        before = meter.read()
        figures.append(await approvals(clinic, pending, IN_FLIGHT))
        results["cpu_ms_per_approval"] = CpuMeter.per_item(before, meter.read(), max(len(pending), 1))
        stop_profiles(profiles)
        results["serial_statuses"] = dict(serial_outcomes.statuses)
    finally:
        await clinic.close()
    return results


def ratio_to_floor(item: Figures, floors: dict[tuple[str, int], Figures]) -> str:
    """Throughput and median against the floor measured the same way (same client, same load); a
    submission's or approval's median against the Kafka round trip, the least a hop through the
    broker costs (each goes through the broker at least twice: to availability and back)."""
    if item.what.startswith("floor") or item.client == "aiokafka":
        return ""
    if item.what.startswith(("submit", "approve")):
        kafka = floors.get(("aiokafka", 1))
        return f"p50 {item.p50_ms / kafka.p50_ms:,.0f}× the Kafka round trip" if kafka else ""
    floor = floors.get((item.client, item.in_flight))
    if floor is None:
        return ""
    return f"{item.per_second / floor.per_second:.3f}× the floor's req/s, p50 {item.p50_ms / floor.p50_ms:,.0f}×"


def system_only(cpu: dict[str, float]) -> float:
    """The system's processes alone: not this script, whose CPU is the load generator's (its HTTP
    clients) and the SMTP server's that stands in for a clinic's mail relay."""
    return sum(ms for name, ms in cpu.items() if name != LOAD_GENERATOR)


def print_table(results: dict, figures: list[Figures]) -> None:
    floors = {(item.client, item.in_flight): item for item in figures if item.what.startswith("floor")}
    floors |= {(item.client, 1): item for item in figures if item.client == "aiokafka"}
    rows = [("what", "in flight", "client", "n", "per s", "p50 ms", "p99 ms", "vs floor")]
    for item in figures:
        rows.append((
            item.what, str(item.in_flight), item.client, str(item.count),
            f"{item.per_second:,.1f}", f"{item.p50_ms:,.2f}", f"{item.p99_ms:,.2f}", ratio_to_floor(item, floors),
        ))  # fmt: skip
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)))
        if index == 0:
            print("-+-".join("-" * width for width in widths))
    httpx_floor = {item.in_flight: item for item in figures if item.what.startswith("floor") and item.client == "httpx"}
    if 1 in httpx_floor and IN_FLIGHT in httpx_floor and httpx_floor[IN_FLIGHT].per_second < httpx_floor[1].per_second:
        print(f"(httpx's floor at {IN_FLIGHT} in flight is below its own at 1: the client is the bottleneck there;"
              " read the GETs' ratios at 16 in flight from the wrk rows)")  # fmt: skip
    for item in figures:
        if item.counts:
            print(f"{item.what}, {item.in_flight} in flight: {item.counts}")
    print(f"delivery of the concurrent submissions: {results['delivery']}")
    cpu = results["cpu_ms_per_submission"]
    listed = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(cpu.items(), key=lambda kv: -kv[1]))
    print(f"CPU ms per concurrent submission: {sum(cpu.values()):.1f} in all ({listed});"
          f" {system_only(cpu):.1f} without the load generator")  # fmt: skip
    idle = results.get("idle_cpu_ms_per_second", {})
    listed = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(idle.items(), key=lambda kv: -kv[1]) if ms >= 0.1)
    print(f"idle CPU ms per second, before the concurrent submissions: {sum(idle.values()):.1f} in all ({listed})")
    cpu = results.get("cpu_ms_per_approval", {})
    listed = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(cpu.items(), key=lambda kv: -kv[1]))
    print(f"CPU ms per concurrent approval: {sum(cpu.values()):.1f} in all ({listed});"
          f" {system_only(cpu):.1f} without the load generator")  # fmt: skip
    for line in results.get("floor_lines", []):
        print(line)


def _interrupt(number: int, frame) -> None:
    raise KeyboardInterrupt(signal.Signals(number).name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=1000, help="submissions at 16 in flight")
    parser.add_argument("--serial", type=int, default=50, help="submissions one at a time")
    parser.add_argument("--approvals", type=int, default=300, help="approvals at 16 in flight")
    parser.add_argument("--gets", type=int, default=800, help="GET /api/me calls; the floor makes more, slots fewer")
    parser.add_argument("--wrk-seconds", type=int, default=5, help="each wrk run, when wrk is installed")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--profile",
        type=lambda text: [name for name in text.split(",") if name],
        help="services to sample with py-spy during the concurrent submissions, e.g. requests,settings"
        " (the sampler takes CPU too: read the other figures of such a run with care)",
    )
    parser.add_argument(
        "--profile-during",
        choices=("submissions", "approvals", "me", "slots", "idle"),
        default="submissions",
        help="which phase --profile samples: the concurrent submissions or approvals, GET /api/me at 16 in"
        " flight, the portal's slots through the gateway at 1 in flight, or the idle measurement",
    )
    parser.add_argument("--profile-dir", type=Path, default=Path.cwd(), help="where py-spy's raw samples go")
    args = parser.parse_args()
    args.approvals = min(args.approvals, args.submissions)

    # Ctrl-C and SIGTERM alike stop everything this run started (the services run in sessions of
    # their own). Raised where the main thread is, not asyncio.run's gentler cancelling of the main
    # task, which a library on the way (aiokafka, httpx) may absorb: the run then carried on.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _interrupt)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    started = clock.monotonic()
    with ExitStack() as cleanup:
        kafka = start_kafka(cleanup)
        groups = f"bench-{uuid.uuid4().hex[:8]}."
        asyncio.run(ensure_topics(kafka.bootstrap, client_options=client_options(kafka)))
        apply_acls(kafka, planned_acls(groups) + round_trip_acls())
        server = start_postgres(cleanup)
        databases = {name: f"{DATABASE_PREFIX}_{name}" for name in BACK_END}
        # The emails the run makes go to a real SMTP server, as in production (in this process:
        # its CPU counts as the load generator's).
        mail = MailSink(free_port())
        mail.start()
        cleanup.callback(mail.stop)
        urls = {name: asyncio.run(recreate_database(server, database)) for name, database in databases.items()}
        stack = LocalStack(
            kafka=kafka,
            database_urls=urls,
            log_dir=log_dir,
            ports={name: free_port() for name in ("gateway", *BACK_END)},
            extra_env={  # otherwise as run.sh
                "CONSUMER_GROUP_PREFIX": groups,
                "DEV_MODE": "true",
                "SMTP_HOST": mail.host,
                "SMTP_PORT": str(mail.port),
            },
        )
        cleanup.callback(stack.stop)
        stack.start(timeout=90)
        load_demo_clinic(stack)
        bare_url, bare_pid = start_bare_app(cleanup, log_dir)
        print(f"stack up in {clock.monotonic() - started:.0f} s; logs in {log_dir}", flush=True)
        floor = FloorProbe(bare_url, bare_pid, urls["requests"])
        results = asyncio.run(measure(args, stack, kafka, groups, floor, list(databases.values())))
    figures = results.pop("figures")
    print(f"\n{os.cpu_count()} CPUs; {args.serial} serial and {args.submissions} concurrent submissions; "
          f"{clock.monotonic() - started:.0f} s in all\n")  # fmt: skip
    print_table(results, figures)
    if args.json:
        args.json.write_text(json.dumps({**results, "figures": [item.as_json() for item in figures]}, indent=2) + "\n")
    shutil.rmtree(log_dir, ignore_errors=True)
    print(f"databases left for inspection: {', '.join(databases.values())}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt as interrupted:
        sys.exit(f"stopped by {interrupted}; everything the run started is stopped")
