"""Where the tests get Apache Kafka and PostgreSQL: the one place that decides.

1. Environment: KAFKA_BOOTSTRAP_SERVERS / TEST_POSTGRES_URL, if set, are used as they are. The
   broker's SCRAM users then come from KAFKA_CREDENTIALS_FILE, a file like kafka.sh's
   credentials.env (KAFKA_ADMIN_USERNAME, KAFKA_ADMIN_PASSWORD, KAFKA_<SERVICE>_PASSWORD); with
   KAFKA_SECURITY_PROTOCOL=PLAINTEXT instead, the broker is taken to need no authentication.
2. Else testcontainers, if a Docker engine answers (a developer's laptop).
3. Else the deploy/ scripts start a local broker and database (this machine, CI).
With CI=true, infrastructure that cannot be had fails the run instead of skipping tests.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest

from clinic_contracts.kafka_acls import service_users

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
from kafka_access import KAFKA_SCRIPT, KafkaAccess  # noqa: E402

POSTGRES_SCRIPT = ROOT / "deploy" / "postgres.sh"
KAFKA_POM = ROOT / "deploy" / "kafka" / "pom.xml"


def kafka_version() -> str:
    """The one Kafka release of the project: the jars kafka.sh runs (its kafka_version reads the
    same element); the container images must be this release too (tests/deploy/test_kafka_version.py)."""
    found = re.search(r"<kafka\.version>(.+?)</kafka\.version>", KAFKA_POM.read_text())
    assert found, f"no <kafka.version> in {KAFKA_POM}"
    return found.group(1)


KAFKA_IMAGE = f"apache/kafka:{kafka_version()}"
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
    except Exception:
        return False


def start_kafka(cleanup: ExitStack) -> KafkaAccess:
    if bootstrap := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        if os.environ.get("KAFKA_SECURITY_PROTOCOL") == "PLAINTEXT":
            return KafkaAccess.unauthenticated(bootstrap)
        if not (credentials := os.environ.get("KAFKA_CREDENTIALS_FILE")):
            unavailable(
                "Apache Kafka",
                "KAFKA_BOOTSTRAP_SERVERS needs KAFKA_CREDENTIALS_FILE (or KAFKA_SECURITY_PROTOCOL=PLAINTEXT)",
            )
        protocol = os.environ.get("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        return KafkaAccess.from_credentials_file(bootstrap, Path(credentials), protocol)
    if docker_engine_answers():
        from testcontainers.kafka import KafkaContainer

        # Untested here (no Docker engine on this machine): the container's broker has no SASL and
        # no authorizer, so the services connect with PLAINTEXT and the security tests skip.
        container = KafkaContainer(KAFKA_IMAGE).with_kraft()
        container.start()
        cleanup.callback(container.stop)
        return KafkaAccess.unauthenticated(container.get_bootstrap_server())
    # A broker of this run's own, on empty storage: topics left by earlier runs would replay old
    # states of the demo clinic's fixed ids into this run's fresh databases.
    return LocalKafka.start_new(cleanup).access


class LocalKafka:
    """A broker from deploy/kafka/kafka.sh on a run dir and ports of its own; it can be stopped
    and started again on the same storage, ports and passwords (the chaos suite does)."""

    def __init__(self, run_dir: str) -> None:
        self.run_dir = run_dir
        self.env = {
            **os.environ,
            "KAFKA_RUN_DIR": run_dir,
            "KAFKA_PORT": str(free_port()),
            "KAFKA_CONTROLLER_PORT": str(free_port()),
            "KAFKA_SERVICE_USERS": " ".join(service_users()),
        }
        self.access: KafkaAccess | None = None

    @classmethod
    def start_new(cls, cleanup: ExitStack) -> LocalKafka:
        broker = cls(tempfile.mkdtemp(prefix="kafka-test-"))
        cleanup.callback(shutil.rmtree, broker.run_dir, ignore_errors=True)
        cleanup.callback(broker.stop)
        started = broker._script("start")
        if started.returncode != 0:
            unavailable("Apache Kafka", started.stdout[-2000:] + started.stderr[-2000:])
        broker.access = KafkaAccess.from_credentials_file(
            started.stdout.strip(), Path(broker.run_dir) / "credentials.env"
        )
        return broker

    def stop(self) -> None:
        self._script("stop")

    def start(self) -> None:
        """Again, after stop(): the same storage, so topics, offsets and users are as they were."""
        started = self._script("start")
        if started.returncode != 0:
            raise RuntimeError(f"the broker did not start again: {started.stderr[-2000:]}")

    def _script(self, command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(KAFKA_SCRIPT), command], capture_output=True, text=True, env=self.env)


# Ports for the servers a run starts, below the kernel's ephemeral range: a port from that range,
# free when asked for, can be taken as the local end of some outgoing connection (to Kafka, to
# PostgreSQL) before the server that was to listen on it binds it ("address already in use").
_LISTENING_PORTS_FROM = 20000


def _ephemeral_ports_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def _listening_ports():
    """Each port once per process, from a random place in the range (so that two processes asking
    at once seldom meet), skipping any already bound."""
    end = _ephemeral_ports_start()
    if end - _LISTENING_PORTS_FROM < 1000:  # no room below the ephemeral range: let the kernel pick
        given = set()
        while True:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            if port not in given:
                given.add(port)
                yield port
    span = end - _LISTENING_PORTS_FROM
    start = int.from_bytes(os.urandom(2)) % span
    for offset in range(span):
        port = _LISTENING_PORTS_FROM + (start + offset) % span
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        yield port
    raise RuntimeError(f"no free port left between {_LISTENING_PORTS_FROM} and {end}")


_PORTS = _listening_ports()
_PORTS_LOCK = threading.Lock()  # a generator runs in one thread at a time


def free_port() -> int:
    """A port no server of this process was given yet, free now, and never one the kernel hands
    out for outgoing connections."""
    with _PORTS_LOCK:
        return next(_PORTS)


def serving(server_type):
    """A local server of `server_type` (a mail sink, a trace receiver) on a free port, from start to stop."""
    server = server_type(free_port())
    server.start()
    yield server
    server.stop()


def start_stack(running, log_dir: Path, *, timeout: float, stop_also=()) -> None:
    """Starts the services; when they do not start, stops them (and `stop_also`) and prints the tail
    of every service's log before raising."""
    try:
        running.start(timeout=timeout)
    except Exception:
        running.stop()
        for other in stop_also:
            other.stop()
        for log in sorted(log_dir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-4000:]}")
        raise


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


