"""The portal API: a patient or caregiver, and only the patients linked to them."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

import httpx
from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from clinic_contracts.access import (
    case_is_requestable,
    portal_user_may_request_for,
    visit_type_is_active,
    visit_type_is_allowed_for,
    visit_type_is_requestable,
)
from clinic_contracts.calendar_range import Day, Instant
from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    VisitTypeChanged,
)
from clinic_contracts.preferred_times import PreferredTimes
from clinic_gateway import demo_ids as demo
from clinic_gateway.clients import Services
from clinic_gateway.clients.transport import relay
from clinic_gateway.composition.requests import visible_request
from clinic_gateway.documents import AppointmentRequestWithHistory, RequestPage, SeriesPreview, SeriesRequests, Slots
from clinic_gateway.identity import PortalUser, ServicesDep, SignedInDep, active_portal_user, not_found, portal_only
from clinic_gateway.portal_documents import PortalCase, PortalLocation, PortalPatient, PortalVisitType
from clinic_gateway.problems import (
    APPOINTMENT_CANCELLATION_RULES,
    DATE_RANGE_TOO_LONG,
    INVALID_DATE_RANGE,
    NOT_FOUND,
    OFFER_ANSWER_RULES,
    PORTAL_ONLY,
    PREFERRED_TIMES_RULES,
    SERIES_RULES,
    SIGNED_IN,
    SUBMISSION_RULES,
    UNKNOWN_CASE,
    WITHDRAWAL_RULES,
    Example,
    problems,
)
from clinic_gateway.routes.request_steps import Step, add_steps, caller
from clinic_gateway.tokens import SignedIn, not_signed_in
from servicekit.paging import Offset, PageSize
from servicekit.settings_freshness import HEADER, seen_header

PORTAL_PROBLEMS = (*SIGNED_IN, PORTAL_ONLY, NOT_FOUND)
router = APIRouter(prefix="/api/portal", tags=["portal"], responses=problems(*PORTAL_PROBLEMS))

# The request workflow's own codes, so the slot list and the submission refuse alike.
VISIT_TYPE_INACTIVE = Example.of("visit-type-inactive", "The visit type is no longer offered.")
VISIT_TYPE_NOT_REQUESTABLE = Example.of(
    "visit-type-not-requestable-for-case", "This visit type cannot be requested for the case."
)
LOCATION_NOT_THE_CASES = Example.of(
    "location-not-the-cases", "Requests for this case are made at the location where it is treated."
)


async def linked_patient(portal_user: PortalUser, patient_id: UUID, gateway: ServicesDep) -> PatientChanged:
    if not portal_user_may_request_for(portal_user, patient_id):
        raise not_found("patient")
    return await gateway.settings.patient(patient_id)


async def linked_case(portal_user: PortalUser, case_id: UUID, gateway: ServicesDep) -> PatientCaseChanged:
    """The case, if it is of a patient linked to this user; else 404."""
    case = await gateway.settings.patient_case(case_id)
    if case is None or not portal_user_may_request_for(portal_user, case.patient_id):
        raise not_found("case")
    return case


async def requestable_case(portal_user: PortalUser, case_id: UUID, gateway: ServicesDep) -> PatientCaseChanged:
    """The case, if this user may request for its patient and all three gates are open; else 404."""
    case = await linked_case(portal_user, case_id, gateway)
    clinic, location = await asyncio.gather(
        gateway.settings.clinic(case.clinic_id), gateway.settings.location(case.location_id)
    )
    if not case_is_requestable(clinic, location, case):
        raise not_found("case")
    return case


@dataclass(frozen=True)
class RequestSettings:
    """What a portal user's request is judged by, read with the user's own account in one call
    (settings `GET /portal-users/{id}/request-settings`): a case, location or visit type they may
    not see is None."""

    portal_user: PortalUserChanged
    clinic: ClinicSettingsChanged
    case: PatientCaseChanged | None
    location: LocationChanged | None
    visit_type: VisitTypeChanged | None

    def seen(self) -> str:
        """The `Settings-Seen` header: the request service judges the submission once its copy has
        caught up with these revisions, so a gate an admin has just switched holds for this very
        submission (servicekit.settings_freshness). What was not read is not named: the judgement
        refuses it anyway."""
        return seen_header(self.portal_user, self.case, self.clinic, self.location, self.visit_type)


_READ_AS = {
    "clinic": ClinicSettingsChanged,
    "case": PatientCaseChanged,
    "location": LocationChanged,
    "visit_type": VisitTypeChanged,
}


async def request_settings(
    user: SignedIn, case_id: UUID, visit_type_id: UUID, gateway: ServicesDep, location_id: UUID | None = None
) -> RequestSettings:
    """The signed-in portal user, checked as every portal route checks them (identity), and the
    settings of their request, in one call where it took five. `location_id` None: the case's."""
    portal_only(user)
    params = {"case_id": str(case_id), "visit_type_id": str(visit_type_id)}
    if location_id is not None:
        params["location_id"] = str(location_id)
    found = await gateway.settings.request_settings(user.user_id, **params)
    if found is None:
        raise not_signed_in("This account no longer exists.")
    return RequestSettings(
        portal_user=active_portal_user(PortalUserChanged.model_validate(found["portal_user"])),
        **{
            name: None if found[name] is None else model.model_validate(found[name]) for name, model in _READ_AS.items()
        },
    )


