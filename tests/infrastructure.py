"""Where the tests get Apache Kafka and PostgreSQL: the one place that decides.

1. Environment: KAFKA_BOOTSTRAP_SERVERS / TEST_POSTGRES_URL, if set, are used as they are.
2. Else testcontainers, if a Docker engine answers (a developer's laptop).
3. Else the deploy/ scripts start a local broker and database (this machine, CI).
With CI=true, infrastructure that cannot be had fails the run instead of skipping tests.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KAFKA_SCRIPT = ROOT / "deploy" / "kafka" / "kafka.sh"
POSTGRES_SCRIPT = ROOT / "deploy" / "postgres.sh"
KAFKA_IMAGE = "apache/kafka:4.1.0"
POSTGRES_IMAGE = "postgres:16"


def unavailable(what: str, why: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI and could not be had: {why}", pytrace=False)
    pytest.skip(f"{what} unavailable: {why}")


def docker_engine_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means no engine
        return False


def start_kafka(cleanup: ExitStack) -> str:
    if bootstrap := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return bootstrap
    if docker_engine_answers():
        from testcontainers.kafka import KafkaContainer

        container = KafkaContainer(KAFKA_IMAGE).with_kraft()
        container.start()
        cleanup.callback(container.stop)
        return container.get_bootstrap_server()
    was_running = subprocess.run(["bash", str(KAFKA_SCRIPT), "status"], capture_output=True).returncode == 0
    started = subprocess.run(["bash", str(KAFKA_SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        unavailable("Apache Kafka", started.stdout[-2000:] + started.stderr[-2000:])
    if not was_running:
        cleanup.callback(subprocess.run, ["bash", str(KAFKA_SCRIPT), "stop"], capture_output=True)
    return f"127.0.0.1:{os.environ.get('KAFKA_PORT', '19092')}"


def start_postgres(cleanup: ExitStack) -> str:
    """Returns an asyncpg SQLAlchemy URL of a database the tests may create databases from."""
    if url := os.environ.get("TEST_POSTGRES_URL"):
        return url
    if docker_engine_answers():
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer(POSTGRES_IMAGE, driver="asyncpg")
        container.start()
        cleanup.callback(container.stop)
        return container.get_connection_url()
    started = subprocess.run(["bash", str(POSTGRES_SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        unavailable("PostgreSQL", started.stdout[-2000:] + started.stderr[-2000:])
    url = subprocess.run(["bash", str(POSTGRES_SCRIPT), "url", "postgres"], capture_output=True, text=True)
    return url.stdout.strip()
