"""Therapists: who they are and where they work (the settings service), and when they work there
and their time off (the availability service's calendar).

The calendar learns of a new therapist, or of a location added to one, from the settings topics
a moment after the settings service has it; until then the gateway says so in its own words
(503 `calendar-catching-up`, with `Retry-After`) rather than passing on the calendar's 404.
"""

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import httpx
from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, Field

from clinic_contracts.events import OpeningInterval, StaffUserChanged, TherapistChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.clients import Services
from clinic_gateway.clients.transport import relay
from clinic_gateway.documents import TimeOff, WorkingHours
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import SCHEDULE_REJECTED, Example, problems
from clinic_gateway.routes.admin.common import (
    ADMIN_PROBLEMS,
    REFERENCE_TO_ANOTHER_CLINIC,
    AdminBody,
    examples,
    in_own_clinic,
    refused,
    unknown,
)
from clinic_gateway.routes.admin.pass_through import Change, Creation, Entity, add_routes
from servicekit.problems import problem_response

router = APIRouter()

THERAPIST_REFUSED = (
    refused("name-required", "The therapist's name must not be blank."),
    unknown("location"),
    REFERENCE_TO_ANOTHER_CLINIC,
)
CASES_LEFT_BEHIND = refused(
    "therapist-treats-active-cases-there",
    "Dana Whitfield is the primary therapist of active cases at that location (Toe walking); reassign or"
    " discharge them first.",
    status=409,
)
CALENDAR_CATCHING_UP = Example.of(
    "calendar-catching-up", "The calendar does not know this therapist at this location yet; try again in a moment."
)
TIME_OFF_REJECTED = Example.of(
    "exception-ends-before-it-starts",
    "Time off or extra hours from 2026-12-24 17:00:00+00:00 end at 2026-12-24 09:00:00+00:00.",
)


class NewTherapist(AdminBody):
    name: str
    location_ids: list[UUID] = Field(default=[], max_length=100)


class TherapistChange(AdminBody):
    """Only the fields given change. Deactivated, a therapist can be no case's new primary
    therapist; the cases they have keep them until reassigned."""

    name: str | None = None
    active: bool | None = None


class WorkingPeriod(AdminBody):
    """Weekly hours in the location's local time, from `effective_from` to `effective_to` (local
    dates, both included; none means until further notice)."""

    effective_from: date
    effective_to: date | None = None
    hours: list[OpeningInterval] = Field(max_length=200)


class Span(AdminBody):
    start: AwareDatetime
    end: AwareDatetime


class NewWorkingHours(AdminBody):
    periods: list[WorkingPeriod] = Field(max_length=50)
    extra_hours: list[Span] = Field(default=[], max_length=500, description="On top of the weekly hours")


NEW_THERAPIST = examples("A therapist at Downtown", {"name": "Ana Lima", "location_ids": [demo.DOWNTOWN]})
THERAPIST_CHANGES = {
    "rename": {"summary": "A new name", "value": {"name": "Ana Lima-Hart"}},
    "deactivate": {"summary": "Left the clinic", "value": {"active": False}},
}
LOCATION_IDS = examples("Downtown only", [demo.DOWNTOWN])
WORKING_HOURS = examples(
    "Weekdays 8 to 5 from December, and one Saturday morning",
    {
        "periods": [
            {
                "effective_from": "2026-12-01",
                "effective_to": None,
                "hours": [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(5)],
            }
        ],
        "extra_hours": [{"start": "2026-12-12T14:00:00Z", "end": "2026-12-12T17:00:00Z"}],
    },
)
TIME_OFF = examples(
    "A week's holiday and a morning at a course",
    [
        {"start": "2026-12-21T05:00:00Z", "end": "2026-12-28T05:00:00Z"},
        {"start": "2027-01-08T14:00:00Z", "end": "2027-01-08T17:00:00Z"},
    ],
)


add_routes(
    router,
    Entity("therapists", "therapist_id", TherapistChanged),
    Creation(
        "add_therapist",
        NewTherapist,
        NEW_THERAPIST,
        THERAPIST_REFUSED,
        doc="A new therapist working at these locations; they offer times once they have working hours.",
    ),
    Change(
        "change_therapist",
        "PATCH",
        "",
        TherapistChange,
        THERAPIST_CHANGES,
        THERAPIST_REFUSED[:1],
        doc="Name, or deactivate / reactivate.",
    ),
    Change(
        "set_therapist_locations",
        "PUT",
        "locations",
        list[UUID],
        LOCATION_IDS,
        (*THERAPIST_REFUSED[1:], CASES_LEFT_BEHIND),
        body_max_length=100,
        doc="Where the therapist works. Leaving a location waits until their active cases there have another"
        " therapist or are discharged.",
    ),
)


