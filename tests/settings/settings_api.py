"""Talking to the running settings service as the gateway would, with defaults for what a test
does not care about."""

import json
import uuid
from dataclasses import dataclass

import httpx

PASSWORD = "correct horse battery"


def unique_email(name: str = "user") -> str:
    return f"{name}.{uuid.uuid4().hex[:10]}@example.org"


def assert_problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == code, problem
    assert problem["type"].endswith("/" + code) and problem["status"] == status
    return problem


def assert_password_set(response: httpx.Response, practice: "Practice", user_id: str, email: str) -> None:
    """A one-time link (an invitation or a password reset) set this portal user's password."""
    assert response.status_code == 200, response.text
    expected = {"kind": "portal", "user_id": user_id, "clinic_id": practice.clinic["clinic_id"], "email": email}
    assert response.json() == expected


def case_body(patient: dict, therapist: dict, location: dict, **fields) -> dict:
    """A patient case's body for the settings API (the gateway's admin API passes it through)."""
    return {
        "patient_id": patient["patient_id"],
        "title": "Knee rehab",
        "primary_therapist_id": therapist["therapist_id"],
        "location_id": location["location_id"],
        **fields,
    }


class SettingsApi:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def created(self, path: str, body: dict) -> dict:
        response = await self.http.post(path, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def ok(self, method: str, path: str, body=None) -> dict:
        response = await self.http.request(method, path, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def clinic(self, **fields) -> dict:
        return await self.created("/clinics", {"name": "Harborview", "time_zone": "America/New_York", **fields})

    async def location(self, clinic: dict, **fields) -> dict:
        body = {"name": "Downtown", "time_zone": "America/New_York", **fields}
        return await self.created(f"/clinics/{clinic['clinic_id']}/locations", body)

    async def visit_type(self, clinic: dict, **fields) -> dict:
        body = {"name": "Treatment", "duration_minutes": 45, **fields}
        return await self.created(f"/clinics/{clinic['clinic_id']}/visit-types", body)

    async def therapist(self, clinic: dict, *locations: dict, **fields) -> dict:
        body = {"name": "Dana Whitfield", "location_ids": [loc["location_id"] for loc in locations], **fields}
        return await self.created(f"/clinics/{clinic['clinic_id']}/therapists", body)

    async def patient(self, clinic: dict, **fields) -> dict:
        return await self.created(f"/clinics/{clinic['clinic_id']}/patients", {"name": "Lily Chen", **fields})

    case_body = staticmethod(case_body)

    async def case(self, clinic: dict, patient: dict, therapist: dict, location: dict, **fields) -> dict:
        body = self.case_body(patient, therapist, location, **fields)
        return await self.created(f"/clinics/{clinic['clinic_id']}/patient-cases", body)

    async def portal_user(self, clinic: dict, *patients: dict, **fields) -> dict:
        body = {
            "name": "Wei Chen",
            "email": unique_email("portal"),
            "password": PASSWORD,
            "role": "caregiver",
            "patient_ids": [patient["patient_id"] for patient in patients],
            **fields,
        }
        return await self.created(f"/clinics/{clinic['clinic_id']}/portal-users", body)

    async def staff_user(self, clinic: dict, **fields) -> dict:
        body = {"name": "Sam Delgado", "email": unique_email("staff"), "password": PASSWORD, **fields}
        return await self.created(f"/clinics/{clinic['clinic_id']}/staff-users", body)

    async def invitation(self, clinic: dict, *patients: dict, **fields) -> dict:
        """A caregiver's invitation, unless `fields` say otherwise (`kind="staff"`, ...)."""
        body = {
            "kind": "portal",
            "name": "Wei Chen",
            "email": unique_email("invited"),
            "role": "caregiver",
            "patient_ids": [patient["patient_id"] for patient in patients],
        }
        if fields.get("kind") == "staff":
            body = {"kind": "staff", "name": "Sam Delgado", "email": unique_email("invited")}
        return await self.created(f"/clinics/{clinic['clinic_id']}/invitations", {**body, **fields})


def token_of(link: str) -> str:
    """The token in a one-time link (`.../invitation#token=...`)."""
    page, _, token = link.partition("#token=")
    assert token and "?" not in page, link
    return token


@dataclass
class Practice:
    """A clinic with one of everything a case needs: location, therapist there, patient, visit type."""

    clinic: dict
    location: dict
    therapist: dict
    patient: dict
    visit_type: dict
    case: dict

    @classmethod
    async def set_up(cls, api: SettingsApi) -> "Practice":
        clinic = await api.clinic()
        location = await api.location(clinic)
        therapist = await api.therapist(clinic, location)
        patient = await api.patient(clinic)
        visit_type = await api.visit_type(clinic)
        case = await api.case(
            clinic, patient, therapist, location, requestable_visit_type_ids=[visit_type["visit_type_id"]]
        )
        return cls(clinic, location, therapist, patient, visit_type, case)

    @property
    def clinic_path(self) -> str:
        return f"/clinics/{self.clinic['clinic_id']}"


def links_logged_for(stack, user_id: str, purpose: str = "password-reset") -> list[str]:
    """The one-time links (`invitation` or `password-reset`) the settings service has written to
    its log for this user, oldest first: how links reach people until a notifications service
    mails them."""
    log = stack.services["settings"].log_path.read_text()
    messages = [
        record["message"]
        for record in map(_json_or_none, log.splitlines())
        if record and record.get("logger") == "clinic_settings.links" and record.get("level") == "INFO"
    ]
    return [
        message.rsplit(": ", 1)[1].strip()
        for message in messages
        if message.startswith(f"{purpose} link for ") and f" user {user_id} " in message
    ]


def _json_or_none(line: str) -> dict | None:
    """A log line as the services write them (one JSON object each); None for anything else."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None
