"""The FHIR R4 scheduling facade (/fhir) through the gateway, the services and the real broker:
a FHIR client finds free slots, proposes an appointment, the clinic answers in the scheduler API,
and the client reads the outcome. Every resource answered is checked here with `fhir.resources`
(R4B) itself, not with the gateway's own check."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fhir.resources.R4B import get_fhir_model_class

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import DANA, LILY, LILY_CASE, PRIYA, make_room, new_key, slots, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

FHIR_JSON = "application/fhir+json"
VISIT_TYPES = "urn:clinic-appointment-requests:visit-type"
SUBMISSION_KEYS = "urn:clinic-appointment-requests:submission-key"
DANA_DOWNTOWN = DANA.hex + demo.DOWNTOWN.hex


def fhir(response: httpx.Response, status: int = 200) -> dict:
    """The answer's resource, after checking its status, content type and FHIR validity."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON), response.headers["content-type"]
    resource = response.json()
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    for entry in resource.get("entry", ()):
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    return resource


def outcome_code(response: httpx.Response) -> str:
    outcome = fhir(response, response.status_code)
    assert outcome["resourceType"] == "OperationOutcome"
    return outcome["issue"][0]["details"]["coding"][0]["code"]


def resources(bundle: dict) -> list[dict]:
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "searchset"
    return [entry["resource"] for entry in bundle["entry"]]


def proposed(start: str, key: str | None = None, note: str = "") -> dict:
    appointment = {
        "resourceType": "Appointment",
        "status": "proposed",
        "serviceType": [{"coding": [{"system": VISIT_TYPES, "code": str(demo.TREATMENT)}]}],
        "start": start,
        "participant": [
            {"actor": {"reference": f"Patient/{LILY}"}, "status": "accepted"},
            {"actor": {"reference": f"Practitioner/{DANA}"}, "status": "needs-action"},
            {"actor": {"reference": f"Location/{demo.DOWNTOWN}"}, "status": "needs-action"},
        ],
    }
    if note:
        appointment["comment"] = note
    if key:
        appointment["identifier"] = [{"system": SUBMISSION_KEYS, "value": key}]
    return appointment


def free_slots(caregiver) -> list[dict]:
    """Dana's free treatment times at Downtown from tomorrow, as FHIR Slots (once the calendar
    knows the case: the portal's list is waited for first)."""
    slots(caregiver, LILY_CASE, demo.TREATMENT)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    params = {
        "schedule": f"Schedule/{DANA_DOWNTOWN}",
        "service-type": f"{VISIT_TYPES}|{demo.TREATMENT}",
        "start": [f"ge{tomorrow}", f"lt{tomorrow + timedelta(days=14)}"],
        "status": "free",
    }
    found = resources(fhir(caregiver.call("GET", "/fhir/Slot", params=params)))
    assert found, "Dana has free time in the next two weeks"
    return found


def propose(caregiver, start: str, **kwargs) -> dict:
    created = caregiver.call(
        "POST", "/fhir/Appointment", json=proposed(start, **kwargs), headers={"Content-Type": FHIR_JSON}
    )
    appointment = fhir(created, 201)
    assert created.headers["location"] == f"/fhir/Appointment/{appointment['id']}"
    return appointment


def pending(caregiver, appointment_id: str) -> dict:
    return wait_for(lambda: _with_status(caregiver, appointment_id, "pending"))


def _with_status(api, appointment_id: str, status: str) -> dict:
    appointment = fhir(api.call("GET", f"/fhir/Appointment/{appointment_id}"))
    assert appointment["status"] == status, appointment["status"]
    return appointment


def test_the_capability_statement_is_open_and_valid(gateway) -> None:
    statement = fhir(httpx.get(f"{gateway}/fhir/metadata"))
    assert statement["resourceType"] == "CapabilityStatement"
    kinds = {resource["type"] for resource in statement["rest"][0]["resource"]}
    assert kinds == {"Patient", "Practitioner", "Location", "Schedule", "Slot", "Appointment", "AppointmentResponse"}


