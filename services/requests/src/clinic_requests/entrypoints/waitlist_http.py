"""The waitlist's HTTP API (internal): portal users join and leave for their patients' cases,
schedulers join on a family's behalf, set an entry's priority and see the line."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from clinic_requests.domain.commands import JoinWaitlist, LeaveWaitlist, PrioritiseWaitlistEntry
from clinic_requests.domain.waitlist import PartOfDay
from clinic_requests.entrypoints.documents import WaitlistDocument, WaitlistEntryDocument
from clinic_requests.entrypoints.http import UnitsOfWork
from clinic_requests.service_layer import waitlist
from servicekit.actor_auth import CurrentActor, kind_may_not
from servicekit.problems import Problem
from servicekit.request_body import RequestBody as Body

router = APIRouter(prefix="/waitlist", tags=["waitlist"])


@dataclass(frozen=True)
class Who:
    """A portal user, or a staff user; the gateway alone, or anyone else, may not."""

    portal_user_id: UUID | None
    staff_user_id: UUID | None


async def _who(actor: CurrentActor) -> Who:
    # async: FastAPI runs a plain function (or a class) dependency in its thread pool, a thread
    # hop of about 0.1 ms of CPU for what takes a microsecond.
    if actor.portal_user_id is None and actor.staff_user_id is None:
        raise kind_may_not(actor)
    return Who(actor.portal_user_id, actor.staff_user_id)


async def _staff_user(actor: CurrentActor) -> UUID:
    if actor.staff_user_id is None:
        raise kind_may_not(actor)
    return actor.staff_user_id


Caller = Annotated[Who, Depends(_who)]
StaffUserId = Annotated[UUID, Depends(_staff_user)]


class NewEntry(Body):
    case_id: UUID
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        max_length=7, description="ISO weekdays: 1 is Monday, 7 Sunday."
    )
    parts_of_day: list[PartOfDay] = Field(max_length=3)
    first_day: date = Field(description="The first local day that would suit.")
    last_day: date = Field(description="The last local day that would suit.")
    visit_type_id: UUID | None = Field(default=None, description="Default: the case's first requestable one.")
    therapist_id: UUID | None = Field(default=None, description="Default: the case's therapist.")
    portal_user_id: UUID | None = Field(
        default=None, description="A scheduler joining on a family's behalf: who is offered the times."
    )
    priority: int = Field(default=0, ge=-1000, le=1000, description="A scheduler's; the higher goes first.")


class Priority(Body):
    priority: int = Field(ge=-1000, le=1000)


@router.post("", status_code=201)
async def join_waitlist(who: Caller, body: NewEntry, uows: UnitsOfWork) -> WaitlistEntryDocument:
    """Join a case's waitlist (one waiting entry per case): a time freed in the calendar that fits
    the windows is offered as a short hold, answered like a counter-offer."""
    portal_user_id = who.portal_user_id or body.portal_user_id
    if portal_user_id is None:
        raise Problem(
            422,
            "waitlist-needs-portal-user",
            "The waitlist entry breaks a rule",
            "Name the portal user to offer the freed times to (`portal_user_id`).",
        )
    command = JoinWaitlist(
        portal_user_id=portal_user_id,
        case_id=body.case_id,
        weekdays=frozenset(body.weekdays),
        parts_of_day=frozenset(body.parts_of_day),
        first_day=body.first_day,
        last_day=body.last_day,
        visit_type_id=body.visit_type_id,
        therapist_id=body.therapist_id,
        staff_user_id=who.staff_user_id,
        priority=body.priority,
    )
    return WaitlistEntryDocument.of(await waitlist.join_waitlist(uows, command, _now()))


@router.get("")
async def list_waitlist(
    who: Caller, uows: UnitsOfWork, case_id: Annotated[UUID | None, Query()] = None
) -> WaitlistDocument:
    """Waiting entries, in the order a freed time is offered."""
    order, entries = await waitlist.list_waitlist(
        uows, portal_user_id=who.portal_user_id, staff_user_id=who.staff_user_id, case_id=case_id
    )
    return WaitlistDocument(order=order.value, items=[WaitlistEntryDocument.of(entry) for entry in entries])


@router.post("/{entry_id}/leave")
async def leave_waitlist(entry_id: UUID, who: Caller, uows: UnitsOfWork) -> WaitlistEntryDocument:
    """Off the waitlist (status `left`); again changes nothing. An offer already made stays open."""
    command = LeaveWaitlist(entry_id, portal_user_id=who.portal_user_id, staff_user_id=who.staff_user_id)
    return WaitlistEntryDocument.of(await waitlist.leave_waitlist(uows, command, _now()))


@router.put("/{entry_id}/priority")
async def prioritise(
    entry_id: UUID, staff_user_id: StaffUserId, body: Priority, uows: UnitsOfWork
) -> WaitlistEntryDocument:
    """A scheduler's priority for the entry: where the clinic orders by priority, the higher first."""
    command = PrioritiseWaitlistEntry(entry_id, staff_user_id, body.priority)
    return WaitlistEntryDocument.of(await waitlist.prioritise(uows, command))


def _now() -> datetime:
    return datetime.now(UTC)
