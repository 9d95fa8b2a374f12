"""A scheduler approves, edits, offers other times for, or declines a request, or decides the
visits of a series at once.

Each runs with the request's row locked, so two decisions on one request take turns; the second
sees what the first did (a repeat changes nothing, a contradiction is refused with the status).
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from clinic_contracts.events import StaffUserChanged
from clinic_requests.domain.appointment_request import AppointmentRequest, RequestedVisit, TransitionRefused
from clinic_requests.domain.commands import (
    ApproveRequest,
    ChooseTime,
    DecideSeries,
    DeclineRequest,
    EditRequest,
    OfferOtherTimes,
    OtherTime,
)
from clinic_requests.domain.review_rules import (
    DeclineMustGiveAReason,
    LocationMustBeAssignedToStaffUser,
    StartMustBeInTheFuture,
    TherapistMustBeActive,
    TherapistMustWorkAtLocation,
    scheduler_rules,
)
from clinic_requests.domain.rules import RuleBroken, check
from clinic_requests.domain.submission_rules import SettingsMustBelongToOneClinic, VisitTypeMustBeActive
from clinic_requests.service_layer.unit_of_work import RequestsUnitOfWork, UnitOfWorkFactory

# What a scheduler may change of a request's visit: an edit, or one offered time.
VisitChange = EditRequest | OtherTime


async def approve_request(uows: UnitOfWorkFactory, command: ApproveRequest, now: datetime) -> AppointmentRequest:
    async with uows.begin() as uow:
        request, _ = await _decided_by(uow, command.request_id, command.staff_user_id)
        if request.approve(command.staff_user_id, now):
            await uow.save(request)
        return request


async def decline_request(uows: UnitOfWorkFactory, command: DeclineRequest, now: datetime) -> AppointmentRequest:
    async with uows.begin() as uow:
        request, _ = await _decided_by(uow, command.request_id, command.staff_user_id)
        check(DeclineMustGiveAReason(command.reason))
        if request.decline(command.staff_user_id, command.reason.strip(), now):
            await uow.save(request)
        return request


async def edit_request(uows: UnitOfWorkFactory, command: EditRequest, now: datetime) -> AppointmentRequest:
    """Propose the change to availability; it applies once the new time is held."""
    async with _moving(uows, command, AppointmentRequest.ensure_editable) as (uow, request, staff):
        visit = await scheduled_visit(uow, request, staff, command, now)
        request.propose_edit(command.staff_user_id, visit, **await _new_hold(uow, request), now=now)
    return request


async def choose_time(uows: UnitOfWorkFactory, command: ChooseTime, now: datetime) -> AppointmentRequest:
    """Answer preferred times with a time inside them: held as an edit's time, then approved."""
    async with _moving(uows, command, AppointmentRequest.ensure_time_choosable) as (uow, request, staff):
        visit = await scheduled_visit(uow, request, staff, OtherTime(start=command.start), now)
        location = await uow.settings.location(visit.location_id)
        hold = await _new_hold(uow, request)
        request.choose_time(command.staff_user_id, visit, ZoneInfo(location.time_zone), **hold, now=now)
    return request


@asynccontextmanager
async def _moving(
    uows: UnitOfWorkFactory,
    command: EditRequest | ChooseTime | OfferOtherTimes,
    ensure: Callable[[AppointmentRequest], object],
) -> AsyncIterator[tuple[RequestsUnitOfWork, AppointmentRequest, StaffUserChanged]]:
    """A scheduler moving a request to another time (an edit, a chosen time, other times offered):
    decided as any decision is, `ensure` it may move that way, and saved once the block moved it."""
    async with uows.begin() as uow:
        request, staff = await _decided_by(uow, command.request_id, command.staff_user_id)
        ensure(request)
        yield uow, request, staff
        await uow.save(request)


async def _new_hold(uow: RequestsUnitOfWork, request: AppointmentRequest) -> dict[str, Any]:
    """A hold of its own for a time a scheduler picks, holding the slot as the clinic's policy says."""
    policy = (await uow.settings.clinic(request.clinic_id)).request_policy
    return {"hold_id": uuid4(), "holds_slot": policy.pending_request_holds_slot}


