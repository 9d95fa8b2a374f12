"""Holds: a pending request's time on the therapist's calendar, placed, moved and released.

Every hold is stored under the id the request service gave it, placed or refused, so the same hold
asked for again (a redelivery under a new event id, say) is recognised and answered once only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from clinic_availability.adapters.replicated_settings import UnknownSetting
from clinic_availability.domain import CalendarItem, ItemKind, ItemStatus, Placement
from clinic_availability.domain.calendar import visit_of
from clinic_availability.service_layer.availability import Visit, judge
from clinic_availability.service_layer.unit_of_work import CalendarUnitOfWork
from clinic_contracts import EventEnvelope
from clinic_contracts.events import (
    CounterOfferAccepted,
    CounterOfferDeclined,
    CounterOfferExpired,
    Event,
    HoldPlaced,
    HoldRefused,
    HoldReleased,
    OfferedTime,
    RefusalReason,
    RequestCancelled,
    RequestCounterOffered,
    RequestDeclined,
    RequestEdited,
    RequestExpired,
    RequestSubmitted,
)

HoldAsked = RequestSubmitted | RequestEdited


async def place_requested_hold(
    uow: CalendarUnitOfWork, cause: EventEnvelope, event: RequestSubmitted, now: datetime
) -> None:
    if await uow.calendar.get(event.hold_id) is not None:
        return
    await uow.calendar.lock([event.therapist_id])
    hold = _hold(cause, event, event, patient_id=event.patient_id, case_id=event.case_id)
    await _place(uow, cause, hold, Placement.REQUESTED_HOLD, now)


async def place_edited_hold(uow: CalendarUnitOfWork, cause: EventEnvelope, event: RequestEdited, now: datetime) -> None:
    """Hold the new time first; only once it is held is the previous hold released, so a refused
    edit leaves the request holding what it held."""
    if await uow.calendar.get(event.hold_id) is not None:
        return
    previous = await uow.calendar.get(event.previous_hold_id)
    await uow.calendar.lock([event.therapist_id, *([previous.therapist_id] if previous else [])])
    # The patient and case stay what they were; a request that held nothing before (it awaited a
    # time) names them.
    hold = _hold(cause, event, event, **_people(event, previous))
    releasing = previous if previous is not None and previous.status is ItemStatus.ACTIVE else None
    await _place(uow, cause, hold, Placement.EDITED_HOLD, now, releasing)


async def place_offered_holds(
    uow: CalendarUnitOfWork, cause: EventEnvelope, event: RequestCounterOffered, now: datetime
) -> None:
    """Hold each offered time under the scheduler's rules, answering for each; once one is held,
    release the asked-for hold (a scheduler offering other times says it cannot be given). None
    held: the request keeps what it held."""
    if await uow.calendar.get(event.offered_times[0].hold_id) is not None:
        return
    previous = await uow.calendar.get(event.previous_hold_id)
    therapists = {time.therapist_id for time in event.offered_times} | ({previous.therapist_id} if previous else set())
    await uow.calendar.lock(sorted(therapists))
    # Released right before the first offered time is stored (an offered time may overlap it, and
    # two blocking holds may not); kept while none is held.
    releasing = previous if previous is not None and previous.status is ItemStatus.ACTIVE else None
    for offered in event.offered_times:
        hold = _hold(cause, event, offered, **_people(event, previous))
        await _place(uow, cause, hold, Placement.EDITED_HOLD, now, releasing)
        if releasing is not None and (await uow.calendar.get(releasing.item_id)).status is not ItemStatus.ACTIVE:
            releasing = None


async def release_offered_holds(
    uow: CalendarUnitOfWork,
    cause: EventEnvelope,
    event: CounterOfferAccepted | CounterOfferDeclined | CounterOfferExpired,
    now: datetime,
) -> None:
    """The offer was answered or expired: the offered times not taken are free again."""
    for hold_id in event.released_hold_ids:
        hold = await uow.calendar.get(hold_id)
        if hold is not None and hold.kind is ItemKind.HOLD and hold.status is ItemStatus.ACTIVE:
            await uow.calendar.set_status(hold.item_id, ItemStatus.RELEASED)
            await _announce_release(uow, cause, hold)


def _people(event: RequestEdited | RequestCounterOffered, previous: CalendarItem | None) -> dict:
    """The hold's patient and case: the event's, else the previous hold's (older events name neither)."""
    return {
        "patient_id": event.patient_id or (previous and previous.patient_id),
        "case_id": event.case_id or (previous and previous.case_id),
    }


