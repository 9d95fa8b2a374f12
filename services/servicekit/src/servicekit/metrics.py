"""What an operator's Prometheus reads at `/metrics`: the gateway's and every service's.

Calls are timed by route template (`/requests/{request_id}`, never the path itself, whose ids would
make a series per request), method and status class. What a scrape reads from Kafka or the
database (consumer lag, the outbox's backlog, rows by status) is read when it is scraped, so a
value is never older than the scrape. Dead-lettered events are counted where they are
dead-lettered (servicekit.consumer).

`/metrics` holds no patient data but is not public: it answers only a caller that sends the
operator's METRICS_TOKEN as a bearer token, and is not there at all (404) where none is set.
"""

import asyncio
import hmac
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer
from fastapi import APIRouter, FastAPI, Request, Response
from faststream.kafka import KafkaBroker
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Column, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http_middleware import HttpMiddleware
from servicekit.problems import Problem, problem_response

# A `_created` series beside every counter and histogram doubles a scrape and tells nobody anything.
disable_created_metrics()

PATH = "/metrics"
UNMATCHED = "unmatched"

# Counted in the consumer, which knows no app: one process runs one service, so one counter.
DEAD_LETTERED = Counter(
    "clinic_dead_lettered_events",
    "Events sent to a dead-letter topic after their handling failed, or they could not be read",
    ["consumer_group", "topic"],
    registry=None,
)


@dataclass(frozen=True, eq=False)
class ScrapedGauge:
    """A gauge whose series are those a reading gives at each scrape, and only those."""

    name: str
    documentation: str
    labels: tuple[str, ...] = ()


# What a reading gives each of its gauges: (label values, value) pairs.
Readings = dict[ScrapedGauge, list[tuple[tuple[str, ...], float]]]


class _LatestReadings:
    """The collector of the scraped gauges: what the last scrape's readings gave."""

    def __init__(self) -> None:
        self.gauges: list[ScrapedGauge] = []
        self.latest: Readings = {}

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for gauge in self.gauges:
            family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=gauge.labels)
            for labels, value in self.latest.get(gauge, ()):
                family.add_metric(labels, value)
            yield family


class Metrics:
    """One app's metrics: its registry, and the readings taken when it is scraped."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(DEAD_LETTERED)
        self.http_duration = Histogram(
            "clinic_http_request_duration_seconds",
            "Time to answer an HTTP call, by route template, method and status class (2xx, 4xx, ...)",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self._scraped = _LatestReadings()
        self.registry.register(self._scraped)
        self._readings: list[Callable[[], Awaitable[Readings]]] = []

    def _gauge(self, name: str, documentation: str, labels: tuple[str, ...] = ()) -> ScrapedGauge:
        gauge = ScrapedGauge(name, documentation, labels)
        self._scraped.gauges.append(gauge)
        return gauge

    def _read_at_scrape(self, read: Callable[[], Awaitable[Readings]]) -> None:
        self._readings.append(read)

    def consumer_lag(self, broker: KafkaBroker) -> None:
        lag = self._gauge(
            "clinic_consumer_lag",
            "Events on a partition that the service's consumer group has yet to reach (high watermark - position)",
            ("consumer_group", "topic", "partition"),
        )

        async def read() -> Readings:
            return {lag: await _consumer_lag(broker)}

        self._read_at_scrape(read)

    def outbox(self, sessions: async_sessionmaker[AsyncSession], table: Table) -> None:
        unsent = self._gauge("clinic_outbox_unsent_events", "Events staged in the outbox, not yet relayed to Kafka")
        oldest_age = self._gauge(
            "clinic_outbox_oldest_unsent_age_seconds",
            "How long the oldest unsent outbox event has waited (0 when none)",
        )

        async def read() -> Readings:
            async with sessions() as session:
                count, oldest = (
                    await session.execute(
                        select(func.count(), func.min(table.c.created_at)).where(table.c.published_at.is_(None))
                    )
                ).one()
            age = (datetime.now(UTC) - _aware(oldest)).total_seconds() if oldest else 0.0
            return {unsent: [((), count)], oldest_age: [((), age)]}

        self._read_at_scrape(read)

    def rows_by_status(
        self, name: str, documentation: str, sessions: async_sessionmaker[AsyncSession], status: Column
    ) -> None:
        """A gauge of a table's rows by their `status` column (requests, emails)."""
        gauge = self._gauge(name, documentation, ("status",))

        async def read() -> Readings:
            async with sessions() as session:
                rows = (await session.execute(select(status, func.count()).group_by(status))).all()
            return {gauge: [((str(value),), number) for value, number in rows]}

        self._read_at_scrape(read)

    async def exposition(self) -> bytes:
        # A reading that fails (the database is away) leaves its gauges out of this scrape only.
        results = await asyncio.gather(*(read() for read in self._readings), return_exceptions=True)
        latest: Readings = {}
        for readings in results:
            if not isinstance(readings, BaseException):
                latest.update(readings)
        # Set and rendered without an await between: two scrapes at once never mix their readings.
        self._scraped.latest = latest
        return generate_latest(self.registry)


