"""The scheduler API: the Scheduling permission, and only patients the scheduler has access to.

A request for a patient the scheduler may not see answers 404, exactly like one that does not exist.
The services behind decide it (the request service the requests, availability the calendars,
bookings and cancellations, by `clinic_contracts.access.scheduler_scope`); the gateway composes
their answers with names.
"""

import asyncio
from datetime import datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from clinic_contracts.calendar_range import Day, Instant
from clinic_contracts.events import VisitTypeChanged
from clinic_contracts.preferred_times import PreferredTimes
from clinic_gateway import demo_ids as demo
from clinic_gateway.directory import clinic_names, named, with_names
from clinic_gateway.documents import (
    Appointment,
    AppointmentRequestWithHistory,
    Calendar,
    MatchingSlots,
    PendingCount,
    RequestWithSnapshot,
    SchedulerRequestPage,
    SeriesDecisionOutcomes,
)
from clinic_gateway.identity import Scheduler, ServicesDep, not_found
from clinic_gateway.problems import (
    CALENDAR_CONFLICT,
    CHOOSE_TIME_RULES,
    DECLINE_RULES,
    EDIT_RULES,
    NEEDS_SCHEDULING,
    NOT_AWAITING_A_TIME,
    NOT_BOOKABLE,
    NOT_FOUND,
    OFFER_RULES,
    REVIEW_RULES,
    SIGNED_IN,
    STAFF_ONLY,
    Example,
    problems,
)
from clinic_gateway.scheduler_scope import scope_of
from clinic_gateway.services import PassedOn, relay
from servicekit.paging import Offset, PageSize

SCHEDULER_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_SCHEDULING, NOT_FOUND)
router = APIRouter(prefix="/api/scheduler", tags=["scheduler"], responses=problems(*SCHEDULER_PROBLEMS))

# The calendar's longest slot listing (availability's `slots.LONGEST_RANGE`).
LONGEST_SLOT_RANGE_DAYS = 62
# Approve and edit wait this long for the calendar's answer before answering with the current state.
SETTLE_SECONDS = 2


class Edit(BaseModel):
    """What to change; what is left out stays as it is."""

    start: Instant | None = None
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


class Decline(BaseModel):
    # Only a size guard: whether a reason was given ("" or blanks) is the request service's rule
    # (DeclineMustGiveAReason), so every empty reason answers `decline-reason-required`.
    reason: str = Field(max_length=1000)


class OfferedTimeChoice(BaseModel):
    """One other time; what is left out stays the request's own."""

    start: Instant
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


class Offer(BaseModel):
    """1 to 3 other times instead of the asked-for one."""

    times: list[OfferedTimeChoice] = Field(max_length=20)


class NewAppointment(BaseModel):
    """A booking for a patient the scheduler has access to, at one of their locations. The end is
    the start plus the visit type's length unless given. `appointment_id` makes a retry safe."""

    patient_id: UUID
    therapist_id: UUID
    location_id: UUID
    start: Instant
    end: Instant | None = None
    case_id: UUID | None = None
    visit_type_id: UUID | None = None
    appointment_id: UUID | None = None


