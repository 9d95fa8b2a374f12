"""A case's waitlist: families join and leave it for their cases; schedulers see the line, join on
a family's behalf and set priorities. The request service decides (its rules, its order); an
offer made from the waitlist is a request answered like a counter-offer (portal.py)."""

import asyncio
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from clinic_gateway.directory import clinic_names, with_names
from clinic_gateway.identity import PortalUser, Scheduler, ServicesDep
from clinic_gateway.problems import Example, problems
from clinic_gateway.routes.portal import PORTAL_PROBLEMS, linked_case
from clinic_gateway.routes.scheduler import SCHEDULER_PROBLEMS
from clinic_gateway.services import relay

_BREAKS = "The appointment request breaks a rule"
WAITLIST_RULES = (
    Example(422, "waitlist-windows-empty", _BREAKS, "Choose at least one weekday and one part of the day that would suit."),
    Example(422, "waitlist-dates-invalid", _BREAKS, "The dates run from the first to the last day that would suit."),
    Example(
        409,
        "already-on-waitlist",
        "The appointment request conflicts with what is already there",
        "This case is on the waitlist already; leave it first to choose other times.",
    ),
)
ENTRY_NOT_FOUND = Example(404, "waitlist-entry-not-found", "Not found", "No waitlist entry has this id.")

portal_router = APIRouter(prefix="/api/portal/waitlist", tags=["portal"], responses=problems(*PORTAL_PROBLEMS))
scheduler_router = APIRouter(
    prefix="/api/scheduler/waitlist", tags=["scheduler"], responses=problems(*SCHEDULER_PROBLEMS)
)

PartOfDay = Literal["morning", "afternoon", "evening"]


class Windows(BaseModel):
    case_id: UUID
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        max_length=7, description="ISO weekdays: 1 is Monday, 7 Sunday."
    )
    parts_of_day: list[PartOfDay] = Field(
        max_length=3, description="Morning 06-12, afternoon 12-17, evening 17-22, the location's local time."
    )
    first_day: date
    last_day: date
    visit_type_id: UUID | None = Field(default=None, description="Default: the case's first requestable one.")
    therapist_id: UUID | None = Field(default=None, description="Default: the case's therapist.")


class OnBehalf(Windows):
    portal_user_id: UUID = Field(description="The family member offered the freed times.")
    priority: int = Field(default=0, ge=-1000, le=1000, description="The higher goes first (clinics ordering by priority).")


class Priority(BaseModel):
    priority: int = Field(ge=-1000, le=1000)


@portal_router.get("")
async def my_waitlist(portal_user: PortalUser, gateway: ServicesDep) -> Response:
    """This user's patients' places on waitlists, in the order freed times are offered."""
    return relay(await gateway.requests.get("/waitlist"))


@portal_router.post("", status_code=201, responses=problems(*PORTAL_PROBLEMS, *WAITLIST_RULES))
async def join_waitlist(body: Windows, portal_user: PortalUser, gateway: ServicesDep) -> Response:
    """Wait for an earlier time for one of this user's cases: a time that comes free in the windows
    is offered by email and in the portal, held for a short while, to accept or decline."""
    await linked_case(portal_user, body.case_id, gateway)
    return relay(await gateway.requests.send("POST", "/waitlist", json=body.model_dump(mode="json")))


@portal_router.post("/{entry_id}/leave", responses=problems(*PORTAL_PROBLEMS, ENTRY_NOT_FOUND))
async def leave_waitlist(entry_id: UUID, portal_user: PortalUser, gateway: ServicesDep) -> Response:
    """Stop waiting; leaving again changes nothing."""
    return relay(await gateway.requests.send("POST", f"/waitlist/{entry_id}/leave"))


@scheduler_router.get("")
async def waitlist(
    scheduler: Scheduler, gateway: ServicesDep, case_id: Annotated[UUID | None, Query()] = None
) -> dict:
    """Waiting entries of the patients this scheduler sees (or of one case), in the clinic's order,
    with the names of their patient, therapist, location and visit type."""
    params = {"case_id": str(case_id)} if case_id else {}
    listed, names = await asyncio.gather(
        gateway.requests.get_json("/waitlist", params=params), clinic_names(gateway.settings, scheduler.clinic_id)
    )
    return {**listed, "items": [with_names(item, names) for item in listed["items"]]}


@scheduler_router.post("", status_code=201, responses=problems(*SCHEDULER_PROBLEMS, *WAITLIST_RULES))
async def join_on_behalf(body: OnBehalf, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Put a family on a case's waitlist (they are offered the freed times)."""
    return relay(await gateway.requests.send("POST", "/waitlist", json=body.model_dump(mode="json")))


@scheduler_router.post("/{entry_id}/leave", responses=problems(*SCHEDULER_PROBLEMS, ENTRY_NOT_FOUND))
async def take_off_waitlist(entry_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    return relay(await gateway.requests.send("POST", f"/waitlist/{entry_id}/leave"))


@scheduler_router.put("/{entry_id}/priority", responses=problems(*SCHEDULER_PROBLEMS, ENTRY_NOT_FOUND))
async def prioritise(entry_id: UUID, body: Priority, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Where the clinic orders its waitlist by priority, the higher goes first."""
    return relay(await gateway.requests.send("PUT", f"/waitlist/{entry_id}/priority", json=body.model_dump()))
