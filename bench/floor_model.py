"""The least a submission can cost in this shape: the hops it made, counted in the run, each at the
price of the same hop made bare on the same stack, in the same run. Used by bench_pipeline.py.

A hop's price is the CPU of every process it takes (the client's, the server's or broker's, the
database's backend), measured on a hop that does nothing else:
- an HTTP call: httpx to a bare FastAPI endpoint on the services' uvicorn (bench/bare_app.py);
- a Kafka message: produced by aiokafka (acks=all, idempotent, as the relays do) 16 at a time (as
  the 16 submissions in flight are) and consumed by one group; each further group that reads it
  costs one more delivery (measured as the same rounds with a second group reading too);
- a database statement: one prebuilt SELECT on a SQLAlchemy async connection in autocommit, the
  cheapest way our stack has to ask PostgreSQL anything.

The counts come from the stack itself over the concurrent submissions: the services' own HTTP
call counters (`clinic_http_request_duration_seconds_count`, gateway included), the topics' end
offsets (messages) and the consumer groups' committed offsets (deliveries), and PostgreSQL's
transactions on the bench databases (`pg_stat_database`). A transaction is counted once however
many statements it holds, and priced as one autocommit statement: so the figure is a floor, below
what the same hops could cost, never above it.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import time as clock
from dataclasses import asdict, dataclass

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition
from sqlalchemy import text
from sqlalchemy.engine import make_url

from servicekit.db import create_engine

# PostgreSQL keeps a backend's counts to itself for up to 10 s while it is idle
# (PGSTAT_IDLE_INTERVAL): read pg_stat_database only after that long.
STATS_SETTLE_SECONDS = 11
HTTP_COUNT = re.compile(r"^clinic_http_request_duration_seconds_count\{.*\} ([\d.e+]+)$", re.MULTILINE)


def cpu_ms(pid: int) -> float:
    """utime + stime of a process, in ms (0 if it is gone)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def cpu_of(pids: list[int]) -> float:
    return sum(cpu_ms(pid) for pid in pids)


@dataclass(frozen=True)
class HopPrices:
    """CPU ms of the whole machine for one bare hop of each kind."""

    http_call: float
    kafka_message: float
    kafka_delivery: float
    db_statement: float


@dataclass(frozen=True)
class HopCounts:
    """Hops per item (one submission), counted in the stack."""

    http_calls: float
    kafka_messages: float
    kafka_deliveries: float
    db_transactions: float

    def priced(self, prices: HopPrices) -> dict[str, float]:
        return {
            "http calls": self.http_calls * prices.http_call,
            "kafka messages": self.kafka_messages * prices.kafka_message,
            "kafka deliveries": self.kafka_deliveries * prices.kafka_delivery,
            "db transactions": self.db_transactions * prices.db_statement,
        }


# --- prices ----------------------------------------------------------------------------------


async def http_call_price(bare_url: str, bare_pid: int, calls: int = 1000) -> float:
    """httpx (this process) calling the bare endpoint one at a time: both processes' CPU per call."""
    async with httpx.AsyncClient(base_url=bare_url) as client:
        for _ in range(50):  # the connection, the first calls' imports and caches
            (await client.get("/ping")).raise_for_status()
        before = cpu_of([os.getpid(), bare_pid])
        for _ in range(calls):
            (await client.get("/ping")).raise_for_status()
        return (cpu_of([os.getpid(), bare_pid]) - before) / calls


