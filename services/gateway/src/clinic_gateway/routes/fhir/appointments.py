"""Appointment (an appointment request) and AppointmentResponse (the clinic's answers): read and
search as the request service shows them to the caller, and create = submit a request, through
the portal's own submission (`routes.portal.submit_request`).

Creating is idempotent by a client-assigned identifier: an Appointment with an identifier of the
system SUBMISSION_KEYS (or, FHIR's conditional create, `If-None-Exist: identifier=SYSTEM|value`)
is submitted with that value as the submission's idempotency key, so a retry answers with the
same Appointment. Without one, each POST is a new request.
"""

import json
import uuid
from typing import Annotated
from urllib.parse import parse_qs
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request
from fhir.resources.R4B.appointment import Appointment
from pydantic import ValidationError

from clinic_contracts.access import portal_user_may_request_for
from clinic_gateway.clients.transport import PassedOn
from clinic_gateway.identity import not_found, portal_only
from clinic_gateway.routes.fhir.appointments_mapping import (
    STATUS_OF_REQUEST,
    appointment,
    appointment_responses,
    request_statuses,
)
from clinic_gateway.routes.fhir.caller import Caller, FhirCaller, clinic_names_for
from clinic_gateway.routes.fhir.outcomes import FhirResponse
from clinic_gateway.routes.fhir.references import SUBMISSION_KEYS, VISIT_TYPES, bad_parameter, referenced_id
from clinic_gateway.routes.fhir.search import searchset, time_range
from clinic_gateway.routes.portal import NewRequest, submit_request
from servicekit.paging import MAX_PAGE_SIZE, Offset
from servicekit.problems import Problem

router = APIRouter()

APPOINTMENT_STATUSES = sorted({mapped.status for mapped in STATUS_OF_REQUEST.values()})


async def visible_request(caller: FhirCaller, request_id: str) -> dict:
    """The request as the request service shows it to this caller; 404 when they may not see it."""
    try:
        UUID(request_id)
    except ValueError:
        raise not_found("appointment") from None
    response = await caller.gateway.requests.get(f"/requests/{request_id}")
    if response.status_code in (403, 404):
        raise not_found("appointment")
    if response.status_code != 200:
        raise PassedOn(response)
    return response.json()


@router.get("/Appointment/{id}", response_class=FhirResponse)
async def read_appointment(id: str, caller: Caller) -> FhirResponse:
    request = await visible_request(caller, id)
    return FhirResponse(appointment(request, await clinic_names_for(caller)))


@router.get("/Appointment", response_class=FhirResponse)
async def search_appointments(
    request: Request,
    caller: Caller,
    patient: Annotated[str | None, Query(description="Patient/{id}")] = None,
    status: Annotated[str | None, Query(description="Appointment statuses, comma-separated (OR)")] = None,
    date: Annotated[list[str] | None, Query(description="The start: ge/gt/le/lt/eq prefixes (AND)")] = None,
    count: Annotated[int, Query(alias="_count", ge=1, le=MAX_PAGE_SIZE)] = 50,
    offset: Annotated[Offset, Query(alias="_offset")] = 0,
) -> FhirResponse:
    """The requests the caller may see (the request service decides, as for the portal's and the
    scheduler's lists), soonest first."""
    params: dict = {"order": "soonest", "limit": count, "offset": offset}
    if patient:
        params["patient_id"] = str(referenced_id(patient, "Patient", "patient"))
    if status:
        wanted = status.split(",")
        if unknown := [code for code in wanted if code not in APPOINTMENT_STATUSES]:
            raise bad_parameter("status", f"{unknown[0]!r} is not one of {', '.join(APPOINTMENT_STATUSES)}.")
        params["status"] = [request_status for code in wanted for request_status in request_statuses(code)]
    when = time_range(date, "date")
    if when.starts_from:
        params["starts_from"] = when.starts_from.isoformat()
    if when.starts_before:
        params["starts_before"] = when.starts_before.isoformat()
    page = await caller.gateway.requests.get_json("/requests", params=params)
    names = await clinic_names_for(caller)
    next_url = None
    if offset + len(page["items"]) < page["total"]:
        next_url = str(request.url.include_query_params(_offset=offset + len(page["items"])))
    resources = [appointment(item, names) for item in page["items"]]
    return FhirResponse(searchset(request, resources, total=page["total"], next_url=next_url))


@router.post("/Appointment", response_class=FhirResponse, status_code=201)
async def create_appointment(
    request: Request,
    caller: Caller,
    if_none_exist: Annotated[str | None, Header(alias="If-None-Exist")] = None,
) -> FhirResponse:
    """Submit an appointment request: an Appointment with status `proposed`, the patient and the
    location as participants (the practitioner is the case's therapist, optional), the visit type
    as `serviceType`, `start` a free Slot's start, the patient's note as `comment`, and the case as
    `supportingInformation` (`EpisodeOfCare/{case_id}`; optional when the patient has one case
    that takes requests at that location). Answers 201 with the Appointment as it stands."""
    portal_only(caller.signed_in)
    asked = _parsed(await request.body())
    if asked.status != "proposed":
        raise Problem(
            422,
            "appointment-must-be-proposed",
            "The appointment cannot be created",
            "Create an Appointment with status `proposed`: the clinic books it when it approves the request.",
        )
    patient_id = _participant(asked, "Patient", required=True)
    if not portal_user_may_request_for(caller.user, patient_id):
        raise not_found("patient")  # as the portal's submission answers another family's patient
    location_id = _participant(asked, "Location", required=True)
    therapist_id = _participant(asked, "Practitioner", required=False)
    if not asked.start:
        raise _unprocessable("`start` is required: the start of a free Slot.")
    case_id = await _case(caller, asked, patient_id, location_id, therapist_id)
    submission = NewRequest(
        idempotency_key=_submission_key(asked, if_none_exist),
        patient_id=patient_id,
        case_id=case_id,
        visit_type_id=_visit_type(asked),
        location_id=location_id,
        start=asked.start,
        note=asked.comment or "",
    )
    # The portal's own submission: the same checks, the same request service call.
    submitted = await submit_request(submission, caller.signed_in, caller.gateway)
    request_document = json.loads(submitted.body)
    resource = appointment(request_document, await clinic_names_for(caller))
    headers = {"Location": f"/fhir/Appointment/{request_document['request_id']}"}
    return FhirResponse(resource, 201, headers=headers)