def _hold(
    cause: EventEnvelope, event: HoldAsked | RequestCounterOffered, time: HoldAsked | OfferedTime, **people
) -> CalendarItem:
    """The hold `event` asks for at `time`: the event's own time, or one of the times it offers."""
    visit = {**visit_of(time), "request_id": event.request_id, **people}
    return CalendarItem(
        item_id=time.hold_id, clinic_id=cause.clinic_id, kind=ItemKind.HOLD, blocking=event.holds_slot, **visit
    )


async def _place(
    uow: CalendarUnitOfWork,
    cause: EventEnvelope,
    hold: CalendarItem,
    placement: Placement,
    now: datetime,
    releasing: CalendarItem | None = None,
) -> None:
    visit = Visit(hold.therapist_id, hold.location_id, hold.start, hold.end, hold.request_id)
    try:
        # What the judgement reads of the settings, in one query, not four (the clinic is the event's).
        wanted = [("therapist", hold.therapist_id), ("location", hold.location_id), ("clinic", cause.clinic_id)]
        await uow.settings.load(*wanted, *([("visit_type", hold.visit_type_id)] if placement.by_portal_user else []))
        # A portal user asks for a visit type, whose length decides; a scheduler's edit carries its own.
        duration = (await uow.settings.visit_type(hold.visit_type_id)).duration if placement.by_portal_user else None
        judgement = await judge(uow, visit, placement, now, duration)
    except UnknownSetting as unknown:
        await _refuse(uow, cause, hold, RefusalReason.UNKNOWN_THERAPIST_OR_LOCATION, str(unknown))
        return
    if judgement.refusal is not None:
        await _refuse(uow, cause, hold, judgement.refusal.reason, judgement.refusal.explanation)
        return
    if releasing is not None:
        # Released before the new hold is stored: the two may overlap, and two blocking holds may not.
        await uow.calendar.set_status(releasing.item_id, ItemStatus.RELEASED)
    await uow.calendar.add(hold)
    await _tell(uow, cause, hold, HoldPlaced(**_where_and_when(hold), blocking=hold.blocking))
    if releasing is not None:
        await _announce_release(uow, cause, releasing)


async def _refuse(
    uow: CalendarUnitOfWork, cause: EventEnvelope, hold: CalendarItem, reason: RefusalReason, text: str
) -> None:
    if hold.start < hold.end:  # else there is no time to record; the inbox still answers once
        await uow.calendar.add(replace(hold, status=ItemStatus.REFUSED, refusal=reason.value))
    await _tell(
        uow, cause, hold, HoldRefused(request_id=hold.request_id, hold_id=hold.item_id, reason_code=reason, reason=text)
    )


async def release_hold(
    uow: CalendarUnitOfWork,
    cause: EventEnvelope,
    event: RequestDeclined | RequestCancelled | RequestExpired,
    now: datetime,
) -> None:
    """The request ended without an appointment. Nothing to do for a hold that was refused or is
    gone already."""
    hold = await uow.calendar.get(event.hold_id)
    if hold is None or hold.kind is not ItemKind.HOLD or hold.status is not ItemStatus.ACTIVE:
        return
    await uow.calendar.set_status(hold.item_id, ItemStatus.RELEASED)
    await _announce_release(uow, cause, hold)


async def _announce_release(uow: CalendarUnitOfWork, cause: EventEnvelope, hold: CalendarItem) -> None:
    await _tell(uow, cause, hold, HoldReleased(**_where_and_when(hold)))


def _where_and_when(hold: CalendarItem) -> dict:
    """What HoldPlaced and HoldReleased both say of the hold."""
    return {"hold_id": hold.item_id, **hold.fields("request_id", "therapist_id", "location_id", "start", "end")}


async def _tell(uow: CalendarUnitOfWork, cause: EventEnvelope, hold: CalendarItem, event: Event) -> None:
    # Keyed by the request, so one request's holds arrive in order.
    await uow.publish(event, key=hold.request_id, clinic_id=hold.clinic_id, cause=cause)


# The request events that place, move and release holds (request_events applies them).
HANDLERS = {
    RequestSubmitted: place_requested_hold,
    RequestEdited: place_edited_hold,
    RequestDeclined: release_hold,
    RequestCancelled: release_hold,
    RequestExpired: release_hold,
    RequestCounterOffered: place_offered_holds,
    CounterOfferAccepted: release_offered_holds,
    CounterOfferDeclined: release_offered_holds,
    CounterOfferExpired: release_offered_holds,
}