async def kafka_prices(
    bootstrap: str, producer_options: dict, consumer_options: dict, broker_pid: int, topic: str, groups: list[str],
    in_flight: int = 16, rounds: int = 100, repeats: int = 3,
) -> tuple[float, float]:  # fmt: skip
    """(message, delivery) on `topic` (made already): `in_flight` messages produced at once and
    consumed by one group, round after round, then again with a second group reading each too; the
    difference is one more group's delivery. At once, as the relays publish a batch and the
    consumers fetch what came while they handled the last: one at a time costs several times more
    per message, and the concurrent submissions are not one at a time."""
    run = (bootstrap, producer_options, consumer_options, broker_pid, topic)
    ones, twos = [], []
    for _ in range(repeats):  # in turn, so that a slower moment of the machine weighs on both
        ones.append(await _produced_and_consumed(*run, groups[:1], in_flight, rounds))
        twos.append(await _produced_and_consumed(*run, groups[:2], in_flight, rounds))
    one, two = statistics.median(ones), statistics.median(twos)
    delivery = max(two - one, 0.0)
    return one - delivery, delivery


async def _produced_and_consumed(
    bootstrap: str, producer_options: dict, consumer_options: dict, broker_pid: int, topic: str,
    groups: list[str], in_flight: int, rounds: int,
) -> float:  # fmt: skip
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **producer_options, acks="all", enable_idempotence=True)
    consumers = [
        AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            **consumer_options,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="latest",
        )  # fmt: skip
        for group in groups
    ]
    await producer.start()
    for consumer in consumers:
        await consumer.start()
    try:
        for consumer in consumers:
            while not consumer.assignment():
                await asyncio.sleep(0.05)
            await consumer.seek_to_end()

        async def one_round(n: int) -> None:
            values = {f"{clock.time_ns()}-{n}-{k}".encode() for k in range(in_flight)}
            await asyncio.gather(*(producer.send_and_wait(topic, value) for value in values))
            for consumer in consumers:
                waiting = set(values)
                while waiting:
                    waiting.discard((await consumer.getone()).value)

        for n in range(5):
            await one_round(n)
        before = cpu_of([os.getpid(), broker_pid])
        for n in range(rounds):
            await one_round(n)
        return (cpu_of([os.getpid(), broker_pid]) - before) / (rounds * in_flight)
    finally:
        for consumer in consumers:
            await consumer.stop()
        await producer.stop()


async def db_statement_price(database_url: str, statements: int = 2000) -> float:
    """A prebuilt SELECT on a SQLAlchemy async connection in autocommit: this process's CPU and
    the database backend's, per statement."""
    engine = create_engine(database_url)
    statement = text("SELECT 1")
    try:
        async with engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            backend = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            for _ in range(100):
                await connection.execute(statement)
            before = cpu_of([os.getpid(), backend])
            for _ in range(statements):
                await connection.execute(statement)
            return (cpu_of([os.getpid(), backend]) - before) / statements
    finally:
        await engine.dispose()


# --- counts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HopTally:
    """Running totals read from the stack at one moment."""

    http_calls: dict[str, float]  # by the service that answered them
    kafka_messages: int
    kafka_deliveries: int
    db_transactions: dict[str, int]  # by database

    def http_calls_per_item(self, before: HopTally, items: int) -> dict[str, float]:
        return _per_item(self.http_calls, before.http_calls, items)

    def db_transactions_per_item(self, before: HopTally, items: int) -> dict[str, float]:
        return _per_item(self.db_transactions, before.db_transactions, items)

    def per_item(self, before: HopTally, items: int) -> HopCounts:
        return HopCounts(
            sum(self.http_calls_per_item(before, items).values()),
            (self.kafka_messages - before.kafka_messages) / items,
            (self.kafka_deliveries - before.kafka_deliveries) / items,
            sum(self.db_transactions_per_item(before, items).values()),
        )


def _per_item(after: dict[str, float], before: dict[str, float], items: int) -> dict[str, float]:
    return {name: round((count - before.get(name, 0)) / items, 2) for name, count in after.items()}


async def tally(
    service_urls: dict[str, str], metrics_token: str, bootstrap: str, admin_options: dict, group_prefix: str,
    database_url: str, databases: list[str],
) -> HopTally:  # fmt: skip
    return HopTally(
        await _http_calls(service_urls, metrics_token),
        *await _kafka_totals(bootstrap, admin_options, group_prefix),
        await _transactions(database_url, databases),
    )