@router.get("/patients")
async def my_patients(portal_user: PortalUser, gateway: ServicesDep) -> list[PortalPatient]:
    """The patients this user may request appointments for (a caregiver often has several); a
    deactivated patient is no longer among them."""
    patients = await asyncio.gather(*(gateway.settings.patient(patient_id) for patient_id in portal_user.patient_ids))
    return [PortalPatient.of(patient) for patient in patients if patient.active]


@router.get("/patients/{patient_id}/cases")
async def requestable_cases(patient_id: UUID, portal_user: PortalUser, gateway: ServicesDep) -> list[PortalCase]:
    """The patient's cases that accept appointment requests now (none while the clinic has them off)."""
    return [PortalCase.of(case) for case in await requestable_case_records(patient_id, portal_user, gateway)]


async def requestable_case_records(
    patient_id: UUID, portal_user: SignedIn, gateway: ServicesDep
) -> list[PatientCaseChanged]:
    """The cases behind that list, whole, for the gateway's own use (the FHIR facade maps them)."""
    await linked_patient(portal_user, patient_id, gateway)
    clinic, cases, locations = await asyncio.gather(
        gateway.settings.clinic(portal_user.clinic_id),
        gateway.settings.patient_cases(portal_user.clinic_id, patient_id),
        gateway.settings.locations(portal_user.clinic_id),
    )
    by_id = {location.location_id: location for location in locations}
    return [
        case
        for case in cases
        if case.location_id in by_id and case_is_requestable(clinic, by_id[case.location_id], case)
    ]


@router.get("/cases/{case_id}/visit-types")
async def requestable_visit_types(
    case_id: UUID, portal_user: PortalUser, gateway: ServicesDep
) -> list[PortalVisitType]:
    case = await requestable_case(portal_user, case_id, gateway)
    visit_types = await gateway.settings.visit_types(case.clinic_id)
    return [PortalVisitType.of(visit_type) for visit_type in visit_types if visit_type_is_requestable(case, visit_type)]


@router.get("/locations")
async def requestable_locations(portal_user: PortalUser, gateway: ServicesDep) -> list[PortalLocation]:
    """The clinic's locations that allow appointment requests."""
    locations = await gateway.settings.locations(portal_user.clinic_id)
    return [PortalLocation.of(location) for location in locations if location.allow_appointment_requests]


async def requestable_visit_type(
    user: SignedIn, case_id: UUID, visit_type_id: UUID, gateway: ServicesDep, location_id: UUID | None = None
) -> PatientCaseChanged:
    """The case, when this portal user may request this visit type for it (at its own location);
    else 404, or the workflow's own problem for the visit type."""
    # The portal user, the case, its clinic, its own location and the visit type, in one call.
    judged_by = await request_settings(user, case_id, visit_type_id, gateway)
    case, visit_type = judged_by.case, judged_by.visit_type
    if (
        case is None
        or judged_by.location is None
        or not case_is_requestable(judged_by.clinic, judged_by.location, case)
    ):
        raise not_found("case")
    if location_id is not None and location_id != case.location_id:
        raise LOCATION_NOT_THE_CASES.problem()
    if visit_type is None:
        raise not_found("visit type")
    if not visit_type_is_active(visit_type):
        raise VISIT_TYPE_INACTIVE.problem(f"The visit type {visit_type.name!r} is no longer offered.")
    if not visit_type_is_allowed_for(case, visit_type):
        raise VISIT_TYPE_NOT_REQUESTABLE.problem(
            f"The visit type {visit_type.name!r} cannot be requested for the case {case.title!r}."
        )
    return case


