"""An empty system gets its first clinic and admin: `python -m clinic_settings.bootstrap` against
a settings service of its own, on a brand-new database, and the admin's link then works."""

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from servicekit.actor_tokens import Actor, SystemActor
from tests.conftest import recreate_database
from tests.infrastructure import ROOT, KafkaAccess, free_port
from tests.settings.settings_api import PASSWORD, token_of
from tests.settings.test_replica_rebuild import until_ready

sys.path.insert(0, str(ROOT / "deploy"))
from stack import ServiceProcess

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

PUBLIC = "https://appointments.fernhill.example"


def bootstrap(stack, url: str, *arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clinic_settings.bootstrap", "--url", url, *arguments],
        env=env if env is not None else {**os.environ, **stack.operator_env()},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def count(database_url: str, table: str) -> int:
    url = make_url(database_url)
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )
    try:
        return await connection.fetchval(f"SELECT count(*) FROM {table}")
    finally:
        await connection.close()


async def test_an_empty_system_gets_a_clinic_and_an_admin_who_signs_in(
    stack, kafka: KafkaAccess, postgres_url: str, tmp_path: Path
) -> None:
    prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
    database_url = await recreate_database(postgres_url, f"{prefix}_settings_empty")
    service = ServiceProcess(
        "settings",
        free_port(),
        {
            "DATABASE_URL": database_url,
            **kafka.service_env("settings"),
            "INTERNAL_TOKEN_PUBLIC_KEYS": stack.public_keys,
            "PUBLIC_BASE_URL": PUBLIC,
        },
        tmp_path / "settings-empty.log",
    )
    service.start()
    try:
        await until_ready(service)
        assert await count(database_url, "clinics") == 0

        done = await asyncio.to_thread(
            bootstrap,
            stack,
            service.url,
            *("--clinic-name", "Fernhill Physiotherapy", "--time-zone", "Europe/London"),
            *("--admin-name", "Ada Okafor", "--admin-email", "Ada@Fernhill.example"),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        clinic_id = re.search(
            r"Clinic Fernhill Physiotherapy \(([0-9a-f-]{36})\), time zone Europe/London",
            done.stdout,
        )
        link = re.search(rf"^  ({re.escape(PUBLIC)}/invitation#token=\S+)$", done.stdout, re.MULTILINE)
        assert clinic_id and link, done.stdout
        assert "ada@fernhill.example" in done.stdout
        assert [await count(database_url, table) for table in ("clinics", "staff_users", "one_time_links")] == [1, 1, 1]

        async with httpx.AsyncClient(base_url=service.url, auth=stack.operator_auth("settings"), timeout=20) as http:
            (admin,) = (await http.get(f"/clinics/{clinic_id[1]}/staff-users")).json()
            assert (admin["name"], admin["permissions"], admin["all_locations"]) == (
                "Ada Okafor",
                ["admin", "scheduling"],
                True,
            )
            (invitation,) = (await http.get(f"/clinics/{clinic_id[1]}/invitations")).json()
            assert invitation["status"] == "pending" and invitation["user_id"] == admin["staff_user_id"]

        gateway = stack.actor_auth(Actor.system(SystemActor.GATEWAY), "settings")
        async with httpx.AsyncClient(base_url=service.url, auth=gateway, timeout=20) as http:
            accepted = await http.post("/invitations/accept", json={"token": token_of(link[1]), "password": PASSWORD})
            assert accepted.status_code == 200, accepted.text
            credentials = {"email": "ada@fernhill.example", "password": PASSWORD}
            signed_in = await http.post("/credentials/verify", json=credentials)
            assert signed_in.json() == {"kind": "staff", "user_id": admin["staff_user_id"], "clinic_id": clinic_id[1]}

        # A mistyped email is refused before anything is made; without the operator's key, nothing is tried.
        typo = await asyncio.to_thread(
            bootstrap,
            stack,
            service.url,
            *("--clinic-name", "Second", "--time-zone", "Europe/London", "--admin-name", "B", "--admin-email", "b@"),
        )
        assert typo.returncode != 0 and "'b@' is not an email address" in typo.stderr
        no_key = {name: value for name, value in os.environ.items() if name != "INTERNAL_TOKEN_SIGNING_KEY"}
        arguments = ("--clinic-name", "Third", "--time-zone", "Europe/London", "--admin-name", "C")
        arguments += ("--admin-email", "c@x.example")
        unsigned = await asyncio.to_thread(bootstrap, stack, service.url, *arguments, env=no_key)
        assert unsigned.returncode != 0 and "INTERNAL_TOKEN_SIGNING_KEY is not set" in unsigned.stderr
        assert await count(database_url, "clinics") == 1
    finally:
        await asyncio.to_thread(service.stop)
