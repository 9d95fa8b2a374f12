"""Patients and their cases over real HTTP: every reference a case makes is checked."""

import uuid

import pytest

from tests.settings.settings_api import Practice, SettingsApi, assert_problem

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_case_is_opened_active_and_listed_with_its_patient(api: SettingsApi, practice: Practice) -> None:
    case = practice.case
    assert case["status"] == "active" and case["allow_appointment_requests"] is False
    assert case["requestable_visit_type_ids"] == [practice.visit_type["visit_type_id"]]
    assert await api.ok("GET", f"{practice.clinic_path}/patient-cases") == [case]
    other_patient = await api.patient(practice.clinic, name="Owen Chen")
    mine = await api.ok("GET", f"{practice.clinic_path}/patient-cases?patient_id={practice.patient['patient_id']}")
    assert mine == [case]
    assert await api.ok("GET", f"{practice.clinic_path}/patient-cases?patient_id={other_patient['patient_id']}") == []


async def test_a_patient_is_renamed(api: SettingsApi, practice: Practice) -> None:
    renamed = await api.ok("PATCH", f"/patients/{practice.patient['patient_id']}", {"name": "Lily Chen-Park"})
    assert renamed["name"] == "Lily Chen-Park" and renamed["revision"] == 2
    assert await api.ok("GET", f"{practice.clinic_path}/patients") == [renamed]


async def refused_case(api: SettingsApi, practice: Practice, code: str, **fields) -> None:
    body = api.case_body(practice.patient, practice.therapist, practice.location, **fields)
    assert_problem(await api.http.post(f"{practice.clinic_path}/patient-cases", json=body), 422, code)


async def test_a_case_for_an_unknown_or_foreign_patient_is_refused(api: SettingsApi, practice: Practice) -> None:
    await refused_case(api, practice, "unknown-patient", patient_id=str(uuid.uuid4()))
    foreign = await api.patient(await api.clinic(name="Elsewhere"))
    await refused_case(api, practice, "reference-to-another-clinic", patient_id=foreign["patient_id"])


async def test_a_case_at_an_unknown_location_or_with_an_unknown_therapist_is_refused(
    api: SettingsApi, practice: Practice
) -> None:
    await refused_case(api, practice, "unknown-location", location_id=str(uuid.uuid4()))
    await refused_case(api, practice, "unknown-therapist", primary_therapist_id=str(uuid.uuid4()))


async def test_the_therapist_must_work_at_the_case_location(api: SettingsApi, practice: Practice) -> None:
    uptown = await api.location(practice.clinic, name="Uptown")
    await refused_case(api, practice, "therapist-not-at-location", location_id=uptown["location_id"])
    move = {"location_id": uptown["location_id"]}
    change = await api.http.patch(f"/patient-cases/{practice.case['case_id']}", json=move)
    assert_problem(change, 422, "therapist-not-at-location")


async def test_an_inactive_therapist_takes_no_new_case(api: SettingsApi, practice: Practice) -> None:
    await api.ok("PATCH", f"/therapists/{practice.therapist['therapist_id']}", {"active": False})
    await refused_case(api, practice, "therapist-inactive")


async def test_a_case_moves_to_another_therapist_and_location_together(api: SettingsApi, practice: Practice) -> None:
    uptown = await api.location(practice.clinic, name="Uptown")
    marcus = await api.therapist(practice.clinic, uptown, name="Marcus")
    moved = await api.ok(
        "PATCH",
        f"/patient-cases/{practice.case['case_id']}",
        {
            "location_id": uptown["location_id"],
            "primary_therapist_id": marcus["therapist_id"],
            "title": "Knee, phase 2",
        },
    )
    assert (moved["location_id"], moved["primary_therapist_id"]) == (uptown["location_id"], marcus["therapist_id"])
    assert moved["title"] == "Knee, phase 2" and moved["revision"] == 2


