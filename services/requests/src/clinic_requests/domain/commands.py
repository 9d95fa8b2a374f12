"""What people ask the request service to do (imperative; the events say what happened)."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from clinic_contracts.preferred_times import PreferredTimes


@dataclass(frozen=True)
class Submit:
    """What every way of asking for a visit names (one time, preferred times, a weekly series)."""

    idempotency_key: str
    portal_user_id: UUID
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID

    def fingerprint(self) -> str:
        """Identifies what was asked, so a key reused for a different request is caught."""
        parts = (self.patient_id, self.case_id, self.visit_type_id, self.location_id, *self.asked())
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()

    def asked(self) -> tuple[object, ...]:
        """What this way of asking adds to the fingerprint, after the case and the visit's kind."""
        raise NotImplementedError


@dataclass(frozen=True)
class SubmitRequest(Submit):
    start: datetime
    note: str = ""

    def asked(self) -> tuple[object, ...]:
        return (self.start.astimezone(UTC).isoformat(), self.note)


@dataclass(frozen=True)
class SubmitPreferredTimes(Submit):
    """Windows instead of one time (clinic_contracts.preferred_times); `therapist_id` None: the
    case's therapist."""

    preferred_times: PreferredTimes
    therapist_id: UUID | None = None
    note: str = ""

    def asked(self) -> tuple[object, ...]:
        return (self.preferred_times.model_dump_json(), self.therapist_id, self.note)


@dataclass(frozen=True)
class ByStaff:
    """A scheduler's decision about one request."""

    request_id: UUID
    staff_user_id: UUID


@dataclass(frozen=True)
class ByPortalUser:
    """A portal user's answer about one of their requests."""

    request_id: UUID
    portal_user_id: UUID


@dataclass(frozen=True)
class ChooseTime(ByStaff):
    """A scheduler answers a request awaiting a time with `start`, inside its preferred times."""

    start: datetime


@dataclass(frozen=True)
class SubmitSeries(Submit):
    """A weekly series from `first_start` (domain/request_series.py); `send` names the visits
    (1 is the first) to request: those the preview showed available."""

    first_start: datetime
    interval_weeks: int
    visits: int
    send: tuple[int, ...]
    note: str = ""

    def asked(self) -> tuple[object, ...]:
        start = self.first_start.astimezone(UTC).isoformat()
        return (start, self.interval_weeks, self.visits, ",".join(map(str, sorted(self.send))), self.note)


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


class ApproveRequest(ByStaff):
    """A scheduler approves a pending request; availability books it."""


@dataclass(frozen=True)
class EditRequest(ByStaff):
    """Fields left None stay as they are."""

    start: datetime | None = None
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


@dataclass(frozen=True)
class DeclineRequest(ByStaff):
    reason: str


class CancelRequest(ByPortalUser):
    """A portal user withdraws a request still waiting for an answer."""


class CancelAppointment(ByPortalUser):
    """A portal user cancels an approved request's appointment."""


@dataclass(frozen=True)
class OtherTime:
    """One time a scheduler offers; fields left None are the request's own."""

    start: datetime
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


@dataclass(frozen=True)
class OfferOtherTimes(ByStaff):
    times: tuple[OtherTime, ...]


@dataclass(frozen=True)
class AcceptOfferedTime(ByPortalUser):
    """The portal user takes the offered time held under `hold_id`."""

    hold_id: UUID


class DeclineOffer(ByPortalUser):
    """The portal user wants none of the offered times."""


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
