"""The demo data set, loaded over HTTP into the running settings service, twice."""

import json
import os
import subprocess
import sys

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from clinic_settings import demo_data as demo

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def load_demo(stack, *options: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "clinic_settings.demo", "--url", stack.url("settings"), *options],
        env={**os.environ, **stack.operator_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


async def staged_events(database_url: str) -> int:
    url = make_url(database_url)
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )
    try:
        return await connection.fetchval("SELECT count(*) FROM outbox")
    finally:
        await connection.close()


async def test_the_demo_loads_once_and_again_without_changing_anything(stack, service_database_urls) -> None:
    url = stack.url("settings")
    summary = load_demo(stack)
    assert "Demo password for all of them: harborview-demo-2026" in summary
    assert "wei.chen@harborview.example" in summary and "admin@harborview.example" in summary

    events_after_first_load = await staged_events(service_database_urls["settings"])
    again = json.loads(load_demo(stack, "--json"))
    assert again["created"] == {}
    assert sum(again["kept"].values()) == 1 + 2 + 4 + 5 + 20 + len(demo.CASES) + 5 + 3
    assert await staged_events(service_database_urls["settings"]) == events_after_first_load

    clinic = f"/clinics/{demo.CLINIC_ID}"
    async with httpx.AsyncClient(base_url=url, auth=stack.operator_auth("settings"), timeout=20) as http:
        assert (await http.get(clinic)).json()["appointment_requests_enabled"] is True
        locations = (await http.get(f"{clinic}/locations")).json()
        assert {location["time_zone"] for location in locations} == {"America/New_York", "America/Los_Angeles"}
        assert all(location["closures"] and location["allow_appointment_requests"] for location in locations)
        cases = (await http.get(f"{clinic}/patient-cases")).json()
        assert {case["status"] for case in cases} == {"active", "discharged"}
        assert {case["allow_appointment_requests"] for case in cases} == {True, False}
        visit_types = (await http.get(f"{clinic}/visit-types")).json()
        assert sorted(v["active"] for v in visit_types) == [False, True, True, True]
        caregiver = await http.post(
            "/credentials/verify", json={"email": "wei.chen@harborview.example", "password": demo.DEMO_PASSWORD}
        )
        parent = (await http.get(f"/portal-users/{caregiver.json()['user_id']}")).json()
        assert parent["role"] == "caregiver" and len(parent["patient_ids"]) == 2
        staff = (await http.get(f"{clinic}/staff-users")).json()
        schedulers = [user for user in staff if user["permissions"] == ["scheduling"]]
        assert len(schedulers) == 2 and schedulers[0]["location_ids"] != schedulers[1]["location_ids"]
