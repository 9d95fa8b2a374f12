"""A case's waitlist: families join and leave it for their cases; schedulers see the line, join on
a family's behalf and set priorities. The request service decides (its rules, its order); an
offer made from the waitlist is a request answered like a counter-offer (portal.py)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from clinic_gateway import demo_ids as demo
from clinic_gateway.composition.directory import names_for, with_names
from clinic_gateway.documents import NamedWaitlist, PartOfDay, Waitlist, WaitlistEntry
from clinic_gateway.identity import PortalUser, Scheduler, ServicesDep
from clinic_gateway.problems import Example, problems
from clinic_gateway.routes.portal import PORTAL_PROBLEMS, linked_case
from clinic_gateway.routes.scheduler import SCHEDULER_PROBLEMS

WAITLIST_RULES = (
    Example.of("waitlist-windows-empty", "Choose at least one weekday and one part of the day that would suit."),
    Example.of("waitlist-dates-invalid", "The dates run from the first to the last day that would suit."),
    Example.of("already-on-waitlist", "This case is on the waitlist already; leave it first to choose other times."),
)
ENTRY_NOT_FOUND = Example.of("waitlist-entry-not-found", "No waitlist entry has this id.")

portal_router = APIRouter(prefix="/api/portal/waitlist", tags=["portal"], responses=problems(*PORTAL_PROBLEMS))
scheduler_router = APIRouter(
    prefix="/api/scheduler/waitlist", tags=["scheduler"], responses=problems(*SCHEDULER_PROBLEMS)
)


class Windows(BaseModel):
    case_id: UUID
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        max_length=7, description="ISO weekdays: 1 is Monday, 7 Sunday."
    )
    parts_of_day: list[PartOfDay] = Field(
        max_length=3,
        description="Morning 07-12, afternoon 12-17, evening 17-21, the location's local time (as for preferred times).",
    )
    first_day: date
    last_day: date
    visit_type_id: UUID | None = Field(default=None, description="Default: the case's first requestable one.")
    therapist_id: UUID | None = Field(default=None, description="Default: the case's therapist.")


class OnBehalf(Windows):
    portal_user_id: UUID = Field(description="The family member offered the freed times.")
    priority: int = Field(
        default=0, ge=-1000, le=1000, description="The higher goes first (clinics ordering by priority)."
    )


class Priority(BaseModel):
    priority: int = Field(ge=-1000, le=1000)


_WINDOWS = {
    "case_id": demo.LILYS_CASE,
    "weekdays": [2, 4],
    "parts_of_day": ["morning"],
    "first_day": "2027-01-04",
    "last_day": "2027-02-26",
}
JOIN_EXAMPLES = {"tuesday-thursday-mornings": {"summary": "Tuesday or Thursday mornings", "value": _WINDOWS}}
ON_BEHALF_EXAMPLES = {
    "for-a-family": {
        "summary": "Lily's caregiver waits for an earlier time",
        "value": {**_WINDOWS, "portal_user_id": demo.WEI, "priority": 5},
    }
}
PRIORITY_EXAMPLES = {"first": {"summary": "Ahead of the others", "value": {"priority": 10}}}


@portal_router.get("")
async def my_waitlist(portal_user: PortalUser, gateway: ServicesDep) -> Waitlist:
    """This user's patients' places on waitlists, in the order freed times are offered."""
    return await gateway.requests.waitlist()


@portal_router.post(
    "", status_code=201, response_model=WaitlistEntry, responses=problems(*PORTAL_PROBLEMS, *WAITLIST_RULES)
)
async def join_waitlist(
    body: Annotated[Windows, Body(openapi_examples=JOIN_EXAMPLES)], portal_user: PortalUser, gateway: ServicesDep
) -> Response:
    """Wait for an earlier time for one of this user's cases: a time that comes free in the windows
    is offered by email and in the portal, held for a short while, to accept or decline."""
    await linked_case(portal_user, body.case_id, gateway)
    return (await gateway.requests.join_waitlist(body.model_dump(mode="json"))).response()


@portal_router.post(
    "/{entry_id}/leave", response_model=WaitlistEntry, responses=problems(*PORTAL_PROBLEMS, ENTRY_NOT_FOUND)
)
async def leave_waitlist(entry_id: UUID, portal_user: PortalUser, gateway: ServicesDep) -> Response:
    """Stop waiting; leaving again changes nothing."""
    return (await gateway.requests.leave_waitlist(entry_id)).response()


@scheduler_router.get("")
async def waitlist(
    scheduler: Scheduler, gateway: ServicesDep, case_id: Annotated[UUID | None, Query()] = None
) -> NamedWaitlist:
    """Waiting entries of the patients this scheduler sees (or of one case), in the clinic's order,
    with the names of their patient, therapist, location and visit type."""
    params = {"case_id": str(case_id)} if case_id else {}
    listed = await gateway.requests.waitlist(**params)
    shown = [item.model_dump(mode="json") for item in listed.items]
    names = await names_for(gateway.settings, scheduler.clinic_id, shown)
    items = [with_names(item, names) for item in shown]
    return NamedWaitlist.model_validate({"order": listed.order, "items": items})


@scheduler_router.post(
    "", status_code=201, response_model=WaitlistEntry, responses=problems(*SCHEDULER_PROBLEMS, *WAITLIST_RULES)
)
async def join_on_behalf(
    body: Annotated[OnBehalf, Body(openapi_examples=ON_BEHALF_EXAMPLES)], scheduler: Scheduler, gateway: ServicesDep
) -> Response:
    """Put a family on a case's waitlist (they are offered the freed times)."""
    return (await gateway.requests.join_waitlist(body.model_dump(mode="json"))).response()


@scheduler_router.post(
    "/{entry_id}/leave", response_model=WaitlistEntry, responses=problems(*SCHEDULER_PROBLEMS, ENTRY_NOT_FOUND)
)
async def take_off_waitlist(entry_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    return (await gateway.requests.leave_waitlist(entry_id)).response()


@scheduler_router.put(
    "/{entry_id}/priority", response_model=WaitlistEntry, responses=problems(*SCHEDULER_PROBLEMS, ENTRY_NOT_FOUND)
)
async def prioritise(
    entry_id: UUID,
    body: Annotated[Priority, Body(openapi_examples=PRIORITY_EXAMPLES)],
    scheduler: Scheduler,
    gateway: ServicesDep,
) -> Response:
    """Where the clinic orders its waitlist by priority, the higher goes first."""
    return (await gateway.requests.set_priority(entry_id, body.priority)).response()
