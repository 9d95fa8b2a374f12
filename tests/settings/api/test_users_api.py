"""Portal and staff users over real HTTP: links, permissions, locations and unique emails."""

import asyncio
import uuid

import pytest

from tests.settings.settings_api import PASSWORD, Practice, SettingsApi, assert_problem, unique_email

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_caregiver_is_linked_to_two_children(api: SettingsApi, practice: Practice) -> None:
    brother = await api.patient(practice.clinic, name="Owen Chen")
    parent = await api.portal_user(practice.clinic, practice.patient, brother, email=" Wei.Chen@Example.org")
    assert parent["patient_ids"] == [practice.patient["patient_id"], brother["patient_id"]]
    assert parent["email"] == "wei.chen@example.org" and parent["role"] == "caregiver" and parent["active"]
    assert not {"password", "password_hash"} & set(parent)
    assert await api.ok("GET", f"{practice.clinic_path}/portal-users") == [parent]


async def test_a_portal_user_is_unlinked_and_deactivated_not_deleted(api: SettingsApi, practice: Practice) -> None:
    brother = await api.patient(practice.clinic, name="Owen Chen")
    parent = await api.portal_user(practice.clinic, practice.patient, brother)
    path = f"/portal-users/{parent['portal_user_id']}"
    unlinked = await api.ok("PUT", f"{path}/patients", [brother["patient_id"]])
    assert unlinked["patient_ids"] == [brother["patient_id"]] and unlinked["revision"] == 2
    deactivated = await api.ok("PATCH", path, {"active": False})
    assert deactivated["active"] is False and deactivated["patient_ids"] == [brother["patient_id"]]
    assert await api.ok("GET", path) == deactivated


async def test_a_portal_user_linked_to_an_unknown_or_foreign_patient_is_refused(
    api: SettingsApi, practice: Practice
) -> None:
    path = f"{practice.clinic_path}/portal-users"
    body = {"name": "Wei", "email": unique_email(), "password": PASSWORD, "role": "caregiver"}
    unknown = await api.http.post(path, json={**body, "patient_ids": [str(uuid.uuid4())]})
    assert_problem(unknown, 422, "unknown-patient")
    foreign = await api.patient(await api.clinic(name="Elsewhere"))
    response = await api.http.post(path, json={**body, "patient_ids": [foreign["patient_id"]]})
    assert_problem(response, 422, "reference-to-another-clinic")
    parent = await api.portal_user(practice.clinic, practice.patient)
    link = await api.http.put(f"/portal-users/{parent['portal_user_id']}/patients", json=[str(uuid.uuid4())])
    assert_problem(link, 422, "unknown-patient")


async def test_a_patients_own_account_is_linked_to_one_patient(api: SettingsApi, practice: Practice) -> None:
    brother = await api.patient(practice.clinic, name="Owen Chen")
    body = {
        "name": "Lily",
        "email": unique_email(),
        "password": PASSWORD,
        "role": "patient",
        "patient_ids": [practice.patient["patient_id"], brother["patient_id"]],
    }
    response = await api.http.post(f"{practice.clinic_path}/portal-users", json=body)
    assert_problem(response, 422, "patient-account-links-one-patient")


@pytest.mark.parametrize(
    "fields, code",
    [({"email": "not-an-email"}, "invalid-email"), ({"password": "short"}, "password-too-short")],
)
async def test_bad_credentials_are_refused(api: SettingsApi, practice: Practice, fields: dict, code: str) -> None:
    body = {"name": "Wei", "email": unique_email(), "password": PASSWORD, "role": "caregiver", **fields}
    assert_problem(await api.http.post(f"{practice.clinic_path}/portal-users", json=body), 422, code)
    staff = {"name": "Sam", "email": unique_email(), "password": PASSWORD, **fields}
    assert_problem(await api.http.post(f"{practice.clinic_path}/staff-users", json=staff), 422, code)


async def test_an_email_is_unique_in_its_clinic_whatever_its_case_and_kind(
    api: SettingsApi, practice: Practice
) -> None:
    email = unique_email("sam")
    staff = await api.staff_user(practice.clinic, email=email)
    same_kind = await api.http.post(
        f"{practice.clinic_path}/staff-users", json={"name": "Sam 2", "email": email.upper(), "password": PASSWORD}
    )
    assert_problem(same_kind, 409, "email-taken")
    other_kind = await api.http.post(
        f"{practice.clinic_path}/portal-users",
        json={"name": "Sam", "email": email, "password": PASSWORD, "role": "caregiver"},
    )
    assert_problem(other_kind, 409, "email-taken")
    portal = await api.portal_user(practice.clinic)
    taken = await api.http.patch(f"/portal-users/{portal['portal_user_id']}", json={"email": email.title()})
    assert_problem(taken, 409, "email-taken")
    await api.staff_user(await api.clinic(name="Elsewhere"), email=email)
    assert (await api.ok("PATCH", f"/staff-users/{staff['staff_user_id']}", {"name": "Samuel"}))["email"] == email