async def test_requestable_visit_types_must_exist_in_the_clinic_and_be_active(
    api: SettingsApi, practice: Practice
) -> None:
    path = f"/patient-cases/{practice.case['case_id']}/requestable-visit-types"
    foreign = await api.visit_type(await api.clinic(name="Elsewhere"))
    inactive = await api.visit_type(practice.clinic, name="Aquatic", active=False)
    assert_problem(await api.http.put(path, json=[str(uuid.uuid4())]), 422, "unknown-visit-type")
    assert_problem(await api.http.put(path, json=[foreign["visit_type_id"]]), 422, "reference-to-another-clinic")
    assert_problem(await api.http.put(path, json=[inactive["visit_type_id"]]), 422, "visit-type-inactive")
    await refused_case(api, practice, "unknown-visit-type", requestable_visit_type_ids=[str(uuid.uuid4())])
    assert await api.ok("GET", f"/patient-cases/{practice.case['case_id']}") == practice.case


async def test_a_visit_type_deactivated_later_stays_on_the_case(api: SettingsApi, practice: Practice) -> None:
    evaluation = await api.visit_type(practice.clinic, name="Evaluation", duration_minutes=60)
    path = f"/patient-cases/{practice.case['case_id']}"
    kept = [practice.visit_type["visit_type_id"], evaluation["visit_type_id"]]
    await api.ok("PUT", f"{path}/requestable-visit-types", kept)
    await api.ok("PATCH", f"/visit-types/{practice.visit_type['visit_type_id']}", {"active": False})
    assert (await api.ok("PATCH", path, {"title": "Renamed"}))["requestable_visit_type_ids"] == kept


async def test_a_case_is_discharged_and_its_switch_flipped_without_deleting(
    api: SettingsApi, practice: Practice
) -> None:
    path = f"/patient-cases/{practice.case['case_id']}"
    allowed = await api.ok("PUT", f"{path}/appointment-requests", {"enabled": True})
    assert allowed["allow_appointment_requests"] is True
    discharged = await api.ok("PUT", f"{path}/status", {"status": "discharged"})
    assert discharged["status"] == "discharged" and discharged["revision"] == 3
    assert discharged["requestable_visit_type_ids"] == practice.case["requestable_visit_type_ids"]
    assert_problem(await api.http.put(f"{path}/status", json={"status": "closed"}), 422, "invalid-request")


async def test_a_case_is_taken_up_again_only_where_its_therapist_still_works(
    api: SettingsApi, practice: Practice
) -> None:
    path = f"/patient-cases/{practice.case['case_id']}"
    await api.ok("PUT", f"{path}/status", {"status": "discharged"})
    therapist_locations = f"/therapists/{practice.therapist['therapist_id']}/locations"
    await api.ok("PUT", therapist_locations, [])
    assert_problem(await api.http.put(f"{path}/status", json={"status": "active"}), 422, "therapist-not-at-location")
    await api.ok("PUT", therapist_locations, [practice.location["location_id"]])
    assert (await api.ok("PUT", f"{path}/status", {"status": "active"}))["status"] == "active"


async def test_an_unknown_case_or_patient_is_a_404(api: SettingsApi) -> None:
    assert_problem(await api.http.get(f"/patient-cases/{uuid.uuid4()}"), 404, "patient-case-not-found")
    assert_problem(await api.http.patch(f"/patients/{uuid.uuid4()}", json={"name": "X"}), 404, "patient-not-found")


async def test_a_deactivated_patients_cases_are_discharged_and_stay_so(api: SettingsApi, practice: Practice) -> None:
    await api.ok("PATCH", f"/patients/{practice.patient['patient_id']}", {"active": False})
    path = f"/patient-cases/{practice.case['case_id']}"
    assert (await api.ok("GET", path))["status"] == "discharged"
    assert_problem(await api.http.put(f"{path}/status", json={"status": "active"}), 422, "patient-inactive")
    await refused_case(api, practice, "patient-inactive")
    await api.ok("PATCH", f"/patients/{practice.patient['patient_id']}", {"active": True})
    assert (await api.ok("PUT", f"{path}/status", {"status": "active"}))["status"] == "active"
