"""Appointment requests at each point of their life, for the domain's unit tests."""

import uuid
from datetime import UTC, datetime, timedelta

from clinic_requests.domain.appointment_request import AppointmentRequest, PortalUserAsk, Reason, RequestedVisit

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
START = datetime(2026, 5, 4, 14, tzinfo=UTC)
EXPIRY = timedelta(hours=72)
STAFF = uuid.uuid4()
PORTAL_USER = uuid.uuid4()
LOCATION, VISIT_TYPE, THERAPIST = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
TAKEN = Reason("conflicts-with-calendar", "The therapist is busy then.")


def visit(start: datetime = START, minutes: int = 45, **ids) -> RequestedVisit:
    return RequestedVisit(
        start=start,
        end=start + timedelta(minutes=minutes),
        location_id=ids.get("location_id", LOCATION),
        visit_type_id=ids.get("visit_type_id", VISIT_TYPE),
        therapist_id=ids.get("therapist_id", THERAPIST),
    )


def submitted(asked: PortalUserAsk | None = None, now: datetime = NOW) -> AppointmentRequest:
    asked = asked or ask(visit(), "Mornings are best")
    return AppointmentRequest.submit(asked, hold_id=uuid.uuid4(), holds_slot=True, now=now)


def ask(
    asked: RequestedVisit,
    note: str,
    patient_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
) -> PortalUserAsk:
    return PortalUserAsk(
        request_id=uuid.uuid4(),
        clinic_id=clinic_id or uuid.uuid4(),
        idempotency_key="key-1",
        submission_fingerprint="f" * 64,
        portal_user_id=PORTAL_USER,
        patient_id=patient_id or uuid.uuid4(),
        case_id=case_id or uuid.uuid4(),
        visit=asked,
        note=note,
        correlation_id=uuid.uuid4(),
    )


def pending(asked: PortalUserAsk | None = None, now: datetime = NOW) -> AppointmentRequest:
    request = submitted(asked, now)
    assert request.hold_placed(request.hold_id, now)
    return _forgetting_the_past(request)


def approving() -> AppointmentRequest:
    request = pending()
    assert request.approve(STAFF, NOW)
    return _forgetting_the_past(request)


def with_edit_in_flight() -> AppointmentRequest:
    request = pending()
    request.propose_edit(STAFF, visit(START + timedelta(hours=1)), hold_id=uuid.uuid4(), holds_slot=True, now=NOW)
    return _forgetting_the_past(request)


def _forgetting_the_past(request: AppointmentRequest) -> AppointmentRequest:
    """As if loaded from storage: no events or history waiting to be stored."""
    request.pull_events()
    request.pull_history()
    return request