@dataclass(frozen=True)
class SeriesDecisionOutcome:
    request_id: UUID
    # The request after the decision; None when it was refused (`code`, `detail` say why).
    request: AppointmentRequest | None
    code: str | None = None
    detail: str | None = None


async def decide_series(uows: UnitOfWorkFactory, command: DecideSeries, now: datetime) -> list[SeriesDecisionOutcome]:
    """A scheduler's answers for visits of one series, each applied by approve_request or
    decline_request (its own transaction, every rule of one request's decision holding): one
    refused decision leaves the others applied."""
    async with uows.reading() as uow:
        in_series = {request.request_id for request in await uow.requests.in_series(command.series_id)}
    outcomes = []
    for decision in command.decisions:
        if decision.request_id not in in_series:
            outcomes.append(
                SeriesDecisionOutcome(
                    decision.request_id, None, "request-not-in-series", "This request is not a visit of the series."
                )
            )
            continue
        try:
            if decision.approve:
                request = await approve_request(uows, ApproveRequest(decision.request_id, command.staff_user_id), now)
            else:
                declining = DeclineRequest(decision.request_id, command.staff_user_id, decision.reason)
                request = await decline_request(uows, declining, now)
        except (RuleBroken, TransitionRefused) as refused:
            outcomes.append(SeriesDecisionOutcome(decision.request_id, None, refused.code, refused.message))
            continue
        outcomes.append(SeriesDecisionOutcome(decision.request_id, request))
    return outcomes


async def offer_other_times(uows: UnitOfWorkFactory, command: OfferOtherTimes, now: datetime) -> AppointmentRequest:
    """Offer the portal user other times; availability holds them (each checked as an edit would
    be), and the clinic's `counter_offer_hours` bounds the wait for an answer."""
    async with _moving(uows, command, AppointmentRequest.ensure_offerable) as (uow, request, staff):
        visits = tuple([await scheduled_visit(uow, request, staff, time, now) for time in command.times])
        policy = (await uow.settings.clinic(request.clinic_id)).request_policy
        request.offer_other_times(
            command.staff_user_id,
            visits,
            hold_ids=tuple(uuid4() for _ in visits),
            holds_slot=policy.pending_request_holds_slot,
            answer_within=timedelta(hours=policy.counter_offer_hours),
            now=now,
        )
    return request


async def scheduled_visit(
    uow: RequestsUnitOfWork, request: AppointmentRequest, staff: StaffUserChanged, change: VisitChange, now: datetime
) -> RequestedVisit:
    """The visit a scheduler moves the request to (an edit, or an offered time): what `change`
    leaves None stays the request's own, and the result must be bookable by this scheduler."""
    current = request.visit
    location = await uow.settings.location(change.location_id or current.location_id)
    visit_type = await uow.settings.visit_type(change.visit_type_id or current.visit_type_id)
    therapist = await uow.settings.therapist(change.therapist_id or current.therapist_id)
    start = change.start or current.start
    owners = (
        ("location", location.clinic_id),
        ("visit type", visit_type.clinic_id),
        ("therapist", therapist.clinic_id),
    )
    check(
        SettingsMustBelongToOneClinic(request.clinic_id, owners),
        VisitTypeMustBeActive(visit_type),
        TherapistMustBeActive(therapist),
        TherapistMustWorkAtLocation(therapist, location),
        StartMustBeInTheFuture(start, now),
        LocationMustBeAssignedToStaffUser(staff, location),
    )
    return RequestedVisit(
        start=start,
        end=visit_type.visit_end(start),
        location_id=location.location_id,
        visit_type_id=visit_type.visit_type_id,
        therapist_id=therapist.therapist_id,
    )


async def _decided_by(
    uow: RequestsUnitOfWork, request_id: UUID, staff_user_id: UUID
) -> tuple[AppointmentRequest, StaffUserChanged]:
    """The request, locked, and the scheduler deciding it, if they see its patient."""
    request = await uow.existing(request_id, for_update=True)
    staff = await uow.settings.staff_user(staff_user_id)
    cases = await uow.settings.cases_of_patient(request.clinic_id, request.patient_id)
    check(*scheduler_rules(staff, cases))
    return request, staff