def test_a_fhir_client_finds_a_slot_proposes_and_reads_the_booked_appointment(
    caregiver, scheduler, therapists_at_work
) -> None:
    make_room(caregiver, LILY_CASE)
    schedules = resources(fhir(caregiver.call("GET", "/fhir/Schedule", params={"actor": f"Practitioner/{DANA}"})))
    assert [schedule["id"] for schedule in schedules] == [DANA_DOWNTOWN]
    assert fhir(caregiver.call("GET", f"/fhir/Schedule/{DANA_DOWNTOWN}"))["actor"][1]["reference"] == (
        f"Location/{demo.DOWNTOWN}"
    )
    portal_times = {slot["start"] for slot in slots(caregiver, LILY_CASE, demo.TREATMENT)}
    found = free_slots(caregiver)
    assert {_utc(slot["start"]) for slot in found} <= {_utc(start) for start in portal_times}, "the portal's list"
    slot = found[len(found) // 2]

    key = new_key()
    created = propose(caregiver, slot["start"], key=key, note="FHIR: mornings suit us")
    assert created["status"] in ("proposed", "pending")
    again = propose(caregiver, slot["start"], key=key, note="FHIR: mornings suit us")
    assert again["id"] == created["id"], "the same identifier submits once"
    appointment_id = created["id"]
    assert pending(caregiver, appointment_id)["comment"] == "FHIR: mornings suit us"
    taken_now = {s["start"] for s in free_slots(caregiver)}
    assert slot["start"] not in taken_now, "the held time is no longer free"

    approved = scheduler.ok("POST", f"/api/scheduler/requests/{appointment_id}/approve")
    try:
        booked = wait_for(lambda: _with_status(caregiver, appointment_id, "booked"))
        assert (booked["start"], booked["end"]) == (slot["start"], slot["end"])
        actors = {participant["actor"]["reference"]: participant["status"] for participant in booked["participant"]}
        assert actors == {
            f"Patient/{LILY}": "accepted",
            f"Practitioner/{DANA}": "accepted",
            f"Location/{demo.DOWNTOWN}": "accepted",
        }
        answers = resources(
            fhir(
                caregiver.call(
                    "GET", "/fhir/AppointmentResponse", params={"appointment": f"Appointment/{appointment_id}"}
                )
            )
        )
        assert [(answer["participantStatus"], answer["start"]) for answer in answers] == [("accepted", slot["start"])]
        fhir(caregiver.call("GET", f"/fhir/AppointmentResponse/{answers[0]['id']}"))
        day = slot["start"][:10]
        searched = caregiver.call(
            "GET", "/fhir/Appointment", params={"patient": f"Patient/{LILY}", "status": "booked", "date": day}
        )
        assert appointment_id in {found["id"] for found in resources(fhir(searched))}
        as_scheduler = fhir(scheduler.call("GET", f"/fhir/Appointment/{appointment_id}"))
        assert as_scheduler["status"] == "booked"
        for reference in (f"Patient/{LILY}", f"Practitioner/{DANA}", f"Location/{demo.DOWNTOWN}"):
            fhir(caregiver.call("GET", f"/fhir/{reference}"))
            fhir(scheduler.call("GET", f"/fhir/{reference}"))
    finally:
        booked_id = wait_for(
            lambda: scheduler.ok("GET", f"/api/scheduler/requests/{approved['request_id']}")["appointment_id"]
        )
        scheduler.ok("POST", f"/api/scheduler/appointments/{booked_id}/cancel")
    cancelled = wait_for(lambda: _with_status(caregiver, appointment_id, "cancelled"))
    assert cancelled["cancelationReason"]["coding"][0]["code"] == "clinic-cancelled"


def test_declined_withdrawn_and_counter_offered_requests_as_fhir(caregiver, scheduler, therapists_at_work) -> None:
    make_room(caregiver, LILY_CASE)
    found = free_slots(caregiver)
    first, second, offered_start = found[1]["start"], found[3]["start"], found[-2]["start"]

    declined = propose(caregiver, first)["id"]
    pending(caregiver, declined)
    scheduler.ok("POST", f"/api/scheduler/requests/{declined}/decline", json={"reason": "Dana is away that day."})
    appointment = wait_for(lambda: _with_status(caregiver, declined, "cancelled"))
    assert appointment["cancelationReason"]["coding"][0]["code"] == "declined"
    assert "Dana is away that day." in appointment["cancelationReason"]["text"]
    answers = resources(fhir(caregiver.call("GET", "/fhir/AppointmentResponse", params={"appointment": declined})))
    assert [answer["participantStatus"] for answer in answers] == ["declined"]

    offered = propose(caregiver, second)["id"]
    pending(caregiver, offered)
    offer = scheduler.call(
        "POST", f"/api/scheduler/requests/{offered}/offer", json={"times": [{"start": offered_start}]}
    )
    assert offer.status_code == 200, offer.text
    wait_for(lambda: caregiver.ok("GET", f"/api/portal/requests/{offered}")["status"] == "offered")
    appointment = fhir(caregiver.call("GET", f"/fhir/Appointment/{offered}"))
    assert appointment["status"] == "pending"
    assert [period["start"] for period in appointment["requestedPeriod"]] == [offered_start]
    answers = resources(fhir(caregiver.call("GET", "/fhir/AppointmentResponse", params={"appointment": offered})))
    assert [(answer["participantStatus"], answer["start"]) for answer in answers] == [("tentative", offered_start)]
    caregiver.ok("POST", f"/api/portal/requests/{offered}/offer/decline")
    appointment = wait_for(lambda: _with_status(caregiver, offered, "cancelled"))
    assert appointment["cancelationReason"]["coding"][0]["code"] == "offer-declined"

    withdrawn = propose(caregiver, first)["id"]
    pending(caregiver, withdrawn)
    caregiver.ok("POST", f"/api/portal/requests/{withdrawn}/withdraw")
    appointment = wait_for(lambda: _with_status(caregiver, withdrawn, "cancelled"))
    assert appointment["cancelationReason"]["coding"][0]["code"] == "withdrawn"
    by_status = caregiver.call("GET", "/fhir/Appointment", params={"patient": str(LILY), "status": "cancelled"})
    assert {declined, offered, withdrawn} <= {found["id"] for found in resources(fhir(by_status))}


def test_another_family_and_another_location_see_nothing(
    caregiver, grace, scheduler, pasadena_scheduler, admin, therapists_at_work
) -> None:
    make_room(caregiver, LILY_CASE)
    appointment_id = propose(caregiver, free_slots(caregiver)[2]["start"])["id"]
    try:
        for outsider in (grace, pasadena_scheduler):
            for path in (f"/fhir/Appointment/{appointment_id}", f"/fhir/Patient/{LILY}"):
                response = outsider.call("GET", path)
                assert response.status_code == 404 and outcome_code(response) == "not-found", path
                assert "Lily" not in response.text
            searched = outsider.call("GET", "/fhir/Appointment", params={"patient": f"Patient/{LILY}"})
            assert resources(fhir(searched)) == []
            answers = outsider.call("GET", "/fhir/AppointmentResponse", params={"appointment": appointment_id})
            assert resources(fhir(answers)) == []
        assert grace.call("GET", f"/fhir/Practitioner/{DANA}").status_code == 404, "not her children's therapist"
        assert pasadena_scheduler.call("GET", f"/fhir/Location/{demo.DOWNTOWN}").status_code == 404
        assert resources(fhir(grace.call("GET", "/fhir/Schedule", params={"actor": f"Practitioner/{DANA}"}))) == []
        slot_search = {"schedule": DANA_DOWNTOWN, "service-type": str(demo.TREATMENT)}
        assert resources(fhir(grace.call("GET", "/fhir/Slot", params=slot_search))) == []
        refused = admin.call("GET", f"/fhir/Appointment/{appointment_id}")
        assert refused.status_code == 403 and outcome_code(refused) == "scheduling-permission-required"
        # Another family's patient named in a proposal: not found, nothing submitted.
        stolen = grace.call("POST", "/fhir/Appointment", json=proposed(free_slots(caregiver)[3]["start"]))
        assert stolen.status_code in (404, 422), stolen.text
        assert outcome_code(stolen) in ("not-found", "invalid-appointment")
    finally:
        caregiver.ok("POST", f"/api/portal/requests/{appointment_id}/withdraw")


def test_bad_input_is_an_operation_outcome_never_a_server_error(caregiver, scheduler, therapists_at_work) -> None:
    cases = [
        ("GET", "/fhir/Appointment", {"params": {"date": "yesterday"}}, 400, "invalid-search-parameter"),
        ("GET", "/fhir/Appointment", {"params": {"status": "maybe"}}, 400, "invalid-search-parameter"),
        ("GET", "/fhir/Appointment", {"params": {"_count": "0"}}, 400, "invalid-request"),
        ("GET", "/fhir/Appointment/not-an-id", {}, 404, "not-found"),
        (
            "GET",
            "/fhir/Slot",
            {"params": {"schedule": "x", "service-type": str(demo.TREATMENT)}},
            400,
            "invalid-search-parameter",
        ),
        (
            "GET",
            "/fhir/Slot",
            {"params": {"schedule": DANA_DOWNTOWN, "service-type": "x"}},
            400,
            "invalid-search-parameter",
        ),
        ("POST", "/fhir/Appointment", {"content": b"{not json"}, 400, "invalid-json"),
        (
            "POST",
            "/fhir/Appointment",
            {"json": {"resourceType": "Appointment", "status": "proposed"}},
            400,
            "invalid-resource",
        ),
        (
            "POST",
            "/fhir/Appointment",
            {"json": proposed("2026-12-08T14:00:00Z") | {"status": "booked"}},
            422,
            "appointment-must-be-proposed",
        ),
        (
            "POST",
            "/fhir/Appointment",
            {
                "json": proposed("2026-12-08T14:00:00Z")
                | {"participant": [{"actor": {"reference": f"Patient/{LILY}"}, "status": "accepted"}]}
            },
            422,
            "invalid-appointment",
        ),
        ("GET", "/fhir/Nothing", {}, 404, "not-found"),
        # Refused by the guards in front of every route (text that is not Unicode, a body too large):
        # an OperationOutcome here too.
        ("GET", "/fhir/Slot?schedule=%00&service-type=x", {}, 400, "invalid-request"),
        (
            "POST",
            "/fhir/Appointment",
            {
                "content": b'{"resourceType": "Appointment", "comment": "\\ud800"}',
                "headers": {"content-type": "application/fhir+json"},
            },
            400,
            "invalid-request",
        ),
        ("POST", "/fhir/Appointment", {"content": b"{" + b" " * 2_000_000 + b"}"}, 413, "request-too-large"),
    ]
    wrong = []
    for method, path, kwargs, status, code in cases:
        response = caregiver.call(method, path, **kwargs)
        if response.status_code != status or outcome_code(response) != code:
            wrong.append(f"{method} {path} {kwargs}: {response.status_code} {response.text[:200]}")
    slot_as_scheduler = scheduler.call(
        "GET", "/fhir/Slot", params={"schedule": DANA_DOWNTOWN, "service-type": str(PRIYA)}
    )
    assert slot_as_scheduler.status_code == 403 and outcome_code(slot_as_scheduler) == "portal-only"
    assert not wrong, "\n".join(wrong)


def _utc(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
