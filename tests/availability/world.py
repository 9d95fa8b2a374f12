"""One clinic's settings as the settings topics carry them, and the request workflow's events, for
availability tests. Every id is new, so tests sharing a broker and a database never meet."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic_contracts.events import (
    ClinicSettingsChanged,
    Closure,
    LocationChanged,
    OpeningInterval,
    PatientCaseChanged,
    PatientChanged,
    RequestApprovalStarted,
    RequestCancelled,
    RequestDeclined,
    RequestEdited,
    RequestExpired,
    RequestPolicy,
    RequestSubmitted,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from tests.examples import REQUEST_POLICY
from tests.sample_events import case_of, sample

NEW_YORK = "America/New_York"
# Mondays to Saturdays, with a lunch break on weekdays.
LOCATION_HOURS = tuple(
    OpeningInterval(weekday=day, start=start, end=end)
    for day in range(5)
    for start, end in ((time(8), time(12)), (time(13), time(18)))
) + (OpeningInterval(weekday=5, start=time(9), end=time(13)),)
# The therapist works weekdays 09:00-17:00; the location's lunch break still applies.
WORKING_HOURS = [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(5)]


def policy(**changes) -> RequestPolicy:
    return RequestPolicy(**{**REQUEST_POLICY.model_dump(), **changes})


def visit_asked_in(request: RequestSubmitted | RequestEdited) -> dict:
    """What visit the request asks for: its visit type, location and therapist."""
    return {
        "visit_type_id": request.visit_type_id,
        "location_id": request.location_id,
        "therapist_id": request.therapist_id,
    }


@dataclass
class World:
    clinic: ClinicSettingsChanged
    location: LocationChanged
    therapist: TherapistChanged
    visit_type: VisitTypeChanged
    patient: PatientChanged
    case: PatientCaseChanged
    staff_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def clinic_id(self) -> uuid.UUID:
        return self.clinic.clinic_id

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.location.time_zone)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.visit_type.duration_minutes)

    def states(self) -> list[StateEvent]:
        return [self.clinic, self.location, self.therapist, self.visit_type, self.patient, self.case]

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), self.zone)

    # --- the request workflow's events ---------------------------------------------------------

    def submitted(self, start: datetime, *, holds_slot: bool | None = None, **changes) -> RequestSubmitted:
        values = dict(
            request_id=uuid.uuid4(),
            hold_id=uuid.uuid4(),
            patient_id=self.patient.patient_id,
            case_id=self.case.case_id,
            portal_user_id=uuid.uuid4(),
            visit_type_id=self.visit_type.visit_type_id,
            location_id=self.location.location_id,
            therapist_id=self.therapist.therapist_id,
            start=start,
            end=start + self.duration,
            holds_slot=self.clinic.request_policy.pending_request_holds_slot if holds_slot is None else holds_slot,
        )
        return RequestSubmitted(**{**values, **changes})

    def edited(self, request: RequestSubmitted | RequestEdited, start: datetime, **changes) -> RequestEdited:
        values = dict(
            request_id=request.request_id,
            hold_id=uuid.uuid4(),
            previous_hold_id=request.hold_id,
            **visit_asked_in(request),
            start=start,
            end=start + (request.end - request.start),
            holds_slot=request.holds_slot,
        )
        return RequestEdited(**{**values, **changes})

    def approval_started(self, request: RequestSubmitted | RequestEdited) -> RequestApprovalStarted:
        return RequestApprovalStarted(
            request_id=request.request_id,
            hold_id=request.hold_id,
            patient_id=self.patient.patient_id,
            case_id=self.case.case_id,
            **visit_asked_in(request),
            start=request.start,
            end=request.end,
            approved_by=self.staff_id,
        )

    def declined(self, request) -> RequestDeclined:
        return RequestDeclined(
            request_id=request.request_id, hold_id=request.hold_id, reason="Fully booked", declined_by=self.staff_id
        )

    def cancelled(self, request) -> RequestCancelled:
        return RequestCancelled(request_id=request.request_id, hold_id=request.hold_id)

    def expired(self, request) -> RequestExpired:
        return RequestExpired(request_id=request.request_id, hold_id=request.hold_id)


def new_world(
    *,
    time_zone: str = NEW_YORK,
    location_hours: tuple[OpeningInterval, ...] = LOCATION_HOURS,
    closures: tuple[Closure, ...] = (),
    duration_minutes: int = 45,
    **policy_changes,
) -> World:
    clinic = sample(
        ClinicSettingsChanged, name="Harborview Therapy", time_zone=time_zone, request_policy=policy(**policy_changes)
    )
    clinic_id = clinic.clinic_id
    location = sample(
        LocationChanged,
        clinic_id=clinic_id,
        time_zone=time_zone,
        address="1 Main St",
        operating_hours=location_hours,
        closures=closures,
    )
    therapist = sample(TherapistChanged, clinic_id=clinic_id, location_ids=(location.location_id,))
    visit_type = sample(VisitTypeChanged, clinic_id=clinic_id, duration_minutes=duration_minutes)
    patient = sample(PatientChanged, clinic_id=clinic_id)
    case = case_of(patient, therapist, location, visit_type)
    return World(clinic, location, therapist, visit_type, patient, case)


def next_weekday(after: date, weekday: int) -> date:
    """The first date after `after` that falls on `weekday` (0 is Monday)."""
    return after + timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)