@router.get(
    "/cases/{case_id}/slots",
    response_model=Slots,
    responses=problems(
        *PORTAL_PROBLEMS,
        VISIT_TYPE_INACTIVE,
        VISIT_TYPE_NOT_REQUESTABLE,
        LOCATION_NOT_THE_CASES,
        INVALID_DATE_RANGE,
        DATE_RANGE_TOO_LONG,
        UNKNOWN_CASE,
    ),
)
async def requestable_slots(
    case_id: UUID,
    visit_type_id: UUID,
    date_from: Annotated[Day, Query(description="First local date, in the location's time zone")],
    date_to: Annotated[Day, Query(description="Last local date (included); at most 62 days after the first")],
    user: SignedInDep,
    gateway: ServicesDep,
    location_id: Annotated[UUID | None, Query(description="The case's location (the default)")] = None,
) -> Response:
    """The times that may be requested: the location's hours and the case's therapist's, minus their
    calendar, closures, the minimum notice and beyond the booking horizon, on the clinic's slot grid.
    Submitting one of them can still be refused if someone takes it first."""
    case = await requestable_visit_type(user, case_id, visit_type_id, gateway, location_id)
    params = {
        "case_id": str(case.case_id),
        "visit_type_id": str(visit_type_id),
        "location_id": str(case.location_id),
        "date_from": str(date_from),
        "date_to": str(date_to),
    }
    return (await gateway.availability.relayed_slots(**params)).response()


class Submission(BaseModel):
    """What every portal submission names (one request, a series, preferred times): it is judged by
    these settings and answered once per `idempotency_key`."""

    idempotency_key: str = Field(
        min_length=1, max_length=200, description="Any unique string per attempt; a retry with it is answered once."
    )
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID
    note: str = Field(default="", max_length=2000)


class NewRequest(Submission):
    start: Instant = Field(description="A slot's start, as listed by the slots endpoint")


async def own_request(portal_user: PortalUser, request_id: UUID, gateway: ServicesDep) -> AppointmentRequestWithHistory:
    # The request service answers for the signed-in portal user only (the actor token says who).
    return await visible_request(gateway, request_id)


async def forward_submission(
    user: SignedIn,
    body: Submission,
    path: str,
    gateway: Services,
    *,
    settle: bool,
) -> httpx.Response:
    """Any portal submission (one request, a series, preferred times): the settings it names are
    judged as every portal route judges them, then it goes to the request service with the
    revisions seen, waiting for the calendar's answer (about two seconds) where `settle`."""
    judged_by = await request_settings(user, body.case_id, body.visit_type_id, gateway, body.location_id)
    if not portal_user_may_request_for(judged_by.portal_user, body.patient_id):
        raise not_found("patient")
    if judged_by.case is None:
        raise not_found("case")
    return await gateway.requests.submit(path, body.model_dump(mode="json"), {HEADER: judged_by.seen()}, settle=settle)


def submitted(request: AppointmentRequestWithHistory, answer: httpx.Response, status: int) -> Response:
    """A submission's answer as the service sent it, with the status URL the portal polls."""
    location = {"Location": f"/api/portal/requests/{request.request_id}"}
    return Response(answer.content, status, headers=location, media_type="application/json")


SUBMIT_EXAMPLES = {
    "treatment": {
        "summary": "A treatment visit for Lily (the demo clinic)",
        "value": {
            "idempotency_key": "3f6c2b1e-9a47-4d2e-8b8e-5c1d7a0e4f21",
            "patient_id": demo.LILY,
            "case_id": demo.LILYS_CASE,
            "visit_type_id": demo.TREATMENT,
            "location_id": demo.DOWNTOWN,
            "start": "2026-12-08T14:00:00Z",
            "note": "Mornings suit us best; Lily has school from 12.",
        },
    }
}


def _submission_route(path: str, document: type, *rules: Example, answers: dict | None = None) -> Callable:
    """A portal submission's route: 201 with `document`, or a problem of the portal, of the
    submission rules every submission is judged by, or of its own `rules`."""
    responses = {**(answers or {}), **problems(*PORTAL_PROBLEMS, *SUBMISSION_RULES, *rules)}
    return router.post(path, status_code=201, response_model=document, responses=responses)


