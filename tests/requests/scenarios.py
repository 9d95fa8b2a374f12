"""Stories of the request service told through its use cases, over any unit of work.

Each scenario takes a `Service` (a unit-of-work factory, and the means to set up its settings and
read back what it published) and a clinic. The unit ring runs them in memory
(unit/test_scenarios_in_memory.py), the integration ring over SQLite and PostgreSQL
(integration/test_scenarios_on_databases.py): one story, two stores, so the fake cannot drift.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Protocol

import pytest

from clinic_contracts import wrap
from clinic_contracts.events import AppointmentBooked, BookedBy, Event, HoldPlaced, StateEvent
from clinic_requests.domain.appointment_request import AppointmentRequest, RequestStatus
from clinic_requests.domain.commands import (
    AcceptOfferedTime,
    ApproveRequest,
    CancelRequest,
    DeclineRequest,
    OfferOtherTimes,
    OtherTime,
    SubmitRequest,
)
from clinic_requests.domain.rules import RuleBroken
from clinic_requests.service_layer.answering_offers import accept_offered_time
from clinic_requests.service_layer.calendar_outcomes import apply_calendar_event
from clinic_requests.service_layer.queries import Viewer, one_request
from clinic_requests.service_layer.reviewing import approve_request, decline_request, offer_other_times
from clinic_requests.service_layer.submission import IdempotencyKeyReused, submit_request
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory
from clinic_requests.service_layer.withdrawing import cancel_request
from tests.requests.clinic_world import ClinicWorld

NOW = datetime.now(UTC).replace(microsecond=0)
IN_THREE_DAYS = NOW + timedelta(days=3)


class Service(Protocol):
    """The request service's use cases over one store, and the test's view of that store."""

    uows: UnitOfWorkFactory

    async def know(self, *states: StateEvent) -> None:
        """The settings, as if the settings topics had brought them."""

    async def published_types(self, request_id: uuid.UUID) -> list[str]:
        """The types of the events published about one request, in order."""


def submission(world: ClinicWorld, **changes) -> SubmitRequest:
    fields = {
        **world.asking(),
        "start": IN_THREE_DAYS,
        "note": "After school, please",
    }
    return SubmitRequest(**{**fields, **changes})


def hold_placed(request: AppointmentRequest, hold_id: uuid.UUID | None = None) -> HoldPlaced:
    visit = request.visit
    return HoldPlaced(
        request_id=request.request_id,
        hold_id=hold_id or request.hold_id,
        therapist_id=visit.therapist_id,
        location_id=visit.location_id,
        start=visit.start,
        end=visit.end,
        blocking=True,
    )


def booked(request: AppointmentRequest, appointment_id: uuid.UUID) -> AppointmentBooked:
    """Availability booked the request's visit."""
    return AppointmentBooked(
        **asdict(request.visit),
        appointment_id=appointment_id,
        request_id=request.request_id,
        patient_id=request.patient_id,
        case_id=request.case_id,
        booked_by=BookedBy.REQUEST,
    )


async def submitted(service: Service, world: ClinicWorld, **changes) -> AppointmentRequest:
    return (await submit_request(service.uows, submission(world, **changes), NOW)).request


async def answered(service: Service, world: ClinicWorld, event: Event) -> None:
    """Availability's answer, as the calendar topic brings it."""
    await apply_calendar_event(service.uows, wrap(event, clinic_id=world.clinic_id), event, NOW)


async def current(service: Service, request: AppointmentRequest) -> AppointmentRequest:
    return (await one_request(service.uows, request.request_id, Viewer())).request


async def pending(service: Service, world: ClinicWorld) -> AppointmentRequest:
    """A request submitted and held: waiting for a scheduler."""
    request = await submitted(service, world)
    await answered(service, world, hold_placed(request))
    return await current(service, request)


