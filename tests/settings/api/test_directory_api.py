"""`GET /clinics/{clinic_id}/directory`: the patients, therapists, locations and visit types a
scheduler's page names, by id, in one read. Only what the ids name, only of the caller's clinic;
a portal user may not read it (it names patients), as they may not read the patient list."""

import uuid

import httpx
import pytest

from servicekit.actor_tokens import Actor
from tests.settings.settings_api import Practice, SettingsApi

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_staff_read_just_the_named_entities_of_their_clinic(stack, api: SettingsApi, practice: Practice) -> None:
    clinic_id = practice.clinic["clinic_id"]
    unnamed_patient = await api.patient(practice.clinic)
    elsewhere = await api.clinic()
    far_patient = await api.patient(elsewhere)
    scheduler = await api.staff_user(practice.clinic, permissions=["scheduling"])
    actor = Actor.staff_user(uuid.UUID(scheduler["staff_user_id"]), uuid.UUID(clinic_id))
    async with httpx.AsyncClient(
        base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"), timeout=20
    ) as http:
        answer = await http.get(
            f"/clinics/{clinic_id}/directory",
            params={
                "patient_id": [practice.patient["patient_id"], far_patient["patient_id"], str(uuid.uuid4())],
                "therapist_id": [practice.therapist["therapist_id"]],
                "location_id": [practice.location["location_id"]],
            },
        )
        assert answer.status_code == 200, answer.text
        directory = answer.json()
        assert [patient["patient_id"] for patient in directory["patients"]] == [practice.patient["patient_id"]]
        assert unnamed_patient["patient_id"] not in str(directory)
        assert directory["therapists"] == [practice.therapist]
        assert directory["locations"][0]["time_zone"] == practice.location["time_zone"]
        assert directory["visit_types"] == []  # none asked for: none read

        nothing = (await http.get(f"/clinics/{clinic_id}/directory")).json()
        assert nothing == {"patients": [], "therapists": [], "locations": [], "visit_types": []}

        not_an_id = await http.get(f"/clinics/{clinic_id}/directory", params={"patient_id": "someone"})
        assert not_an_id.status_code == 422
        assert not_an_id.headers["content-type"].startswith("application/problem+json")

        another_clinic = await http.get(f"/clinics/{elsewhere['clinic_id']}/directory")
        assert another_clinic.status_code == 404


async def test_a_portal_user_may_not_read_the_directory(stack, api: SettingsApi, practice: Practice) -> None:
    parent = await api.portal_user(practice.clinic, practice.patient)
    actor = Actor.portal_user(uuid.UUID(parent["portal_user_id"]), uuid.UUID(practice.clinic["clinic_id"]))
    async with httpx.AsyncClient(
        base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"), timeout=20
    ) as http:
        answer = await http.get(
            f"/clinics/{practice.clinic['clinic_id']}/directory",
            params={"patient_id": [practice.patient["patient_id"]]},
        )
        assert answer.status_code == 403, answer.text