def install_metrics(app: FastAPI, metrics: Metrics, token: str | None) -> None:
    """Time every call of `app`, and serve `/metrics` to the holder of `token`."""
    app.add_middleware(TimedCalls, metrics=metrics)
    app.include_router(metrics_router(metrics, token))


def metrics_router(metrics: Metrics, token: str | None) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get(PATH, response_class=Response, summary="Prometheus metrics (bearer METRICS_TOKEN)")
    async def prometheus_metrics(request: Request) -> Response:
        if not token:
            raise Problem(404, "not-found", "Not found", "No METRICS_TOKEN is set here.")
        if not hmac.compare_digest(_bearer(request).encode(), token.encode()):
            refusal = Problem(
                401,
                "not-authenticated",
                "Not authenticated",
                "Send the metrics token as 'Authorization: Bearer <token>'.",
            )
            response = problem_response(refusal, PATH)
            response.headers["WWW-Authenticate"] = 'Bearer realm="clinic-metrics"'
            return response
        return Response(await metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return router


class TimedCalls(HttpMiddleware):
    """Observes each answer's time under the template of the route it went to."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        super().__init__(app)
        self.metrics = metrics
        self._documented: list[tuple[re.Pattern, str]] | None = None

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = 500  # what the client gets when the app fails before it answers

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            self.metrics.http_duration.labels(
                self._route_template(scope), scope["method"], f"{status // 100}xx"
            ).observe(time.perf_counter() - started)

    def _route_template(self, scope: Scope) -> str:
        """The router notes the route it chose in the scope; a call refused before routing (no
        actor token) is matched against the app's documented routes, in the router's order."""
        if template := getattr(scope.get("route"), "path", None):
            return template
        if self._documented is None:
            app = scope.get("app")
            paths = app.openapi()["paths"] if isinstance(app, FastAPI) else {}
            self._documented = [(compile_path(path)[0], path) for path in paths]
        return next((template for pattern, template in self._documented if pattern.match(scope["path"])), UNMATCHED)


async def _consumer_lag(broker: KafkaBroker) -> list[tuple[tuple[str, str, str], float]]:
    lags = []
    for subscriber in broker.subscribers:
        consumer: AIOKafkaConsumer | None = getattr(subscriber, "consumer", None)
        if consumer is None:
            continue
        group = getattr(subscriber, "group_id", None) or ""
        for partition in consumer.assignment():
            highwater = consumer.highwater(partition)
            if highwater is None:  # nothing fetched from it yet
                continue
            try:
                # Waits only while the position is being reset (a fresh assignment): not for long.
                position = await asyncio.wait_for(consumer.position(partition), timeout=1)
            except Exception:
                continue
            lags.append(((group, partition.topic, str(partition.partition)), max(highwater - position, 0)))
    return lags


def _aware(moment: datetime) -> datetime:
    # SQLite (some unit tests) gives naive datetimes back; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