async def _calendar(
    request: Request,
    gateway: Services,
    admin: StaffUserChanged,
    therapist_id: UUID,
    location_id: UUID | None,
    method: str,
    body: Any = None,
) -> Response:
    """The therapist's schedule at a location (`location_id`), or their time off (None): read or
    replaced in the calendar, once the therapist (and location) are known to be the admin's clinic's."""
    at_a_location = location_id is not None
    therapist, *_ = await asyncio.gather(
        in_own_clinic(gateway, admin, "therapists", therapist_id),
        *([in_own_clinic(gateway, admin, "locations", location_id)] if at_a_location else []),
    )
    aspect = f"working-hours/{location_id}" if at_a_location else "time-off"
    answer = await gateway.availability.therapist_calendar(method, therapist_id, aspect, body)
    works_there = at_a_location and str(location_id) in therapist["location_ids"]
    return _calendar_answer(request, answer, works_there)


def _calendar_answer(request: Request, answer: httpx.Response, works_there: bool) -> Response:
    """The calendar's answer, unless it is only behind the settings: it does not know the therapist
    or location yet, or not yet that the therapist works there."""
    problem = answer.headers.get("content-type", "").startswith("application/problem+json")
    code = answer.json().get("code") if problem else None
    behind = code in ("therapist-not-found", "location-not-found") or (
        code == "therapist-not-at-location" and works_there
    )
    if not behind:
        return relay(answer)
    catching_up: JSONResponse = problem_response(CALENDAR_CATCHING_UP.problem(), request.url.path)
    catching_up.headers["Retry-After"] = "1"
    return catching_up


def _calendar_route(method: str, aspect: str, document: type, *refused: Example) -> Callable:
    """One of the therapist's calendar routes (`/therapists/{therapist_id}/{aspect}`): each answers
    the admin problems, its own refusals and, while the calendar is behind, `calendar-catching-up`."""
    responses = problems(*ADMIN_PROBLEMS, *refused, CALENDAR_CATCHING_UP)
    return router.api_route(
        f"/therapists/{{therapist_id}}/{aspect}", methods=[method], response_model=document, responses=responses
    )


@_calendar_route("GET", "working-hours/{location_id}", WorkingHours)
async def working_hours(
    therapist_id: UUID, location_id: UUID, admin: Admin, gateway: ServicesDep, request: Request
) -> Response:
    """The therapist's schedule at the location: weekly hours by period, and extra hours."""
    return await _calendar(request, gateway, admin, therapist_id, location_id, "GET")


@_calendar_route("PUT", "working-hours/{location_id}", WorkingHours, SCHEDULE_REJECTED)
async def set_working_hours(
    therapist_id: UUID,
    location_id: UUID,
    body: Annotated[NewWorkingHours, Body(openapi_examples=WORKING_HOURS)],
    admin: Admin,
    gateway: ServicesDep,
    request: Request,
) -> Response:
    """Replace the therapist's whole schedule at the location. Requestable times are these hours
    within the location's, so a therapist without any has none."""
    return await _calendar(request, gateway, admin, therapist_id, location_id, "PUT", body.model_dump(mode="json"))


@_calendar_route("GET", "time-off", TimeOff)
async def time_off(therapist_id: UUID, admin: Admin, gateway: ServicesDep, request: Request) -> Response:
    """When the therapist is away (holidays, courses): no times are offered then, at any location."""
    return await _calendar(request, gateway, admin, therapist_id, None, "GET")


@_calendar_route("PUT", "time-off", TimeOff, TIME_OFF_REJECTED)
async def set_time_off(
    therapist_id: UUID,
    spans: Annotated[list[Span], Body(openapi_examples=TIME_OFF, max_length=500)],
    admin: Admin,
    gateway: ServicesDep,
    request: Request,
) -> Response:
    """Replace the therapist's whole time off (overlapping stretches merge). It applies at every
    location and wins over working and extra hours; appointments already booked stay."""
    time_off_spans = [span.model_dump(mode="json") for span in spans]
    return await _calendar(request, gateway, admin, therapist_id, None, "PUT", time_off_spans)