async def submitted_held_and_approved(service: Service, world: ClinicWorld) -> None:
    request = await pending(service, world)
    assert request.status is RequestStatus.PENDING
    approving = ApproveRequest(request.request_id, world.scheduler.staff_user_id)
    assert (await approve_request(service.uows, approving, NOW)).status is RequestStatus.APPROVING
    assert (await approve_request(service.uows, approving, NOW)).status is RequestStatus.APPROVING, "a repeat"
    appointment_id = uuid.uuid4()
    await answered(service, world, booked(request, appointment_id))
    request = await current(service, request)
    assert (request.status, request.appointment_id) == (RequestStatus.APPROVED, appointment_id)
    history = (await one_request(service.uows, request.request_id, Viewer())).history
    assert [entry.to_status for entry in history] == [
        RequestStatus.SUBMITTED,
        RequestStatus.PENDING,
        RequestStatus.APPROVING,
        RequestStatus.APPROVED,
    ]
    assert await service.published_types(request.request_id) == [
        "RequestSubmitted",
        "RequestPending",
        "RequestApprovalStarted",
        "RequestApproved",
    ]


async def declined_with_a_reason(service: Service, world: ClinicWorld) -> None:
    request = await pending(service, world)
    staff = world.scheduler.staff_user_id
    with pytest.raises(RuleBroken) as blank:
        await decline_request(service.uows, DeclineRequest(request.request_id, staff, "   "), NOW)
    assert blank.value.code == "decline-reason-required"
    assert (await current(service, request)).status is RequestStatus.PENDING
    declined = await decline_request(service.uows, DeclineRequest(request.request_id, staff, "  Fully booked "), NOW)
    assert (declined.status, declined.decline_reason) == (RequestStatus.DECLINED, "Fully booked")
    again = await decline_request(service.uows, DeclineRequest(request.request_id, staff, "Another reason"), NOW)
    assert (await current(service, request)).decline_reason == again.decline_reason == "Fully booked"
    assert await service.published_types(request.request_id) == [
        "RequestSubmitted",
        "RequestPending",
        "RequestDeclined",
    ]


async def withdrawn_by_the_portal_user(service: Service, world: ClinicWorld) -> None:
    request = await pending(service, world)
    withdrawing = CancelRequest(request.request_id, world.portal_user.portal_user_id)
    assert (await cancel_request(service.uows, withdrawing, NOW)).status is RequestStatus.CANCELLED
    again = await cancel_request(service.uows, withdrawing, NOW)
    assert again.status is RequestStatus.CANCELLED
    assert (await service.published_types(request.request_id))[-1] == "RequestCancelled"
    assert (await service.published_types(request.request_id)).count("RequestCancelled") == 1


async def counter_offer_accepted(service: Service, world: ClinicWorld) -> None:
    request = await pending(service, world)
    times = tuple(OtherTime(start=request.visit.start + timedelta(days=days)) for days in (1, 2))
    offering = OfferOtherTimes(request.request_id, world.scheduler.staff_user_id, times)
    offered = await offer_other_times(service.uows, offering, NOW)
    hold_ids = [time.hold_id for time in offered.counter_offer.times]
    for time in offered.counter_offer.times:
        await answered(service, world, hold_placed(offered, time.hold_id))
    assert (await current(service, request)).status is RequestStatus.OFFERED
    accepting = AcceptOfferedTime(request.request_id, world.portal_user.portal_user_id, hold_ids[1])
    accepted = await accept_offered_time(service.uows, accepting, NOW)
    assert accepted.hold_id == hold_ids[1]
    assert accepted.visit.start == times[1].start
    stored = await current(service, request)
    assert (stored.status, stored.hold_id) == (accepted.status, hold_ids[1])
    assert "RequestCounterOffered" in await service.published_types(request.request_id)


async def resubmitted_with_the_same_key(service: Service, world: ClinicWorld) -> None:
    command = submission(world)
    first = await submit_request(service.uows, command, NOW)
    again = await submit_request(service.uows, command, NOW + timedelta(seconds=5))
    assert first.created and not again.created
    assert again.request.request_id == first.request.request_id
    assert await service.published_types(first.request.request_id) == ["RequestSubmitted"]
    with pytest.raises(IdempotencyKeyReused):
        await submit_request(service.uows, submission(world, idempotency_key=command.idempotency_key, note="x"), NOW)


Scenario = Callable[[Service, ClinicWorld], Awaitable[None]]

SCENARIOS: list[Scenario] = [
    submitted_held_and_approved,
    declined_with_a_reason,
    withdrawn_by_the_portal_user,
    counter_offer_accepted,
    resubmitted_with_the_same_key,
]
