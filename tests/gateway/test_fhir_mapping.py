"""The request → Appointment mapping (README "FHIR scheduling API") for every request status the
request service has, each result valid FHIR R4B: a status added to the state machine without a
row in the mapping fails here, not as a 500 in an EHR's face."""

import uuid

import pytest
from fhir.resources.R4B import get_fhir_model_class

from clinic_gateway.routes.fhir.appointments_mapping import STATUS_OF_REQUEST, appointment, appointment_responses
from clinic_requests.domain.appointment_request import RequestStatus

START, END = "2026-12-08T14:00:00+00:00", "2026-12-08T14:45:00+00:00"


def request_document(status: str, **changes) -> dict:
    return {
        "request_id": str(uuid.uuid4()),
        "status": status,
        "patient_id": str(uuid.uuid4()),
        "case_id": str(uuid.uuid4()),
        "visit_type_id": str(uuid.uuid4()),
        "location_id": str(uuid.uuid4()),
        "therapist_id": str(uuid.uuid4()),
        "start": START,
        "end": END,
        "note": "",
        "submitted_at": "2026-12-01T09:00:00+00:00",
        "appointment_id": str(uuid.uuid4()) if status in ("approved", "cancelling", "appointment-cancelled") else None,
        "refusal": None,
        "decline_reason": None,
        "expiry": None,
        "appointment_cancellation": None,
        "series": None,
        "counter_offer": None,
        **changes,
    }


def valid(resource: dict) -> dict:
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def test_every_request_status_has_its_appointment_status() -> None:
    assert set(STATUS_OF_REQUEST) == {status.value for status in RequestStatus}


@pytest.mark.parametrize("status", [status.value for status in RequestStatus])
def test_each_status_maps_to_a_valid_appointment(status: str) -> None:
    resource = valid(appointment(request_document(status), names={}))
    assert resource["status"] == STATUS_OF_REQUEST[status].status
    assert ("cancelationReason" in resource) == (resource["status"] == "cancelled")
    for answer in appointment_responses(request_document(status), names={}):
        valid(answer)


def test_an_offer_a_series_visit_and_a_clinic_cancellation() -> None:
    offered_time = {
        "hold_id": str(uuid.uuid4()),
        "start": "2026-12-09T15:00:00+00:00",
        "end": "2026-12-09T15:45:00+00:00",
    }
    offer = {
        "times": [offered_time | {"state": "held"}, offered_time | {"state": "refused", "start": START}],
        "answer_by": "2026-12-03T09:00:00+00:00",
    }
    series = {"series_id": str(uuid.uuid4()), "occurrence": 2, "occurrences": 10}
    request = request_document("offered", counter_offer=offer, series=series)
    resource = valid(appointment(request, names={}))
    assert resource["status"] == "pending"
    assert resource["requestedPeriod"] == [{"start": "2026-12-09T15:00:00Z", "end": "2026-12-09T15:45:00Z"}]
    assert resource["identifier"][0]["value"] == series["series_id"]
    assert resource["description"].startswith("Visit 2 of 10 of a weekly series")
    answers = [valid(answer) for answer in appointment_responses(request, names={})]
    assert [(a["participantStatus"], a["start"]) for a in answers] == [("tentative", "2026-12-09T15:00:00Z")]

    by_clinic = {"at": START, "actor_kind": "staff", "actor_id": str(uuid.uuid4())}
    cancelled = request_document("appointment-cancelled", appointment_cancellation=by_clinic)
    resource = valid(appointment(cancelled, names={}))
    assert resource["cancelationReason"]["coding"][0]["code"] == "clinic-cancelled"
    answers = [a["participantStatus"] for a in appointment_responses(cancelled, names={})]
    assert answers == ["accepted", "declined"]
