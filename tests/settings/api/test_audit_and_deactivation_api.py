"""Who changed what (the audit trail, read by admins), and what deactivating a location or a
patient does to what depends on it. Over real HTTP, each change made by a named actor."""

import uuid
from datetime import date, timedelta

import httpx
import pytest

from servicekit.actor_tokens import Actor
from tests.settings.settings_api import Practice, SettingsApi, assert_problem

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


@pytest.fixture
async def as_staff(stack, api: SettingsApi, practice: Practice):
    """Clients calling the settings service as a new admin and a new scheduler of the practice."""
    clinic_id = uuid.UUID(practice.clinic["clinic_id"])
    admin = await api.staff_user(practice.clinic, name="Ada Admin", permissions=["admin"], all_locations=True)
    scheduler = await api.staff_user(
        practice.clinic, name="Sam Scheduler", permissions=["scheduling"], all_locations=True
    )
    clients = {}
    for role, staff in (("admin", admin), ("scheduler", scheduler)):
        actor = Actor.staff_user(uuid.UUID(staff["staff_user_id"]), clinic_id)
        clients[role] = httpx.AsyncClient(base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"))
        clients[role].staff = staff
    yield clients
    for client in clients.values():
        await client.aclose()


async def test_every_change_is_recorded_with_its_actor_and_what_differed(
    api: SettingsApi, practice: Practice, as_staff
) -> None:
    admin = as_staff["admin"]
    location_id = practice.location["location_id"]
    renamed = await admin.patch(f"/locations/{location_id}", json={"name": "Harbour Street", "address": "1 Quay"})
    assert renamed.status_code == 200, renamed.text
    unchanged = await admin.patch(f"/locations/{location_id}", json={"name": "Harbour Street"})
    assert unchanged.json()["revision"] == renamed.json()["revision"]

    trail = await admin.get(f"{practice.clinic_path}/changes", params={"entity_id": location_id})
    assert trail.status_code == 200, trail.text
    newest, created = trail.json()
    assert newest["actor"] == f"staff:{admin.staff['staff_user_id']}" and newest["revision"] == 2
    assert newest["entity_kind"] == "location" and newest["entity_id"] == location_id
    assert newest["changes"] == {
        "name": {"from": "Downtown", "to": "Harbour Street"},
        "address": {"from": "", "to": "1 Quay"},
    }
    assert created["actor"] == "system:operator" and created["revision"] == 1, (
        "a repeat that changes nothing is not recorded"
    )
    assert created["changes"]["name"] == {"from": None, "to": "Downtown"}

    # The whole clinic, newest first, paged back with `before`.
    everything = await admin.get(f"{practice.clinic_path}/changes", params={"limit": 3})
    first_page = everything.json()
    assert [change["change_id"] for change in first_page] == sorted((c["change_id"] for c in first_page), reverse=True)
    older = await admin.get(f"{practice.clinic_path}/changes", params={"before": first_page[-1]["change_id"]})
    assert older.json() and all(change["change_id"] < first_page[-1]["change_id"] for change in older.json())


async def test_the_audit_trail_is_for_admins_of_the_clinic(api: SettingsApi, practice: Practice, as_staff) -> None:
    refused = await as_staff["scheduler"].get(f"{practice.clinic_path}/changes")
    assert_problem(refused, 403, "actor-may-not")
    other_clinic = await api.clinic(name="Elsewhere")
    hidden = await as_staff["admin"].get(f"/clinics/{other_clinic['clinic_id']}/changes")
    assert_problem(hidden, 404, "clinic-not-found")


async def test_a_deactivated_location_takes_no_requests_and_treats_no_new_case(
    api: SettingsApi, practice: Practice
) -> None:
    path = f"/locations/{practice.location['location_id']}"
    await api.ok("PUT", f"{path}/appointment-requests", {"enabled": True})
    deactivated = await api.ok("PATCH", path, {"active": False})
    assert deactivated["active"] is False and deactivated["allow_appointment_requests"] is False
    refused = await api.http.put(f"{path}/appointment-requests", json={"enabled": True})
    assert_problem(refused, 422, "location-inactive")  # a deactivated location never allows requests
    body = api.case_body(practice.patient, practice.therapist, practice.location)
    assert_problem(await api.http.post(f"{practice.clinic_path}/patient-cases", json=body), 422, "location-inactive")
    # The existing case stays, with its history; reactivated, the location is as a new one: requests off.
    assert (await api.ok("GET", f"/patient-cases/{practice.case['case_id']}"))["status"] == "active"
    reactivated = await api.ok("PATCH", path, {"active": True})
    assert reactivated["active"] is True and reactivated["allow_appointment_requests"] is False


async def test_a_deactivated_patients_cases_are_discharged_and_none_is_opened(
    api: SettingsApi, practice: Practice
) -> None:
    patient_path = f"/patients/{practice.patient['patient_id']}"
    deactivated = await api.ok("PATCH", patient_path, {"active": False})
    assert deactivated["active"] is False
    assert (await api.ok("GET", f"/patient-cases/{practice.case['case_id']}"))["status"] == "discharged"
    body = api.case_body(practice.patient, practice.therapist, practice.location)
    assert_problem(await api.http.post(f"{practice.clinic_path}/patient-cases", json=body), 422, "patient-inactive")
    await api.ok("PATCH", patient_path, {"active": True})
    assert (await api.created(f"{practice.clinic_path}/patient-cases", body))["status"] == "active"


async def test_a_patient_has_a_date_of_birth_in_the_past(api: SettingsApi, practice: Practice) -> None:
    born = await api.patient(practice.clinic, name="Owen Chen", date_of_birth="2019-04-02")
    assert born["date_of_birth"] == "2019-04-02" and born["active"] is True
    tomorrow = str(date.today() + timedelta(days=1))
    for bad in (tomorrow, "1899-12-31"):
        response = await api.http.post(f"{practice.clinic_path}/patients", json={"name": "Mia", "date_of_birth": bad})
        assert_problem(response, 422, "date-of-birth-out-of-range")
    changed = await api.ok("PATCH", f"/patients/{born['patient_id']}", {"date_of_birth": "2019-04-03"})
    assert changed["date_of_birth"] == "2019-04-03" and changed["revision"] == 2