def _unprocessable(detail: str) -> Problem:
    return Problem(422, "invalid-appointment", "The appointment cannot be created", detail)


def _parsed(body: bytes) -> Appointment:
    try:
        document = json.loads(body)
    except ValueError:
        raise Problem(400, "invalid-json", "The request is not valid", "The body is not JSON.") from None
    if not isinstance(document, dict) or document.get("resourceType") != "Appointment":
        raise Problem(400, "invalid-resource", "The request is not valid", "The body must be an Appointment resource.")
    try:
        return Appointment.model_validate(document)
    except ValidationError as error:
        errors = [{"location": list(e["loc"]), "message": e["msg"]} for e in error.errors()]
        detail = "Not a valid FHIR Appointment."
        raise Problem(400, "invalid-resource", "The request is not valid", detail, errors=errors) from None


def _participant(asked: Appointment, kind: str, required: bool) -> UUID | None:
    found = [
        participant.actor.reference
        for participant in asked.participant
        if participant.actor and participant.actor.reference and participant.actor.reference.startswith(f"{kind}/")
    ]
    if len(found) > 1 or (required and not found):
        raise _unprocessable(f"Name exactly one {kind} participant.")
    if not found:
        return None
    try:
        return UUID(found[0].removeprefix(f"{kind}/"))
    except ValueError:
        raise _unprocessable(f"{found[0]!r} is not a {kind} of this server.") from None


def _visit_type(asked: Appointment) -> UUID:
    codes = [
        coding.code
        for concept in asked.serviceType or ()
        for coding in concept.coding or ()
        if coding.system in (VISIT_TYPES, None) and coding.code
    ]
    if len(codes) != 1:
        raise _unprocessable(f"Name the visit type as one `serviceType` coding of the system {VISIT_TYPES}.")
    try:
        return UUID(codes[0])
    except ValueError:
        raise _unprocessable(f"{codes[0]!r} is not a visit type of this server.") from None


async def _case(
    caller: FhirCaller, asked: Appointment, patient_id: UUID, location_id: UUID, therapist_id: UUID | None
) -> UUID:
    """The named case (`EpisodeOfCare/{id}`), or the patient's only case that takes requests at
    the location (with that therapist, when named)."""
    named = [
        info.reference.removeprefix("EpisodeOfCare/")
        for info in asked.supportingInformation or ()
        if info.reference and info.reference.startswith("EpisodeOfCare/")
    ]
    if named:
        try:
            return UUID(named[0])
        except ValueError:
            raise _unprocessable(f"{named[0]!r} is not a case of this server.") from None
    cases = [
        case
        for case in await caller.requestable_cases()
        if case.patient_id == patient_id
        and case.location_id == location_id
        and therapist_id in (None, case.primary_therapist_id)
    ]
    if len(cases) != 1:
        raise _unprocessable(
            "The patient has no case taking requests there."
            if not cases
            else "The patient has several cases there: name one as supportingInformation EpisodeOfCare/{id}."
        )
    return cases[0].case_id


def _submission_key(asked: Appointment, if_none_exist: str | None) -> str:
    keys = [
        identifier.value
        for identifier in asked.identifier or ()
        if identifier.system == SUBMISSION_KEYS and identifier.value
    ]
    if not keys and if_none_exist:
        for value in parse_qs(if_none_exist).get("identifier", ()):
            system, _, key = value.partition("|")
            if system == SUBMISSION_KEYS and key:
                keys.append(key)
    if not keys:
        return f"fhir-{uuid.uuid4()}"  # no key: a new request each time
    return f"fhir-{keys[0]}"[:200]


@router.get("/AppointmentResponse", response_class=FhirResponse)
async def search_appointment_responses(
    request: Request,
    caller: Caller,
    appointment_ref: Annotated[str, Query(alias="appointment", description="Appointment/{id}")],
) -> FhirResponse:
    request_id = str(referenced_id(appointment_ref, "Appointment", "appointment"))
    try:
        found = await visible_request(caller, request_id)
    except Problem as problem:
        if problem.status != 404:
            raise
        return FhirResponse(searchset(request, []))
    return FhirResponse(searchset(request, appointment_responses(found, await clinic_names_for(caller))))


@router.get("/AppointmentResponse/{id}", response_class=FhirResponse)
async def read_appointment_response(id: str, caller: Caller) -> FhirResponse:
    found = await visible_request(caller, id[:36])
    answers = {answer["id"]: answer for answer in appointment_responses(found, await clinic_names_for(caller))}
    if id not in answers:
        raise not_found("appointment response")
    return FhirResponse(answers[id])
