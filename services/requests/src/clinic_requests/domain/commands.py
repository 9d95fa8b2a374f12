"""What people ask the request service to do (imperative; the events say what happened)."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from clinic_contracts.preferred_times import PreferredTimes


@dataclass(frozen=True)
class SubmitRequest:
    idempotency_key: str
    portal_user_id: UUID
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID
    start: datetime
    note: str = ""

    def fingerprint(self) -> str:
        """Identifies what was asked, so a key reused for a different request is caught."""
        start = self.start.astimezone(UTC).isoformat()
        parts = (self.patient_id, self.case_id, self.visit_type_id, self.location_id, start, self.note)
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


@dataclass(frozen=True)
class SubmitPreferredTimes:
    """Windows instead of one time (clinic_contracts.preferred_times); `therapist_id` None: the
    case's therapist."""

    idempotency_key: str
    portal_user_id: UUID
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID
    preferred_times: PreferredTimes
    therapist_id: UUID | None = None
    note: str = ""

    def fingerprint(self) -> str:
        parts = (
            self.patient_id,
            self.case_id,
            self.visit_type_id,
            self.location_id,
            self.preferred_times.model_dump_json(),
            self.therapist_id,
            self.note,
        )
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


@dataclass(frozen=True)
class ChooseTime:
    """A scheduler answers a request awaiting a time with `start`, inside its preferred times."""

    request_id: UUID
    staff_user_id: UUID
    start: datetime


@dataclass(frozen=True)
class SubmitSeries:
    """A weekly series from `first_start` (domain/request_series.py); `send` names the visits
    (1 is the first) to request: those the preview showed available."""

    idempotency_key: str
    portal_user_id: UUID
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID
    first_start: datetime
    interval_weeks: int
    visits: int
    send: tuple[int, ...]
    note: str = ""

    def fingerprint(self) -> str:
        start = self.first_start.astimezone(UTC).isoformat()
        parts = (
            self.patient_id,
            self.case_id,
            self.visit_type_id,
            self.location_id,
            start,
            self.interval_weeks,
            self.visits,
            ",".join(map(str, sorted(self.send))),
            self.note,
        )
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


@dataclass(frozen=True)
class SeriesDecision:
    """A scheduler's answer for one visit of a series: approve, or decline with a reason."""

    request_id: UUID
    approve: bool
    reason: str = ""


@dataclass(frozen=True)
class DecideSeries:
    series_id: UUID
    staff_user_id: UUID
    decisions: tuple[SeriesDecision, ...]


@dataclass(frozen=True)
class ApproveRequest:
    request_id: UUID
    staff_user_id: UUID


@dataclass(frozen=True)
class EditRequest:
    """Fields left None stay as they are."""

    request_id: UUID
    staff_user_id: UUID
    start: datetime | None = None
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


@dataclass(frozen=True)
class DeclineRequest:
    request_id: UUID
    staff_user_id: UUID
    reason: str


@dataclass(frozen=True)
class CancelRequest:
    request_id: UUID
    portal_user_id: UUID


@dataclass(frozen=True)
class CancelAppointment:
    """A portal user cancels an approved request's appointment."""

    request_id: UUID
    portal_user_id: UUID


@dataclass(frozen=True)
class OtherTime:
    """One time a scheduler offers; fields left None are the request's own."""

    start: datetime
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


@dataclass(frozen=True)
class OfferOtherTimes:
    request_id: UUID
    staff_user_id: UUID
    times: tuple[OtherTime, ...]


@dataclass(frozen=True)
class AcceptOfferedTime:
    """The portal user takes the offered time held under `hold_id`."""

    request_id: UUID
    portal_user_id: UUID
    hold_id: UUID


@dataclass(frozen=True)
class DeclineOffer:
    request_id: UUID
    portal_user_id: UUID


@dataclass(frozen=True)
class JoinWaitlist:
    """A portal user joins a case's waitlist, or a scheduler (`staff_user_id`) joins it on behalf of
    `portal_user_id`. What is left None is the case's own (its therapist, its one visit type)."""

    portal_user_id: UUID
    case_id: UUID
    weekdays: frozenset[int]
    parts_of_day: frozenset[str]
    first_day: date
    last_day: date
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None
    staff_user_id: UUID | None = None
    priority: int = 0


@dataclass(frozen=True)
class LeaveWaitlist:
    """The portal user (or, with `staff_user_id`, a scheduler) takes an entry off the waitlist."""

    entry_id: UUID
    portal_user_id: UUID | None = None
    staff_user_id: UUID | None = None


@dataclass(frozen=True)
class PrioritiseWaitlistEntry:
    entry_id: UUID
    staff_user_id: UUID
    priority: int