EDIT_EXAMPLES = {
    "new-time": {"summary": "Another time", "value": {"start": "2026-12-08T15:00:00Z"}},
    "another-therapist": {"summary": "Another therapist, same time", "value": {"therapist_id": demo.DANA}},
}
DECLINE_EXAMPLES = {"away": {"summary": "A reason", "value": {"reason": "The therapist is away that week."}}}
OFFER_EXAMPLES = {
    "two-times": {
        "summary": "Two other times",
        "value": {"times": [{"start": "2026-12-08T15:00:00Z"}, {"start": "2026-12-09T14:00:00Z"}]},
    },
    "another-therapist": {
        "summary": "Another therapist at another time",
        "value": {"times": [{"start": "2026-12-08T16:00:00Z", "therapist_id": demo.DANA}]},
    },
}
CHOOSE_TIME_EXAMPLES = {
    "tuesday-morning": {
        "summary": "A Tuesday morning slot inside the preferred times",
        "value": {"start": "2026-12-08T14:00:00Z"},
    },
}
APPOINTMENT_EXAMPLES = {
    "by-visit-type": {
        "summary": "A treatment visit (45 minutes)",
        "value": {
            "patient_id": demo.LILY,
            "case_id": demo.LILYS_CASE,
            "visit_type_id": demo.TREATMENT,
            "therapist_id": demo.DANA,
            "location_id": demo.DOWNTOWN,
            "start": "2026-12-08T14:00:00Z",
        },
    },
}
THERAPIST_OR_LOCATION = Example(
    422, "therapist-or-location-required", "The request is not valid", "Name a location or at least one therapist."
)
END_OR_VISIT_TYPE = Example(
    422, "end-or-visit-type-required", "The request is not valid", "Give the appointment's end, or its visit type."
)


async def visible_request(scheduler: Scheduler, request_id: UUID, gateway: ServicesDep) -> dict:
    # The request service answers with what this scheduler may see (the actor token says who).
    response = await gateway.requests.get(f"/requests/{request_id}")
    if response.status_code in (403, 404):
        raise not_found("request")
    if response.status_code != 200:
        raise PassedOn(response)
    return response.json()


@router.get("/requests")
async def request_list(
    scheduler: Scheduler,
    gateway: ServicesDep,
    status: Annotated[list[str] | None, Query(description="Default: pending")] = None,
    location_id: UUID | None = None,
    therapist_id: UUID | None = None,
    patient_id: UUID | None = None,
    series_id: Annotated[UUID | None, Query(description="The visits of one weekly series")] = None,
    starts_from: Instant | None = None,
    starts_before: Instant | None = None,
    order: Literal["newest", "soonest"] = "soonest",
    limit: PageSize = 50,
    offset: Offset = 0,
) -> SchedulerRequestPage:
    """The request list: pending by default, with names, the portal user's note and the pending
    count (under the same filters, whatever the status filter)."""
    filters = {
        "location_id": location_id,
        "therapist_id": therapist_id,
        "patient_id": patient_id,
        "series_id": series_id,
        "starts_from": starts_from,
        "starts_before": starts_before,
    }
    params = {
        key: str(value) if not isinstance(value, datetime) else value.isoformat()
        for key, value in filters.items()
        if value
    }
    page, count, names = await asyncio.gather(
        gateway.requests.get_json(
            "/requests",
            params={**params, "status": status or ["pending"], "order": order, "limit": limit, "offset": offset},
        ),
        gateway.requests.get_json("/requests/pending-count", params=params),
        clinic_names(gateway.settings, scheduler.clinic_id),
    )
    return {**page, "items": [with_names(item, names) for item in page["items"]], "pending_count": count["pending"]}


@router.get("/requests/pending-count")
async def pending_count(scheduler: Scheduler, gateway: ServicesDep) -> PendingCount:
    """The badge: how many pending requests this scheduler may review."""
    return await gateway.requests.get_json("/requests/pending-count")


