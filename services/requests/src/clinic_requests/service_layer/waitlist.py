"""Joining, leaving and ordering a case's waitlist, and offering it the times the calendar frees.

Offering runs under the clinic's advisory lock (WaitlistRepository.lock_clinic) and records the
freeing event in the inbox in the same transaction: several times freed at once are offered one
after the other, each seeing the offers made before it, and a redelivered event offers nothing.
"""

from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from clinic_contracts import EventEnvelope
from clinic_contracts.access import patients_seen_by
from clinic_contracts.events import AppointmentCancelled, BlockRemoved, Event, HoldReleased, WaitlistOrder
from clinic_requests.adapters.replicated_settings import UnknownSetting
from clinic_requests.domain.appointment_request import AppointmentRequest, RequestedVisit
from clinic_requests.domain.commands import JoinWaitlist, LeaveWaitlist, PrioritiseWaitlistEntry
from clinic_requests.domain.review_rules import (
    TherapistMustBeActive,
    TherapistMustWorkAtLocation,
    scheduler_rules,
)
from clinic_requests.domain.rules import check
from clinic_requests.domain.submission_rules import (
    SettingsMustBelongToOneClinic,
    SubmissionSettings,
    settings_rules,
)
from clinic_requests.domain.waitlist import (
    CaseMustNotBeWaitlistedTwice,
    EntryStatus,
    FreedTime,
    PartOfDay,
    WaitlistEntry,
    Windows,
    WindowsMustBeAFutureRange,
    WindowsMustNameDaysAndParts,
    in_line,
)
from clinic_requests.domain.withdrawal_rules import may_answer_for
from clinic_requests.service_layer.unit_of_work import RequestsUnitOfWork, UnitOfWorkFactory
from servicekit.errors import NotFound

CONSUMER = "waitlist-offers"


class EntryNotFound(NotFound):
    def __init__(self, entry_id: UUID) -> None:
        super().__init__("waitlist-entry", entry_id)
        self.entry_id = entry_id


async def join_waitlist(uows: UnitOfWorkFactory, command: JoinWaitlist, now: datetime) -> WaitlistEntry:
    """The clinic's request rules apply as to a request for the case (a portal user who may request
    for the patient, the case and its location taking requests, the visit type allowed)."""
    async with uows.begin() as uow:
        case = await uow.settings.case(command.case_id)
        if command.staff_user_id is not None:
            await _require_scheduler_for(uow, command.staff_user_id, case.clinic_id, case.patient_id)
        visit_type_id = command.visit_type_id or next(iter(case.requestable_visit_type_ids), None)
        if visit_type_id is None:
            raise UnknownSetting("visit-type", case.case_id, "request")
        settings = SubmissionSettings(
            clinic=await uow.settings.clinic(case.clinic_id),
            portal_user=await uow.settings.portal_user(command.portal_user_id),
            case=case,
            location=await uow.settings.location(case.location_id),
            visit_type=await uow.settings.visit_type(visit_type_id),
        )
        therapist = await uow.settings.therapist(command.therapist_id or case.primary_therapist_id)
        windows = Windows(
            weekdays=command.weekdays,
            parts_of_day=frozenset(PartOfDay(part) for part in command.parts_of_day),
            first_day=command.first_day,
            last_day=command.last_day,
        )
        today = now.astimezone(ZoneInfo(settings.location.time_zone)).date()
        check(
            *settings_rules(settings, case.patient_id),
            SettingsMustBelongToOneClinic(case.clinic_id, (("therapist", therapist.clinic_id),)),
            TherapistMustBeActive(therapist),
            TherapistMustWorkAtLocation(therapist, settings.location),
            WindowsMustNameDaysAndParts(windows),
            WindowsMustBeAFutureRange(windows, today),
        )
        # One waiting entry per case: two joining at once take turns.
        await uow.requests.lock_case(case.case_id)
        check(CaseMustNotBeWaitlistedTwice(await uow.waitlist.waiting_for_case(case.case_id) is not None))
        entry = WaitlistEntry(
            entry_id=uuid4(),
            clinic_id=case.clinic_id,
            case_id=case.case_id,
            patient_id=case.patient_id,
            portal_user_id=command.portal_user_id,
            visit_type_id=visit_type_id,
            location_id=case.location_id,
            therapist_id=therapist.therapist_id,
            windows=windows,
            joined_at=now,
            joined_by_staff=command.staff_user_id,
            priority=command.priority if command.staff_user_id is not None else 0,
        )
        await uow.waitlist.add(entry)
        return entry


async def leave_waitlist(uows: UnitOfWorkFactory, command: LeaveWaitlist, now: datetime) -> WaitlistEntry:
    """Off the waitlist; leaving again changes nothing. An offer already made stays open."""
    async with uows.begin() as uow:
        entry = await _entry_for(uow, command.entry_id, command.portal_user_id, command.staff_user_id)
        if entry.status is EntryStatus.WAITING:
            entry = entry.left(now)
            await uow.waitlist.save(entry)
        return entry


async def prioritise(uows: UnitOfWorkFactory, command: PrioritiseWaitlistEntry) -> WaitlistEntry:
    async with uows.begin() as uow:
        entry = await _entry_for(uow, command.entry_id, None, command.staff_user_id)
        entry = replace(entry, priority=command.priority)
        await uow.waitlist.save(entry)
        return entry


