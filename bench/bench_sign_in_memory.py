"""Peak memory of the settings service under a burst of wrong sign-ins. A script, not a test.

    .venv/bin/python bench/bench_sign_in_memory.py
    ... --database-url postgresql+asyncpg://clinic:clinic@127.0.0.1:5432/bench_settings

Starts the settings service as a local process (`python -m clinic_settings`, as run.sh does) on a
fresh database (SQLite in a temporary directory unless --database-url names another, which must
exist and be empty), once per scenario, so that each scenario's peak (VmHWM in /proc) is its own.
It needs a Kafka broker to start: KAFKA_BOOTSTRAP_SERVERS, or one is started as the tests do.

Each scenario sends 50 wrong sign-ins at once to POST /credentials/verify:
  before      every attempt for a different unknown email, hashing unbounded (64 turns, so only
              the default thread pool limits it, as before the bound)
  bounded     the same attempts, at most 2 hashes at once (the default)
  one email   all 50 for one email, with the defaults: the limit per email lets 5 be checked
Prints, per scenario, the floor measured in the same process (VmRSS and VmHWM once ready, which
includes the hash made at start-up), the peak after the burst, the answers and the time taken.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import httpx

from servicekit.actor_http import ActorTokenAuth
from servicekit.actor_tokens import Actor, ActorTokenSigner, SigningKey, SystemActor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))

from kafka_access import KafkaAccess, apply_acls  # noqa: E402
from service_ready import until_ready  # noqa: E402
from stack import ServiceProcess  # noqa: E402

from clinic_contracts.admin import ensure_topics  # noqa: E402
from clinic_contracts.kafka_acls import planned_acls  # noqa: E402
from tests.infrastructure import free_port, start_kafka  # noqa: E402
from tests.kafka_tools import client_options  # noqa: E402

BURST = 50
SCENARIOS = {
    "before": ({"PASSWORD_HASHING_CONCURRENCY": "64"}, "many emails"),
    "bounded": ({}, "many emails"),
    "one email": ({}, "one email"),
}


def memory_mib(pid: int) -> dict[str, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")}


async def burst(http: httpx.AsyncClient, emails: str) -> tuple[Counter, float]:
    one = f"bench.{uuid.uuid4().hex[:8]}@example.org"

    async def attempt(n: int) -> int:
        email = one if emails == "one email" else f"bench.{n}.{uuid.uuid4().hex[:8]}@example.org"
        answer = await http.post("/credentials/verify", json={"email": email, "password": "wrong"})
        return answer.status_code

    started = time.monotonic()
    statuses = await asyncio.gather(*(attempt(n) for n in range(BURST)))
    return Counter(statuses), time.monotonic() - started


async def scenario(name: str, env: dict[str, str], emails: str, kafka: KafkaAccess, database_url: str | None) -> None:
    # The gateway's key: its calls to /credentials/verify are signed as the gateway's own.
    gateway_key = SigningKey.generate("bench-gateway")
    auth = ActorTokenAuth(ActorTokenSigner(gateway_key), Actor.system(SystemActor.GATEWAY), "settings")
    with tempfile.TemporaryDirectory(prefix="bench-settings-") as scratch:
        service = ServiceProcess(
            "settings",
            free_port(),
            {
                "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{scratch}/settings.db",
                **kafka.service_env("settings"),
                "CONSUMER_GROUP_PREFIX": GROUPS,
                "INTERNAL_TOKEN_PUBLIC_KEYS": gateway_key.public_text(),
                **env,
            },
            Path(scratch) / "settings.log",
        )
        service.start()
        try:
            async with httpx.AsyncClient(base_url=service.url, auth=auth, timeout=120) as http:
                await until_ready(http, service)
                floor = memory_mib(service.process.pid)
                answers, seconds = await burst(http, emails)
                peak = memory_mib(service.process.pid)
        finally:
            service.stop()
    print(
        f"{name:<10} floor RSS {floor['VmRSS']:5.0f} MiB (peak so far {floor['VmHWM']:5.0f})"
        f"  after {BURST} attempts peak {peak['VmHWM']:5.0f} MiB (+{peak['VmHWM'] - floor['VmHWM']:.0f})"
        f"  answers {dict(sorted(answers.items()))}  {seconds:.1f} s"
    )


GROUPS = f"bench-{uuid.uuid4().hex[:8]}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory (one per scenario)")
    args = parser.parse_args()
    with ExitStack() as cleanup:
        kafka = start_kafka(cleanup)
        # A broker with an authorizer: the service's user may write its topics once the ACLs say so.
        asyncio.run(ensure_topics(kafka.bootstrap, client_options=client_options(kafka)))
        apply_acls(kafka, planned_acls(GROUPS))
        backend = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
        print(f"settings service on {backend}, one uvicorn worker; client and service share this machine")
        for name, (env, emails) in SCENARIOS.items():
            asyncio.run(scenario(name, env, emails, kafka, args.database_url))


if __name__ == "__main__":
    main()