@_submission_route(
    "/requests",
    AppointmentRequestWithHistory,
    answers={
        201: {
            "description": "Settled: `pending` (the time is held for a scheduler's answer), or `refused`"
            " with `refusal` saying why (usually: the time was just taken)."
        },
        202: {
            "description": "Submitted; the calendar has not answered yet. Poll the `Location` URL.",
            "model": AppointmentRequestWithHistory,
        },
    },
)
async def submit_request(
    body: Annotated[NewRequest, Body(openapi_examples=SUBMIT_EXAMPLES)], user: SignedInDep, gateway: ServicesDep
) -> Response:
    """Ask for an appointment. Answers with the outcome (`pending`, or `refused` when the time was
    just taken) when the workflow settles within about two seconds; else 202 with a status URL.
    Sending the same `idempotency_key` again answers with the first submission."""
    response = await forward_submission(user, body, "/requests", gateway, settle=True)
    request = gateway.requests.checked(AppointmentRequestWithHistory, response)
    status = 202 if request.status == "submitted" else 201
    return submitted(request, response, status)


@router.get("/requests")
async def my_requests(
    portal_user: PortalUser,
    gateway: ServicesDep,
    status: Annotated[list[str] | None, Query(description="Only these statuses (may repeat)")] = None,
    limit: PageSize = 50,
    offset: Offset = 0,
) -> RequestPage:
    """The requests this user made, newest first, with their status."""
    return await gateway.requests.page(limit=limit, offset=offset, **({"status": status} if status else {}))


@router.get("/requests/{request_id}")
async def my_request(request_id: UUID, portal_user: PortalUser, gateway: ServicesDep) -> AppointmentRequestWithHistory:
    """One of this user's requests, with its history (the status URL after a 202)."""
    return await own_request(portal_user, request_id, gateway)


# --- preferred times -------------------------------------------------------------------------


class NewPreferredTimesRequest(Submission):
    preferred_times: PreferredTimes = Field(
        description="Weekdays × parts of the day (morning 07-12, afternoon 12-17, evening 17-21, the location's"
        " local time) over local dates, within the clinic's booking horizon"
    )
    therapist_id: UUID | None = Field(default=None, description="A preferred therapist; default the case's own")


PREFERRED_TIMES_EXAMPLES = {
    "tuesday-thursday-mornings": {
        "summary": "Tuesday or Thursday mornings over three weeks",
        "value": {
            "idempotency_key": "b7e0c1d2-5a3f-4e8b-9c6d-2f1a0e9d8c7b",
            "patient_id": demo.LILY,
            "case_id": demo.LILYS_CASE,
            "visit_type_id": demo.TREATMENT,
            "location_id": demo.DOWNTOWN,
            "preferred_times": {
                "weekdays": ["tuesday", "thursday"],
                "parts_of_day": ["morning"],
                "date_from": "2027-03-01",
                "date_to": "2027-03-21",
            },
            "note": "Lily has school from 12.",
        },
    }
}


@_submission_route("/preferred-time-requests", AppointmentRequestWithHistory, *PREFERRED_TIMES_RULES)
async def submit_preferred_times(
    body: Annotated[NewPreferredTimesRequest, Body(openapi_examples=PREFERRED_TIMES_EXAMPLES)],
    user: SignedInDep,
    gateway: ServicesDep,
) -> Response:
    """Ask for preferred times instead of one slot ("Tuesday or Thursday mornings"): the request is
    `awaiting-time` and holds nothing; it counts against the case's limit as one request. A
    scheduler answers with a time inside them (then it is approved), offers other times, or
    declines. Sending the same `idempotency_key` again answers with the first submission."""
    response = await forward_submission(user, body, "/requests/preferred-times", gateway, settle=False)
    return submitted(gateway.requests.checked(AppointmentRequestWithHistory, response), response, 201)


# --- weekly series ----------------------------------------------------------------------------


class SeriesAsked(BaseModel):
    visit_type_id: UUID
    first_start: Instant = Field(description="The first visit's start: a slot's, as listed by the slots endpoint")
    interval_weeks: int = Field(ge=1, le=2, description="Every week (1) or every second week (2)")
    visits: int = Field(ge=2, le=52, description="How many visits; the clinic's `max_series_visits` bounds it")


class NewSeries(SeriesAsked, Submission):
    send: list[int] = Field(
        min_length=1,
        max_length=52,
        description="The visits to request (1 is the first): those the preview showed available",
    )