async def test_staff_permissions_and_locations_are_set_one_by_one(api: SettingsApi, practice: Practice) -> None:
    staff = await api.staff_user(
        practice.clinic, permissions=["scheduling"], location_ids=[practice.location["location_id"]]
    )
    path = f"/staff-users/{staff['staff_user_id']}"
    assert staff["permissions"] == ["scheduling"] and staff["all_locations"] is False
    both = await api.ok("PUT", f"{path}/permissions", ["scheduling", "admin"])
    assert both["permissions"] == ["admin", "scheduling"]
    everywhere = await api.ok("PUT", f"{path}/locations", {"all_locations": True})
    assert everywhere["all_locations"] is True and everywhere["location_ids"] == []
    assert_problem(await api.http.put(f"{path}/permissions", json=["owner"]), 422, "invalid-request")
    assert not {"password", "password_hash"} & set(everywhere)


async def test_staff_locations_must_be_known_clear_and_of_their_clinic(api: SettingsApi, practice: Practice) -> None:
    staff = await api.staff_user(practice.clinic)
    path = f"/staff-users/{staff['staff_user_id']}/locations"
    ambiguous = {"all_locations": True, "location_ids": [practice.location["location_id"]]}
    assert_problem(await api.http.put(path, json=ambiguous), 422, "staff-locations-ambiguous")
    unknown = {"location_ids": [str(uuid.uuid4())]}
    assert_problem(await api.http.put(path, json=unknown), 422, "unknown-location")
    foreign = await api.location(await api.clinic(name="Elsewhere"))
    elsewhere = await api.http.put(path, json={"location_ids": [foreign["location_id"]]})
    assert_problem(elsewhere, 422, "reference-to-another-clinic")


async def test_an_unknown_user_is_a_404(api: SettingsApi) -> None:
    assert_problem(await api.http.get(f"/portal-users/{uuid.uuid4()}"), 404, "portal-user-not-found")
    response = await api.http.put(f"/staff-users/{uuid.uuid4()}/password", json={"password": PASSWORD})
    assert_problem(response, 404, "staff-user-not-found")


async def test_a_refused_user_leaves_nothing_behind(api: SettingsApi, practice: Practice) -> None:
    """The user row is written before the email is found taken; the whole change is undone."""
    email, user_id = unique_email(), str(uuid.uuid4())
    await api.staff_user(practice.clinic, email=email)
    body = {"portal_user_id": user_id, "name": "Wei", "email": email, "password": PASSWORD, "role": "caregiver"}
    assert_problem(await api.http.post(f"{practice.clinic_path}/portal-users", json=body), 409, "email-taken")
    assert_problem(await api.http.get(f"/portal-users/{user_id}"), 404, "portal-user-not-found")
    again = await api.portal_user(practice.clinic, portal_user_id=user_id)
    assert again["revision"] == 1


async def test_of_simultaneous_sign_ups_with_one_email_exactly_one_succeeds(
    api: SettingsApi, practice: Practice
) -> None:
    email = unique_email("race")
    body = {"name": "Wei", "email": email, "password": PASSWORD, "role": "caregiver"}
    path = f"{practice.clinic_path}/portal-users"
    answers = await asyncio.gather(*(api.http.post(path, json=body) for _ in range(4)))
    assert sorted(answer.status_code for answer in answers) == [201, 409, 409, 409]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {"email-taken", "concurrent-change"}
    listed = await api.ok("GET", f"{practice.clinic_path}/portal-users")
    assert [user["email"] for user in listed] == [email]


async def test_the_clinics_last_active_admin_keeps_the_admin_permission(api: SettingsApi, practice: Practice) -> None:
    first = await api.staff_user(practice.clinic, permissions=["admin"])
    path = f"/staff-users/{first['staff_user_id']}"
    assert_problem(await api.http.put(f"{path}/permissions", json=["scheduling"]), 409, "last-admin")
    assert_problem(await api.http.patch(path, json={"active": False}), 409, "last-admin")
    second = await api.staff_user(practice.clinic, permissions=["admin", "scheduling"])
    assert (await api.ok("PATCH", path, {"active": False}))["active"] is False
    permissions = f"/staff-users/{second['staff_user_id']}/permissions"
    assert_problem(await api.http.put(permissions, json=[]), 409, "last-admin")
    assert (await api.ok("PUT", permissions, ["admin"]))["permissions"] == ["admin"]
