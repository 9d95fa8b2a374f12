"""Session-wide infrastructure: one broker, one database server, one running stack per test run.

The heavy imports (database drivers, Kafka clients, the stack) happen inside the fixtures that
need them, so a run of the unit ring does not pay for them at start-up.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import tests.hypothesis_profiles  # noqa: F401  (registers and loads the profile before any test)

if TYPE_CHECKING:
    from kafka_access import KafkaAccess
    from stack import LocalStack

    from tests.mail_sink import MailSink
    from tests.trace_receiver import TraceReceiver


# deploy/'s modules (shared with run.sh, so no package of the tests) import by their own names.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running for the rest of the
    session, which the asyncio tests cannot share."""
    items.sort(key=lambda item: "tests/pages/" in item.nodeid.replace("\\", "/"))


@pytest.fixture(scope="session")
def infrastructure():
    with ExitStack() as cleanup:
        yield cleanup


@pytest.fixture(scope="session")
def consumer_group_prefix() -> str:
    """Consumer groups of this run's own, so runs sharing a broker never split partitions."""
    return f"run-{uuid.uuid4().hex[:8]}."


@pytest.fixture(scope="session")
def kafka(infrastructure: ExitStack, consumer_group_prefix: str) -> KafkaAccess:
    """The broker, its topics, and the services' ACLs (their groups under this run's prefix)."""
    from kafka_access import apply_acls

    from clinic_contracts.admin import ensure_topics
    from clinic_contracts.kafka_acls import planned_acls
    from tests.infrastructure import start_kafka
    from tests.kafka_tools import client_options

    access = start_kafka(infrastructure)
    asyncio.run(ensure_topics(access.bootstrap, client_options=client_options(access)))
    apply_acls(access, planned_acls(consumer_group_prefix))
    return access


@pytest.fixture(scope="session")
def postgres_url(infrastructure: ExitStack) -> str:
    from tests.infrastructure import start_postgres

    return start_postgres(infrastructure)


async def recreate_database(server_url: str, name: str) -> str:
    """Drops and creates database `name` on the server; returns its SQLAlchemy URL."""
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )
    try:
        for attempt in range(20):
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except asyncpg.InsufficientPrivilegeError:
                # FORCE may not end the server's own autovacuum worker on it; it is gone in moments.
                if attempt == 19:
                    raise
                await asyncio.sleep(0.5)
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def service_database_urls(postgres_url: str) -> dict[str, str]:
    """A fresh PostgreSQL database for each back-end service, once per run.

    TEST_DATABASE_PREFIX keeps concurrent runs on one server apart.
    """
    from stack import BACK_END

    prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
    return {name: asyncio.run(recreate_database(postgres_url, f"{prefix}_{name}")) for name in BACK_END}


@pytest.fixture(scope="session")
def mail_sink() -> MailSink:
    """The SMTP relay the running notifications service delivers to."""
    from tests.infrastructure import serving
    from tests.mail_sink import MailSink

    yield from serving(MailSink)


@pytest.fixture(scope="session")
def trace_receiver() -> TraceReceiver:
    """The OTLP/HTTP endpoint the running services export their spans to."""
    from tests.infrastructure import serving
    from tests.trace_receiver import TraceReceiver

    yield from serving(TraceReceiver)


@pytest.fixture(scope="session")
def stack(
    kafka: KafkaAccess,
    consumer_group_prefix: str,
    service_database_urls: dict[str, str],
    mail_sink: MailSink,
    trace_receiver: TraceReceiver,
    tmp_path_factory,
) -> LocalStack:
    """The five services as real processes over Kafka and PostgreSQL, mailing to `mail_sink` and
    exporting their spans to `trace_receiver`."""
    from stack import BACK_END, LocalStack

    from tests.infrastructure import free_port, start_stack

    log_dir: Path = tmp_path_factory.mktemp("service-logs")
    running = LocalStack(
        kafka=kafka,
        database_urls=service_database_urls,
        log_dir=log_dir,
        ports={name: free_port() for name in ("gateway", *BACK_END)},
        extra_env={
            "OUTBOX_POLL_SECONDS": "0.2",
            "CONSUMER_GROUP_PREFIX": consumer_group_prefix,
            "EXPIRY_SWEEP_SECONDS": "1",
            # Long enough that a burst of sign-ins lands in the first back-off, short enough to wait out.
            "SIGN_IN_BACK_OFF_SECONDS": "5",
            # As if behind a proxy on this machine: a test may name its own client address in
            # X-Forwarded-For, so its failed sign-ins count against that address, not against the
            # 127.0.0.1 every other test signs in from.
            "TRUSTED_PROXIES": "127.0.0.1",
            # This machine may be shared and slow (over a second per password hash); the defaults
            # (3 s for a turn at hashing, 5 s per gateway call) fit a production pod, not a busy CI box.
            "PASSWORD_HASHING_WAIT_SECONDS": "20",
            "SERVICE_TIMEOUT_SECONDS": "30",
            "SMTP_HOST": mail_sink.host,
            "SMTP_PORT": str(mail_sink.port),
            # A relay away for a while is waited out in seconds, not minutes.
            "RETRY_FIRST_SECONDS": "0.5",
            "RETRY_LONGEST_SECONDS": "2",
            "DELIVERY_ATTEMPTS": "60",
            "DELIVERY_POLL_SECONDS": "0.5",
            "OTEL_EXPORTER_OTLP_ENDPOINT": trace_receiver.endpoint,
            # Spans are sent every half second rather than every five, so a test reads them soon.
            "OTEL_BSP_SCHEDULE_DELAY": "500",
        },
    )
    start_stack(running, log_dir, timeout=90)
    yield running
    running.stop()
