"""The clinic over real HTTP: creating it, its policy, and the switch that turns requests on."""

import uuid

import pytest

from tests.settings.settings_api import Practice, SettingsApi, assert_problem

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_new_clinic_has_requests_off_and_the_default_policy(api: SettingsApi) -> None:
    clinic = await api.clinic(name="  Harborview PT ")
    assert clinic["name"] == "Harborview PT" and clinic["revision"] == 1
    assert clinic["appointment_requests_enabled"] is False
    assert clinic["request_policy"]["slot_interval_minutes"] == 15
    assert await api.ok("GET", f"/clinics/{clinic['clinic_id']}") == clinic


async def test_a_clinic_is_created_once_per_id(api: SettingsApi) -> None:
    clinic_id = str(uuid.uuid4())
    await api.clinic(clinic_id=clinic_id)
    again = await api.http.post("/clinics", json={"clinic_id": clinic_id, "name": "Copy", "time_zone": "UTC"})
    assert_problem(again, 409, "clinic-exists")


@pytest.mark.parametrize(
    "body, code",
    [
        ({"name": "X", "time_zone": "Mars/Olympus"}, "unknown-time-zone"),
        ({"name": " ", "time_zone": "UTC"}, "name-required"),
        ({"name": "X"}, "invalid-request"),
        ({"name": "X", "time_zone": "UTC", "colour": "blue"}, "invalid-request"),
    ],
)
async def test_a_bad_clinic_is_refused_with_a_stable_code(api: SettingsApi, body: dict, code: str) -> None:
    assert_problem(await api.http.post("/clinics", json=body), 422, code)


async def test_the_request_policy_is_changed_whole_and_validated(api: SettingsApi) -> None:
    clinic = await api.clinic()
    policy = {**clinic["request_policy"], "minimum_notice_hours": 48, "slot_interval_minutes": 30}
    changed = await api.ok("PATCH", f"/clinics/{clinic['clinic_id']}", {"request_policy": policy})
    assert changed["request_policy"] == policy and changed["revision"] == 2
    bad = {**policy, "slot_interval_minutes": 1}
    response = await api.http.patch(f"/clinics/{clinic['clinic_id']}", json={"request_policy": bad})
    assert_problem(response, 422, "invalid-request")


async def test_turning_requests_off_blocks_them_and_deletes_nothing(api: SettingsApi, practice: Practice) -> None:
    switch = f"{practice.clinic_path}/appointment-requests"
    assert (await api.ok("PUT", switch, {"enabled": True}))["appointment_requests_enabled"] is True
    off = await api.ok("PUT", switch, {"enabled": False})
    assert off["appointment_requests_enabled"] is False and off["revision"] == 3
    assert len(await api.ok("GET", f"{practice.clinic_path}/locations")) == 1
    assert await api.ok("GET", f"/patient-cases/{practice.case['case_id']}") == practice.case


async def test_the_same_switch_twice_is_one_change(api: SettingsApi) -> None:
    clinic = await api.clinic()
    switch = f"/clinics/{clinic['clinic_id']}/appointment-requests"
    await api.ok("PUT", switch, {"enabled": True})
    assert (await api.ok("PUT", switch, {"enabled": True}))["revision"] == 2


async def test_an_unknown_clinic_is_a_404_wherever_it_is_named(api: SettingsApi) -> None:
    missing = f"/clinics/{uuid.uuid4()}"
    assert_problem(await api.http.get(missing), 404, "clinic-not-found")
    switch = await api.http.put(f"{missing}/appointment-requests", json={"enabled": True})
    assert_problem(switch, 404, "clinic-not-found")
    assert_problem(await api.http.get(f"{missing}/locations"), 404, "clinic-not-found")
    body = {"name": "Downtown", "time_zone": "UTC"}
    assert_problem(await api.http.post(f"{missing}/locations", json=body), 404, "clinic-not-found")
