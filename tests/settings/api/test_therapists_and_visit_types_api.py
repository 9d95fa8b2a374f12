"""Visit types and therapists over real HTTP, with the references that tie them to locations."""

import uuid

import pytest

from tests.settings.settings_api import Practice, SettingsApi, assert_problem

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_visit_types_are_listed_changed_and_deactivated(api: SettingsApi) -> None:
    clinic = await api.clinic()
    evaluation = await api.visit_type(clinic, name="Evaluation", duration_minutes=60)
    treatment = await api.visit_type(clinic, name="Treatment", duration_minutes=45)
    assert await api.ok("GET", f"/clinics/{clinic['clinic_id']}/visit-types") == [evaluation, treatment]
    inactive = await api.ok("PATCH", f"/visit-types/{treatment['visit_type_id']}", {"active": False})
    assert inactive["active"] is False and inactive["revision"] == 2 and inactive["duration_minutes"] == 45


@pytest.mark.parametrize("minutes", [0, 481])
async def test_a_visit_duration_out_of_range_is_refused(api: SettingsApi, minutes: int) -> None:
    clinic = await api.clinic()
    response = await api.http.post(
        f"/clinics/{clinic['clinic_id']}/visit-types", json={"name": "Long", "duration_minutes": minutes}
    )
    assert_problem(response, 422, "visit-duration-out-of-range")
    visit_type = await api.visit_type(clinic)
    change = await api.http.patch(f"/visit-types/{visit_type['visit_type_id']}", json={"duration_minutes": minutes})
    assert_problem(change, 422, "visit-duration-out-of-range")


async def test_a_therapist_works_at_locations_of_their_clinic(api: SettingsApi) -> None:
    clinic = await api.clinic()
    downtown, pasadena = await api.location(clinic), await api.location(clinic, name="Pasadena")
    therapist = await api.therapist(clinic, downtown)
    both = await api.ok(
        "PUT", f"/therapists/{therapist['therapist_id']}/locations", [downtown["location_id"], pasadena["location_id"]]
    )
    assert both["location_ids"] == [downtown["location_id"], pasadena["location_id"]] and both["revision"] == 2
    assert await api.ok("GET", f"/clinics/{clinic['clinic_id']}/therapists") == [both]


async def test_a_therapist_at_an_unknown_or_foreign_location_is_refused(api: SettingsApi) -> None:
    clinic, other_clinic = await api.clinic(), await api.clinic(name="Elsewhere")
    foreign = await api.location(other_clinic)
    path = f"/clinics/{clinic['clinic_id']}/therapists"
    unknown = await api.http.post(path, json={"name": "Dana", "location_ids": [str(uuid.uuid4())]})
    assert_problem(unknown, 422, "unknown-location")
    elsewhere = await api.http.post(path, json={"name": "Dana", "location_ids": [foreign["location_id"]]})
    assert_problem(elsewhere, 422, "reference-to-another-clinic")


async def test_a_therapist_leaves_a_location_only_without_active_cases_there(
    api: SettingsApi, practice: Practice
) -> None:
    therapist = f"/therapists/{practice.therapist['therapist_id']}"
    assert_problem(await api.http.put(f"{therapist}/locations", json=[]), 409, "therapist-treats-active-cases-there")
    await api.ok("PUT", f"/patient-cases/{practice.case['case_id']}/status", {"status": "discharged"})
    assert (await api.ok("PUT", f"{therapist}/locations", []))["location_ids"] == []


async def test_a_therapist_is_deactivated_not_deleted(api: SettingsApi, practice: Practice) -> None:
    therapist = f"/therapists/{practice.therapist['therapist_id']}"
    inactive = await api.ok("PATCH", therapist, {"active": False})
    assert inactive["active"] is False and inactive["location_ids"] == practice.therapist["location_ids"]
    assert await api.ok("GET", therapist) == inactive
