"""The chaos suite's own stack: two replicas of every service, on a PostgreSQL cluster and a Kafka
broker of the suite's own, so that stopping them never disturbs the tests that share the run's.

Why not the run's broker: the services' topics have fixed names, so a second stack on the same
broker would take part in the first one's conversations (its availability would answer the other
requests service's submissions too). A broker of its own keeps both stacks whole, and a broker
restart here cannot break the tests that run after.
"""

import asyncio
import json
import shutil
import uuid
from contextlib import ExitStack

import pytest
from kafka_access import apply_acls
from stack import BACK_END, LocalStack

from clinic_contracts.admin import ensure_topics
from clinic_contracts.kafka_acls import planned_acls
from tests.chaos.figures import FIGURES
from tests.conftest import recreate_database
from tests.infrastructure import ROOT, DedicatedPostgres, LocalKafka, free_port, start_stack
from tests.kafka_tools import client_options
from tests.mail_sink import MailSink

REPLICAS = 2
FIGURES_FILE = ROOT / "build" / "chaos" / "figures.json"
LOG_DIR = ROOT / "build" / "chaos" / "logs"


@pytest.fixture(scope="module")
def chaos_infrastructure():
    with ExitStack() as cleanup:
        yield cleanup


@pytest.fixture(scope="module")
def chaos_kafka(chaos_infrastructure: ExitStack) -> LocalKafka:
    broker = LocalKafka.start_new(chaos_infrastructure)
    asyncio.run(ensure_topics(broker.access.bootstrap, client_options=client_options(broker.access)))
    return broker


@pytest.fixture(scope="module")
def chaos_postgres(chaos_infrastructure: ExitStack) -> DedicatedPostgres:
    return DedicatedPostgres.create(chaos_infrastructure, "chaos")


@pytest.fixture(scope="module")
def chaos_stack(chaos_kafka: LocalKafka, chaos_postgres: DedicatedPostgres) -> LocalStack:
    """Every service twice, over the suite's broker and cluster, mailing to a sink of its own."""
    group_prefix = f"chaos-{uuid.uuid4().hex[:8]}."
    apply_acls(chaos_kafka.access, planned_acls(group_prefix))
    databases = {name: asyncio.run(recreate_database(chaos_postgres.url, f"chaos_{name}")) for name in BACK_END}
    sink = MailSink(free_port())
    sink.start()
    # Under build/, not pytest's temporary folders (other runs on this machine rotate those away).
    log_dir = LOG_DIR
    shutil.rmtree(log_dir, ignore_errors=True)
    running = LocalStack(
        kafka=chaos_kafka.access,
        database_urls=databases,
        log_dir=log_dir,
        ports={name: free_port() for name in ("gateway", *BACK_END)},
        replicas=REPLICAS,
        extra_env={
            "OUTBOX_POLL_SECONDS": "0.2",
            "CONSUMER_GROUP_PREFIX": group_prefix,
            "TRUSTED_PROXIES": "127.0.0.1",
            "PASSWORD_HASHING_WAIT_SECONDS": "20",
            # A dependency that is down is answered for within this, well inside the load's own timeout.
            "SERVICE_TIMEOUT_SECONDS": "10",
            "SMTP_HOST": sink.host,
            "SMTP_PORT": str(sink.port),
            "RETRY_FIRST_SECONDS": "0.5",
            "RETRY_LONGEST_SECONDS": "2",
            "DELIVERY_POLL_SECONDS": "0.5",
        },
    )
    start_stack(running, log_dir, timeout=180, stop_also=[sink])
    yield running
    running.stop()
    sink.stop()


def pytest_terminal_summary(terminalreporter) -> None:
    if not FIGURES.faults:
        return
    terminalreporter.write_sep("=", "chaos")
    for line in FIGURES.report():
        terminalreporter.write_line(line)
    FIGURES_FILE.parent.mkdir(parents=True, exist_ok=True)
    FIGURES_FILE.write_text(json.dumps(FIGURES.as_dict(), indent=2) + "\n")
    terminalreporter.write_line(
        f"figures: {FIGURES_FILE.relative_to(ROOT)}; the services' logs: {LOG_DIR.relative_to(ROOT)}"
    )