SERIES_PREVIEW_EXAMPLES = {
    "ten-weeks": {
        "summary": "Lily's treatment every week for ten weeks",
        "value": {
            "visit_type_id": demo.TREATMENT,
            "first_start": "2027-03-01T15:00:00Z",
            "interval_weeks": 1,
            "visits": 10,
        },
    }
}
SERIES_EXAMPLES = {
    "eight-of-ten": {
        "summary": "The eight visits of ten the preview showed available",
        "value": {
            "idempotency_key": "7a1d3c55-0f4e-4c1b-9d2a-6e8b5f3c2a10",
            "patient_id": demo.LILY,
            "case_id": demo.LILYS_CASE,
            "visit_type_id": demo.TREATMENT,
            "location_id": demo.DOWNTOWN,
            "first_start": "2027-03-01T15:00:00Z",
            "interval_weeks": 1,
            "visits": 10,
            "send": [1, 2, 4, 5, 6, 8, 9, 10],
            "note": "Mondays at 10 suit us all term.",
        },
    }
}


@router.post(
    "/cases/{case_id}/series-preview",
    response_model=SeriesPreview,
    responses=problems(
        *PORTAL_PROBLEMS, VISIT_TYPE_INACTIVE, VISIT_TYPE_NOT_REQUESTABLE, *SERIES_RULES[:2], UNKNOWN_CASE
    ),
)
async def preview_series(
    case_id: UUID,
    body: Annotated[SeriesAsked, Body(openapi_examples=SERIES_PREVIEW_EXAMPLES)],
    user: SignedInDep,
    gateway: ServicesDep,
) -> Response:
    """Each visit of a weekly series at the first visit's local time (which stays across a
    daylight-saving change): whether it may be requested now, judged as its hold will be, and why
    not in words (taken, the location closed, beyond the booking horizon, a time the clocks skip)."""
    case = await requestable_visit_type(user, case_id, body.visit_type_id, gateway)
    asked = {"case_id": str(case.case_id), **body.model_dump(mode="json")}
    return (await gateway.availability.series_preview(asked)).response()


@_submission_route("/series", SeriesRequests, *SERIES_RULES)
async def submit_series(
    body: Annotated[NewSeries, Body(openapi_examples=SERIES_EXAMPLES)], user: SignedInDep, gateway: ServicesDep
) -> Response:
    """Ask for a weekly series: one request per visit in `send`, sent together, each held (or
    refused when just taken) on its own and decided by the clinic one by one. The series counts as
    one request against the case's limit. Answers once the calendar has answered each visit, or
    after about two seconds with those still `submitted`."""
    response = await forward_submission(user, body, "/requests/series", gateway, settle=True)
    gateway.requests.checked(SeriesRequests, response)
    return relay(response)


# --- answering a counter-offer ----------------------------------------------------------------


class OfferedTimeChosen(BaseModel):
    hold_id: UUID = Field(description="The chosen time's `hold_id`, from the request's `counter_offer.times`.")


ACCEPT_EXAMPLES = {
    "one-time": {"summary": "One offered time", "value": {"hold_id": "0fd35f9c-5761-52f9-a173-7dceb8cc8518"}}
}


WITHDRAW_DOC = "Withdraw a pending request; the time is released."
CANCEL_APPOINTMENT_DOC = """Cancel an approved request's appointment, where the clinic allows it: up to its
`portal_cancellation_notice_hours` before the start (the request's `cancellable_until`). The
calendar frees the time and the request becomes `appointment-cancelled`; answers within about
two seconds with that, or `cancelling` while the calendar has not answered yet. A repeat
changes nothing."""
ACCEPT_DOC = """Accept one of the times the clinic offered: the request is approved at it (`approved` once
the calendar booked it, `approving` while it has not answered yet); the other offered times
are released. Accepting the same time again changes nothing."""
DECLINE_OFFER_DOC = """Decline every time the clinic offered: the request ends (`offer-declined`) and the times are
released."""

add_steps(
    router,
    # The request service takes a step for the signed-in portal user only (the actor token says who).
    caller("portal_user", PortalUser),
    PORTAL_PROBLEMS,
    Step("withdraw_request", "withdraw", WITHDRAWAL_RULES, WITHDRAW_DOC, settle=False, forwarded_as="cancel"),
    Step("cancel_appointment", "cancel-appointment", APPOINTMENT_CANCELLATION_RULES, CANCEL_APPOINTMENT_DOC),
    Step("accept_offered_time", "offer/accept", OFFER_ANSWER_RULES, ACCEPT_DOC, OfferedTimeChosen, ACCEPT_EXAMPLES),
    Step("decline_offer", "offer/decline", OFFER_ANSWER_RULES, DECLINE_OFFER_DOC, settle=False),
)
