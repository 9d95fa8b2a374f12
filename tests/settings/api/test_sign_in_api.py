"""The gateway's sign-in check: who these credentials belong to, or one 401 for every failure."""

import pytest

from tests.settings.settings_api import PASSWORD, Practice, SettingsApi, assert_problem, unique_email

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def verify(api: SettingsApi, email: str, password: str = PASSWORD, **fields):
    return await api.http.post("/credentials/verify", json={"email": email, "password": password, **fields})


def refused(response) -> dict:
    problem = assert_problem(response, 401, "invalid-credentials")
    return {key: value for key, value in problem.items() if key != "instance"}


async def test_staff_and_portal_users_sign_in_by_email_in_any_case(api: SettingsApi, practice: Practice) -> None:
    staff = await api.staff_user(practice.clinic, permissions=["admin"])
    parent = await api.portal_user(practice.clinic, practice.patient)
    as_staff = await verify(api, staff["email"].upper())
    assert as_staff.json() == {"kind": "staff", "user_id": staff["staff_user_id"], "clinic_id": staff["clinic_id"]}
    as_parent = await verify(api, parent["email"])
    assert as_parent.json() == {"kind": "portal", "user_id": parent["portal_user_id"], "clinic_id": parent["clinic_id"]}


async def test_unknown_email_and_wrong_password_get_the_same_answer(api: SettingsApi, practice: Practice) -> None:
    staff = await api.staff_user(practice.clinic)
    wrong_password = refused(await verify(api, staff["email"], "not the password"))
    unknown_email = refused(await verify(api, unique_email("nobody")))
    not_an_email = refused(await verify(api, "nobody"))
    assert wrong_password == unknown_email == not_an_email


async def test_a_deactivated_user_cannot_sign_in(api: SettingsApi, practice: Practice) -> None:
    parent = await api.portal_user(practice.clinic, practice.patient)
    await api.ok("PATCH", f"/portal-users/{parent['portal_user_id']}", {"active": False})
    refused(await verify(api, parent["email"]))


async def test_a_new_password_replaces_the_old_one(api: SettingsApi, practice: Practice) -> None:
    staff = await api.staff_user(practice.clinic)
    path = f"/staff-users/{staff['staff_user_id']}/password"
    assert_problem(await api.http.put(path, json={"password": "short"}), 422, "password-too-short")
    assert (await api.http.put(path, json={"password": "a much newer secret"})).status_code == 204
    refused(await verify(api, staff["email"]))
    assert (await verify(api, staff["email"], "a much newer secret")).status_code == 200
    assert (await api.ok("GET", f"/staff-users/{staff['staff_user_id']}"))["revision"] == 1


async def test_a_changed_email_signs_in_and_the_old_one_no_longer(api: SettingsApi, practice: Practice) -> None:
    parent = await api.portal_user(practice.clinic, practice.patient)
    new_email = unique_email("moved")
    await api.ok("PATCH", f"/portal-users/{parent['portal_user_id']}", {"email": new_email})
    refused(await verify(api, parent["email"]))
    assert (await verify(api, new_email)).json()["user_id"] == parent["portal_user_id"]


async def test_an_email_used_in_two_clinics_needs_the_clinic(api: SettingsApi, practice: Practice) -> None:
    email = unique_email("twice")
    here = await api.staff_user(practice.clinic, email=email)
    there = await api.staff_user(await api.clinic(name="Elsewhere"), email=email)
    assert_problem(await verify(api, email), 409, "clinic-required")
    answer = await verify(api, email, clinic_id=there["clinic_id"])
    assert answer.json()["user_id"] == there["staff_user_id"]
    assert (await verify(api, email, clinic_id=here["clinic_id"])).json()["user_id"] == here["staff_user_id"]