async def _http_calls(service_urls: dict[str, str], metrics_token: str) -> dict[str, float]:
    """Calls answered by every service, from its own counters (the scrapes themselves are counted
    after they are answered, so a scrape does not count itself; it counts the one before)."""
    calls = {}
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {metrics_token}"}) as client:
        for name, url in service_urls.items():
            exposition = (await client.get(f"{url}/metrics")).raise_for_status().text
            calls[name] = sum(float(count) for count in HTTP_COUNT.findall(exposition))
    return calls


async def _kafka_totals(bootstrap: str, admin_options: dict, group_prefix: str) -> tuple[int, int]:
    """(messages on every topic, offsets committed by the run's consumer groups)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **admin_options, enable_auto_commit=False)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **admin_options)
    await consumer.start()
    await admin.start()
    try:
        partitions = [
            TopicPartition(topic["topic"], partition["partition"])
            for topic in await admin.describe_topics()
            if not topic["topic"].startswith("__")
            for partition in topic["partitions"]
        ]
        messages = sum((await consumer.end_offsets(partitions)).values())
        deliveries = 0
        for group, *_ in await admin.list_consumer_groups():
            if group.startswith(group_prefix):
                offsets = await admin.list_consumer_group_offsets(group)
                deliveries += sum(max(offset.offset, 0) for offset in offsets.values())
        return messages, deliveries
    finally:
        await admin.close()
        await consumer.stop()


async def _transactions(database_url: str, databases: list[str]) -> dict[str, int]:
    url = make_url(database_url)
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )
    try:
        rows = await connection.fetch(
            "SELECT datname, xact_commit + xact_rollback AS done FROM pg_stat_database WHERE datname = ANY($1)",
            databases,
        )
        return {row["datname"]: row["done"] for row in rows}
    finally:
        await connection.close()


def describe(counts: HopCounts, prices: HopPrices, actual_ms: float, bar_ms: float = 10.0) -> list[str]:
    priced = counts.priced(prices)
    floor = sum(priced.values())
    return [
        "bare hop prices, CPU ms of the whole machine each: "
        + ", ".join(f"{name} {value:.3f}" for name, value in asdict(prices).items()),
        "hops per concurrent submission: " + ", ".join(f"{name} {value:.1f}" for name, value in asdict(counts).items()),
        f"floor of this shape, CPU ms per submission: {floor:.1f} ("
        + ", ".join(f"{name} {value:.1f}" for name, value in priced.items())
        + f"); measured {actual_ms:.1f}, {actual_ms / floor:.1f}× the floor; issue #13's bar: {bar_ms:.0f}",
    ]


def sign_in_check_ceiling(prices: HopPrices, bare_server_per_second: float, cores: int) -> list[str]:
    """`GET /api/me` at bare prices: the gateway serves the call and makes one to settings, which
    serves it and asks the database once. A server's share of a bare call is one core over the bare
    endpoint's rate under wrk (it keeps that one process busy); the client's is the rest of the
    HTTP call's price. Against issue #13's bar, a quarter of that bare rate."""
    server = 1000 / bare_server_per_second
    # The gateway serving the call; its call to settings (its client's share and settings serving
    # it: the HTTP price); settings' one query.
    one_call = server + prices.http_call + prices.db_statement
    # In the gateway's process: serving (a bare server's share) and its client's share of the call
    # it makes (the HTTP price less a bare server's share): the HTTP price again.
    gateway = prices.http_call
    return [
        f"GET /api/me at bare prices: {one_call:.2f} CPU ms a call, so at most {cores * 1000 / one_call:,.0f} a second"
        f" on {cores} cores doing nothing else (the gateway alone, one process: {1000 / gateway:,.0f});"
        f" issue #13's bar: {0.25 * bare_server_per_second:,.0f}"
    ]