class DedicatedPostgres:
    """A PostgreSQL cluster of a test's own (Debian's pg_createcluster), on a free port, dropped at
    the end: it may be stopped and started (the chaos suite does) without disturbing the shared
    server other tests and concurrent runs use. Needs root or sudo, as deploy/postgres.sh does."""

    USER = PASSWORD = "clinic"

    def __init__(self, name_prefix: str) -> None:
        self.name = f"{name_prefix}-{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        self.version = ""

    @classmethod
    def create(cls, cleanup: ExitStack, name_prefix: str) -> DedicatedPostgres:
        if shutil.which("pg_createcluster") is None:
            unavailable("a PostgreSQL cluster of its own", "pg_createcluster (Debian's postgresql-common) is absent")
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda path: int(path.parts[-3]))
        if not versions:
            unavailable("a PostgreSQL cluster of its own", "no PostgreSQL under /usr/lib/postgresql")
        cluster = cls(name_prefix)
        cluster.version = versions[-1].parts[-3]
        cleanup.callback(cluster._as_root, "pg_dropcluster", "--stop", cluster.version, cluster.name, check=False)
        cluster._as_root(
            *("pg_createcluster", cluster.version, cluster.name, "-p", str(cluster.port)),
            # Every replica of every service keeps a pool of connections.
            *("-o", "max_connections=300", "-o", "fsync=off", "--start"),
        )
        cluster._psql(f"CREATE ROLE {cls.USER} LOGIN CREATEDB PASSWORD '{cls.PASSWORD}'")
        return cluster

    @property
    def url(self) -> str:
        """Its `postgres` database, to create the tests' databases from."""
        return f"postgresql+asyncpg://{self.USER}:{self.PASSWORD}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._as_root("pg_ctlcluster", self.version, self.name, "stop", "-m", "fast")

    def start(self) -> None:
        self._as_root("pg_ctlcluster", self.version, self.name, "start")

    def _psql(self, sql: str) -> None:
        self._as_root("su", "postgres", "-c", f'psql -p {self.port} -v ON_ERROR_STOP=1 -qc "{sql}"')

    @staticmethod
    def _as_root(*command: str, check: bool = True) -> None:
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        subprocess.run([*sudo, *command], check=check, capture_output=True)