@router.get("/requests/{request_id}")
async def one_request(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> RequestWithSnapshot:
    """One request with its history, names, and the calendar snapshot: the therapist's day at the
    location around the requested time, each item marked when it overlaps it, the request's own
    hold marked `requested`."""
    request = await visible_request(scheduler, request_id, gateway)
    snapshot_params = {
        "therapist_id": request["therapist_id"],
        "location_id": request["location_id"],
        "start": request["start"],
        "end": request["end"],
        "request_id": request["request_id"],
    }
    # Availability shows the snapshot as this scheduler may see it; the gateway adds the names.
    names, snapshot = await asyncio.gather(
        clinic_names(gateway.settings, scheduler.clinic_id),
        gateway.availability.get_json("/calendar/snapshot", params=snapshot_params),
    )
    snapshot["items"] = [named(item, names) for item in snapshot["items"]]
    return {**with_names(request, names), "calendar_snapshot": snapshot}


async def _review(
    scheduler: Scheduler, gateway: ServicesDep, request_id: UUID, action: str, body: dict, wait: bool
) -> Response:
    await visible_request(scheduler, request_id, gateway)
    params = {"wait_seconds": SETTLE_SECONDS} if wait else None
    json = body if action != "approve" else None
    return relay(await gateway.requests.send("POST", f"/requests/{request_id}/{action}", params=params, json=json))


@router.post(
    "/requests/{request_id}/approve",
    response_model=AppointmentRequestWithHistory,
    responses=problems(*SCHEDULER_PROBLEMS, *REVIEW_RULES),
)
async def approve(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Approve: the appointment is booked (`approved`), or the request stays pending, marked
    `conflicting` with the calendar's reason. Answers within about two seconds with the outcome;
    `approving` means the calendar has not answered yet (read the request again)."""
    return await _review(scheduler, gateway, request_id, "approve", {}, wait=True)


@router.post(
    "/requests/{request_id}/edit",
    response_model=AppointmentRequestWithHistory,
    responses=problems(*SCHEDULER_PROBLEMS, *EDIT_RULES),
)
async def edit(
    request_id: UUID,
    body: Annotated[Edit, Body(openapi_examples=EDIT_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Change the time, location, visit type or therapist; the new time is held before the old is
    released. If the calendar refuses, `edit_refusal` says why and the request keeps its time."""
    changes = body.model_dump(mode="json", exclude_none=True)
    return await _review(scheduler, gateway, request_id, "edit", changes, wait=True)


class ChosenTime(BaseModel):
    start: Instant = Field(description="A matching slot's start (`/matching-slots`)")


@router.get("/requests/{request_id}/matching-slots", responses=problems(*SCHEDULER_PROBLEMS, NOT_AWAITING_A_TIME))
async def matching_slots(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> MatchingSlots:
    """For a request awaiting a time: its preferred times, and the free slots inside them for its
    therapist, location and visit type (the slots a portal user could request, computed by the
    calendar, kept when `PreferredTimes.admits` them), soonest first."""
    request = await visible_request(scheduler, request_id, gateway)
    if request["preferred_times"] is None:
        raise NOT_AWAITING_A_TIME.problem()
    windows = PreferredTimes.model_validate(request["preferred_times"])
    # The calendar lists at most LONGEST_SLOT_RANGE_DAYS at once; the booking horizon ends sooner.
    date_to = min(windows.date_to, windows.date_from + timedelta(days=LONGEST_SLOT_RANGE_DAYS - 1))
    params = {
        "case_id": request["case_id"],
        "visit_type_id": request["visit_type_id"],
        "location_id": request["location_id"],
        "therapist_id": request["therapist_id"],
        "date_from": str(windows.date_from),
        "date_to": str(date_to),
    }
    listing = await gateway.availability.get_json("/slots", params=params)
    zone = ZoneInfo(listing["time_zone"])
    inside = [slot for slot in listing["slots"] if windows.admits(datetime.fromisoformat(slot["start"]), zone)]
    return {**listing, "slots": inside, "preferred_times": windows}


@router.post(
    "/requests/{request_id}/choose-time",
    response_model=AppointmentRequestWithHistory,
    responses=problems(*SCHEDULER_PROBLEMS, *CHOOSE_TIME_RULES),
)
async def choose_time(
    request_id: UUID,
    body: Annotated[ChosenTime, Body(openapi_examples=CHOOSE_TIME_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Book a request awaiting a time at `start`, inside its preferred times: the calendar holds it,
    then the request is approved and booked (`approved`; `approving` while the calendar has not
    answered yet). Refused by the calendar: `edit_refusal` says why, and it still awaits a time."""
    return await _review(scheduler, gateway, request_id, "choose-time", body.model_dump(mode="json"), wait=True)


@router.post(
    "/requests/{request_id}/offer",
    response_model=AppointmentRequestWithHistory,
    responses=problems(*SCHEDULER_PROBLEMS, *OFFER_RULES),
)
async def offer_other_times(
    request_id: UUID,
    body: Annotated[Offer, Body(openapi_examples=OFFER_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Offer the portal user 1 to 3 other times (`offering`). The calendar holds those it can, each
    for the clinic's `counter_offer_hours`, and releases the asked-for time: `offered`, with
    `counter_offer` listing each time held or refused (with why). None held: `pending` again, with
    its own time still held and `counter_offer.outcome` `none-held`."""
    return await _review(
        scheduler, gateway, request_id, "offer", body.model_dump(mode="json", exclude_none=True), wait=True
    )


@router.post(
    "/requests/{request_id}/decline",
    response_model=AppointmentRequestWithHistory,
    responses=problems(*SCHEDULER_PROBLEMS, *DECLINE_RULES),
)
async def decline(
    request_id: UUID,
    body: Annotated[Decline, Body(openapi_examples=DECLINE_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Decline with a reason the portal user will see; the time is released."""
    return await _review(scheduler, gateway, request_id, "decline", body.model_dump(), wait=False)


class VisitDecision(BaseModel):
    request_id: UUID
    decision: Literal["approve", "decline"]
    reason: str = Field(default="", max_length=1000, description="Why not, for the portal user: required to decline")


class SeriesDecisions(BaseModel):
    decisions: list[VisitDecision] = Field(min_length=1, max_length=52)


SERIES_DECISION_EXAMPLES = {
    "approve-some": {
        "summary": "Approve two visits, decline one",
        "value": {
            "decisions": [
                {"request_id": "6f1c0c1e-2d6a-4f55-9b0e-1a2b3c4d5e01", "decision": "approve"},
                {"request_id": "6f1c0c1e-2d6a-4f55-9b0e-1a2b3c4d5e02", "decision": "approve"},
                {
                    "request_id": "6f1c0c1e-2d6a-4f55-9b0e-1a2b3c4d5e03",
                    "decision": "decline",
                    "reason": "The therapist is away that week.",
                },
            ]
        },
    }
}


@router.post("/series/{series_id}/decisions", response_model=SeriesDecisionOutcomes)
async def decide_series(
    series_id: UUID,
    body: Annotated[SeriesDecisions, Body(openapi_examples=SERIES_DECISION_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Decide visits of a weekly series at once: approve, or decline with a reason. Each is applied
    as the single request's approve or decline is (every rule holds for each); a refused one has
    its `code` and `detail` and leaves the others applied. Approvals answer within about two
    seconds with the calendar's outcome. Moving one visit is the request's own edit."""
    # The request service shows this scheduler only the series' visits they may see.
    visible = await gateway.requests.get_json("/requests", params={"series_id": str(series_id), "limit": 1})
    if visible["total"] == 0:
        raise not_found("series")
    path = f"/series/{series_id}/decisions"
    return relay(
        await gateway.requests.send(
            "POST", f"/requests{path}", params={"wait_seconds": SETTLE_SECONDS}, json=body.model_dump(mode="json")
        )
    )


class ScopeEntry(BaseModel):
    id: UUID
    name: str
    time_zone: str | None = None


class Scope(BaseModel):
    """The calendars this scheduler may open."""

    locations: list[ScopeEntry]
    therapists: list[ScopeEntry]


@router.get("/scope", responses=problems(*SCHEDULER_PROBLEMS))
async def scope(scheduler: Scheduler, gateway: ServicesDep) -> Scope:
    """The scheduler's locations and the therapists who work at one of them, by name: what the
    calendar may show."""
    seen, names = await scope_of(gateway, scheduler)
    locations, therapists = names["locations"], names["therapists"]
    return Scope(
        locations=sorted(
            (
                ScopeEntry(id=i, name=locations[str(i)]["name"], time_zone=locations[str(i)]["time_zone"])
                for i in seen.location_ids
            ),
            key=lambda entry: entry.name,
        ),
        therapists=sorted(
            (ScopeEntry(id=i, name=therapists[str(i)]["name"]) for i in seen.therapist_ids),
            key=lambda entry: entry.name,
        ),
    )


@router.get("/calendar", responses=problems(*SCHEDULER_PROBLEMS, THERAPIST_OR_LOCATION))
async def calendar(
    scheduler: Scheduler,
    gateway: ServicesDep,
    day: Annotated[Day, Query(description="A local date in the week or the day shown")],
    span: Literal["day", "week"] = "day",
    location_id: Annotated[UUID | None, Query(description="Everyone who works at this location")] = None,
    therapist_id: Annotated[list[UUID], Query(description="These therapists (may repeat)", max_length=50)] = [],  # noqa: B006 - FastAPI copies it
) -> Calendar:
    """Appointments, blocks and pending requests (kind `pending_request`: requested, not yet
    approved) over a day, or the Monday-to-Sunday week of `day`, in the location's time zone (the
    clinic's for therapists alone). Only the scheduler's locations, and therapists who work at one of
    them; an item of a patient the scheduler has no access to is shown as `busy`."""
    if location_id is None and not therapist_id:
        raise THERAPIST_OR_LOCATION.problem()
    params: dict = {"therapist_id": [str(therapist) for therapist in therapist_id]}
    if location_id is not None:
        params["location_id"] = str(location_id)
    date_from = day - timedelta(days=day.weekday()) if span == "week" else day
    date_to = date_from + timedelta(days=6 if span == "week" else 0)
    params |= {"date_from": str(date_from), "date_to": str(date_to)}
    # Availability decides what this scheduler may open and see (a 404 for what is not theirs);
    # the gateway adds the names.
    view, names = await asyncio.gather(
        gateway.availability.get_json("/calendar", params=params), clinic_names(gateway.settings, scheduler.clinic_id)
    )
    items = [named(item, names) for item in view["items"]]
    return {**view, "date_from": date_from, "date_to": date_to, "items": items}


@router.post(
    "/appointments",
    status_code=201,
    response_model=Appointment,
    responses=problems(*SCHEDULER_PROBLEMS, CALENDAR_CONFLICT, NOT_BOOKABLE, END_OR_VISIT_TYPE),
)
async def book_appointment(
    body: Annotated[NewAppointment, Body(openapi_examples=APPOINTMENT_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Book an appointment directly. Never over an appointment or a block (409 `calendar-conflict`);
    over pending requests it is allowed (each is marked conflicting). Closed days, time outside the
    location's or therapist's hours, and the past are refused (422 `not-bookable`). The same booking
    again with the same `appointment_id` answers 200."""
    # Availability decides whether this scheduler may book it (a 404 for a location, therapist,
    # patient or case that is not theirs); the gateway only works out the end from the visit type.
    end = body.end
    if end is None:
        names = await clinic_names(gateway.settings, scheduler.clinic_id)
        visit_type = names["visit-types"].get(str(body.visit_type_id))
        if visit_type is None:
            raise END_OR_VISIT_TYPE.problem()
        end = VisitTypeChanged.model_validate(visit_type).visit_end(body.start)
    booking = {**body.model_dump(mode="json"), "end": end.isoformat()}
    return relay(await gateway.availability.send("POST", "/appointments", json=booking))


@router.post("/appointments/{appointment_id}/cancel", response_model=Appointment)
async def cancel_appointment(appointment_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Cancel an appointment of a patient the scheduler has access to; the time is free again.
    An approved request's appointment: the request becomes `appointment-cancelled`, naming this
    scheduler and the time. Cancelling it again changes nothing."""
    # Availability decides whether this scheduler may see it (a 404 as for no appointment at all).
    cancelled = await gateway.availability.send("POST", f"/appointments/{appointment_id}/cancel")
    if cancelled.status_code == 404:
        raise not_found("appointment")
    return relay(cancelled)