async def list_waitlist(
    uows: UnitOfWorkFactory,
    *,
    portal_user_id: UUID | None = None,
    staff_user_id: UUID | None = None,
    case_id: UUID | None = None,
) -> tuple[WaitlistOrder, list[WaitlistEntry]]:
    """Waiting entries in the order the clinic offers freed times (and that order): a portal
    user's for the patients they may request for; a scheduler's for the patients they see."""
    async with uows.reading() as uow:
        if portal_user_id is not None:
            portal_user = await uow.settings.portal_user(portal_user_id)
            entries = await uow.waitlist.listed(patient_ids=frozenset(portal_user.patient_ids), case_id=case_id)
            clinic_id = portal_user.clinic_id
        else:
            staff = await uow.settings.staff_user(staff_user_id)
            clinic_id = staff.clinic_id
            seen = patients_seen_by(staff, await uow.settings.cases_of_clinic(clinic_id))
            entries = await uow.waitlist.listed(patient_ids=seen, case_id=case_id)
        order = (await uow.settings.clinic(clinic_id)).request_policy.waitlist_order
        return order, in_line(entries, order)


def freed_time_of(envelope: EventEnvelope, event: Event) -> FreedTime | None:
    """The time an event of the calendar frees, if it frees one and says when."""
    match event:
        case HoldReleased(start=datetime() as start, end=datetime() as end, therapist_id=UUID() as therapist_id):
            return FreedTime(envelope.clinic_id, therapist_id, event.location_id, start, end)
        case AppointmentCancelled(start=datetime() as start, end=datetime() as end):
            return FreedTime(envelope.clinic_id, event.therapist_id, event.location_id, start, end)
        case BlockRemoved():
            return FreedTime(envelope.clinic_id, event.therapist_id, event.location_id, event.start, event.end)
    return None


async def offer_freed_time(
    uows: UnitOfWorkFactory, envelope: EventEnvelope, event: Event, now: datetime
) -> UUID | None:
    """Offer the time `event` frees to the first waiting entry in line it fits, as a request made
    for the offer (availability holds the time for them); the request's id, or None.

    Passed over: entries whose patient has a waitlist offer open (one offer at a time), and entries
    offered this very time before (it lapsed or they declined it: the next in line gets it)."""
    freed = freed_time_of(envelope, event)
    if freed is None or freed.start <= now:
        return None
    async with uows.begin() as uow:
        if not await uow.first_delivery(CONSUMER, envelope.event_id):
            return None
        await uow.waitlist.lock_clinic(freed.clinic_id)
        entries = await uow.waitlist.waiting_for_therapist(freed.clinic_id, freed.therapist_id)
        if not entries:
            return None
        try:
            policy = (await uow.settings.clinic(freed.clinic_id)).request_policy
        except UnknownSetting:
            return None
        busy = await uow.waitlist.patients_with_open_offers(freed.clinic_id)
        offered_before = await uow.waitlist.entries_offered(
            [e.entry_id for e in entries], freed.therapist_id, freed.start
        )
        for entry in in_line(entries, policy.waitlist_order):
            if entry.patient_id in busy or entry.entry_id in offered_before:
                continue
            visit = await _visit_for(uow, entry, freed)
            if visit is None:
                continue
            request = AppointmentRequest.offer_from_waitlist(
                request_id=uuid4(),
                entry=entry,
                visit=visit,
                hold_id=uuid4(),
                holds_slot=policy.pending_request_holds_slot,
                answer_within=timedelta(hours=policy.waitlist_offer_hours),
                now=now,
            )
            await uow.add(request, causation_id=envelope.event_id)
            return request.request_id
    return None


async def fulfil(uow: RequestsUnitOfWork, request: AppointmentRequest, now: datetime) -> None:
    """An accepted waitlist offer takes its entry off the waitlist."""
    if request.waitlist_entry_id is None:
        return
    entry = await uow.waitlist.get(request.waitlist_entry_id, for_update=True)
    if entry is not None and entry.status is EntryStatus.WAITING:
        await uow.waitlist.save(entry.fulfilled(now))


async def _visit_for(uow: RequestsUnitOfWork, entry: WaitlistEntry, freed: FreedTime) -> RequestedVisit | None:
    """The entry's visit at the freed time's start, if the entry waits for such a time."""
    try:
        location = await uow.settings.location(entry.location_id)
        visit_type = await uow.settings.visit_type(entry.visit_type_id)
    except UnknownSetting:
        return None
    if not entry.fits(freed, ZoneInfo(location.time_zone), visit_type.duration):
        return None
    return RequestedVisit(
        start=freed.start,
        end=visit_type.visit_end(freed.start),
        location_id=entry.location_id,
        visit_type_id=entry.visit_type_id,
        therapist_id=entry.therapist_id,
    )


async def _entry_for(
    uow: RequestsUnitOfWork, entry_id: UUID, portal_user_id: UUID | None, staff_user_id: UUID | None
) -> WaitlistEntry:
    """The entry, locked, if this portal user may answer for its patient (or this scheduler sees
    them); else not found, as if it did not exist."""
    entry = await uow.waitlist.get(entry_id, for_update=True)
    if entry is None:
        raise EntryNotFound(entry_id)
    if staff_user_id is not None:
        await _require_scheduler_for(uow, staff_user_id, entry.clinic_id, entry.patient_id)
    else:
        portal_user = await uow.settings.portal_user(portal_user_id)
        if not may_answer_for(portal_user, entry.portal_user_id, entry.patient_id):
            raise EntryNotFound(entry_id)
    return entry


async def _require_scheduler_for(
    uow: RequestsUnitOfWork, staff_user_id: UUID, clinic_id: UUID, patient_id: UUID
) -> None:
    staff = await uow.settings.staff_user(staff_user_id)
    check(*scheduler_rules(staff, await uow.settings.cases_of_patient(clinic_id, patient_id)))
