"""The scheduler API: the Scheduling permission, and only patients the scheduler has access to.

A request for a patient the scheduler may not see answers 404, exactly like one that does not exist.
The services behind decide it (the request service the requests, availability the calendars,
bookings and cancellations, by `clinic_contracts.access.scheduler_scope`); the gateway composes
their answers with names.
"""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from clinic_contracts.calendar_range import Day, Instant
from clinic_gateway import demo_ids as demo
from clinic_gateway.composition import scheduler_views as views
from clinic_gateway.composition.scheduler_views import END_OR_VISIT_TYPE, RequestFilters
from clinic_gateway.documents import (
    Appointment,
    Calendar,
    MatchingSlots,
    PendingCount,
    RequestWithSnapshot,
    SchedulerRequestPage,
    Scope,
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
from clinic_gateway.routes.request_steps import Step, add_steps, caller
from servicekit.paging import Offset, PageSize

SCHEDULER_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_SCHEDULING, NOT_FOUND)
router = APIRouter(prefix="/api/scheduler", tags=["scheduler"], responses=problems(*SCHEDULER_PROBLEMS))


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
THERAPIST_OR_LOCATION = Example.of("therapist-or-location-required", "Name a location or at least one therapist.")


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
    filters = RequestFilters(location_id, therapist_id, patient_id, series_id, starts_from, starts_before)
    return await views.request_page(
        gateway, scheduler, filters, status=status or ["pending"], order=order, limit=limit, offset=offset
    )


@router.get("/requests/pending-count")
async def pending_count(scheduler: Scheduler, gateway: ServicesDep) -> PendingCount:
    """The badge: how many pending requests this scheduler may review."""
    return await gateway.requests.pending_count()


@router.get("/requests/{request_id}")
async def one_request(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> RequestWithSnapshot:
    """One request with its history, names, and the calendar snapshot: the therapist's day at the
    location around the requested time, each item marked when it overlaps it, the request's own
    hold marked `requested`."""
    return await views.request_view(gateway, scheduler, request_id)


class ChosenTime(BaseModel):
    start: Instant = Field(description="A matching slot's start (`/matching-slots`)")


@router.get("/requests/{request_id}/matching-slots", responses=problems(*SCHEDULER_PROBLEMS, NOT_AWAITING_A_TIME))
async def matching_slots(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> MatchingSlots:
    """For a request awaiting a time: its preferred times, and the free slots inside them for its
    therapist, location and visit type (the slots a portal user could request, computed by the
    calendar, kept when `PreferredTimes.admits` them), soonest first."""
    return await views.matching_slots(gateway, request_id)


APPROVE_DOC = """Approve: the appointment is booked (`approved`), or the request stays pending, marked
`conflicting` with the calendar's reason. Answers within about two seconds with the outcome;
`approving` means the calendar has not answered yet (read the request again)."""
EDIT_DOC = """Change the time, location, visit type or therapist; the new time is held before the old is
released. If the calendar refuses, `edit_refusal` says why and the request keeps its time."""
CHOOSE_TIME_DOC = """Book a request awaiting a time at `start`, inside its preferred times: the calendar holds it,
then the request is approved and booked (`approved`; `approving` while the calendar has not
answered yet). Refused by the calendar: `edit_refusal` says why, and it still awaits a time."""
OFFER_DOC = """Offer the portal user 1 to 3 other times (`offering`). The calendar holds those it can, each
for the clinic's `counter_offer_hours`, and releases the asked-for time: `offered`, with
`counter_offer` listing each time held or refused (with why). None held: `pending` again, with
its own time still held and `counter_offer.outcome` `none-held`."""
DECLINE_DOC = "Decline with a reason the portal user will see; the time is released."

add_steps(
    router,
    caller("scheduler", Scheduler),
    SCHEDULER_PROBLEMS,
    Step("approve", "approve", REVIEW_RULES, APPROVE_DOC),
    Step("edit", "edit", EDIT_RULES, EDIT_DOC, Edit, EDIT_EXAMPLES, sent={"mode": "json", "exclude_none": True}),
    Step("choose_time", "choose-time", CHOOSE_TIME_RULES, CHOOSE_TIME_DOC, ChosenTime, CHOOSE_TIME_EXAMPLES),
    Step(
        "offer_other_times",
        "offer",
        OFFER_RULES,
        OFFER_DOC,
        Offer,
        OFFER_EXAMPLES,
        sent={"mode": "json", "exclude_none": True},
    ),
    Step("decline", "decline", DECLINE_RULES, DECLINE_DOC, Decline, DECLINE_EXAMPLES, settle=False, sent={}),
)


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
    if (await gateway.requests.page(series_id=str(series_id), limit=1)).total == 0:
        raise not_found("series")
    return (await gateway.requests.decide_series(series_id, body.model_dump(mode="json"))).response()


@router.get("/scope", responses=problems(*SCHEDULER_PROBLEMS))
async def scope(scheduler: Scheduler, gateway: ServicesDep) -> Scope:
    """The scheduler's locations and the therapists who work at one of them, by name: what the
    calendar may show."""
    return await views.scope_view(gateway, scheduler)


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
    return await views.calendar_view(gateway, scheduler, day, span, location_id, therapist_id)


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
    end = await views.appointment_end(gateway, scheduler, body.start, body.end, body.visit_type_id)
    booking = {**body.model_dump(mode="json"), "end": end.isoformat()}
    return (await gateway.availability.book(booking)).response()


@router.post("/appointments/{appointment_id}/cancel", response_model=Appointment)
async def cancel_appointment(appointment_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Cancel an appointment of a patient the scheduler has access to; the time is free again.
    An approved request's appointment: the request becomes `appointment-cancelled`, naming this
    scheduler and the time. Cancelling it again changes nothing."""
    # Availability decides whether this scheduler may see it (a 404 as for no appointment at all).
    cancelled = await gateway.availability.cancel(appointment_id)
    if cancelled is None:
        raise not_found("appointment")
    return cancelled.response()
