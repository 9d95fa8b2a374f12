"""What the gateway answers with, for its OpenAPI document.

Most are the services' own documents, passed on; they are restated here because the gateway's
document is the public contract (a test keeps each in step with the service it comes from). The
scheduler's documents add names, so a page shows people and places rather than ids.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from clinic_contracts.events import OpeningInterval
from clinic_contracts.preferred_times import PreferredTimes

RequestStatus = Literal[
    "submitted",
    "refused",
    "pending",
    "approving",
    "approved",
    "declined",
    "cancelled",
    "expired",
    "cancelling",
    "appointment-cancelled",
    "offering",
    "offered",
    "offer-declined",
    "awaiting-time",
]


class Reason(BaseModel):
    code: str
    reason: str


class ProposedEdit(BaseModel):
    """An edit waiting for the calendar to hold its time."""

    start: datetime
    end: datetime
    location_id: UUID
    visit_type_id: UUID
    therapist_id: UUID
    proposed_by: UUID


class AppointmentCancellation(BaseModel):
    """Who cancelled the approved appointment (`staff`: the clinic, or `portal_user`), and when."""

    at: datetime
    actor_kind: str
    actor_id: UUID | None


class HistoryEntry(BaseModel):
    at: datetime
    actor_kind: str
    actor_id: UUID | None
    action: str
    from_status: RequestStatus | None
    to_status: RequestStatus
    detail: str


class Authorization(BaseModel):
    """The case's insurance authorization and how the case stands with it, this request counted."""

    visits: int
    first_day: date
    last_day: date
    visits_per_week: int | None
    limit: Literal["warn", "block", "allow"] = Field(
        description="What a portal request beyond it does: the case's own choice, or the clinic's."
    )
    visits_used: int = Field(description="Booked appointments of the case within the authorization's days.")
    visits_pending: int = Field(description="The case's requests waiting for an answer within those days.")
    visits_left: int = Field(description="visits - visits_used - visits_pending; below zero: over by that many.")
    week_visits: int = Field(description="Visits booked or waiting in this request's week (Monday to Sunday).")
    warnings: list[Reason] = Field(
        description="What this request is beyond (`outside-authorization`, `authorization-exhausted`,"
        " `weekly-authorization-limit`); none where the clinic allows going beyond."
    )


class SeriesPlace(BaseModel):
    """The request is visit `occurrence` (1 is the first) of a weekly series of `occurrences`."""

    series_id: UUID
    occurrence: int
    occurrences: int


class OfferedTime(BaseModel):
    """One time the clinic offers: `asked` (the calendar has not answered), `held`, `refused` (with
    `refusal`), `accepted` or `released`. Accept it by its `hold_id`."""

    hold_id: UUID
    state: Literal["asked", "held", "refused", "accepted", "released"]
    start: datetime
    end: datetime
    location_id: UUID
    visit_type_id: UUID
    therapist_id: UUID
    refusal: Reason | None


class CounterOffer(BaseModel):
    """Other times a scheduler offered instead of the asked-for one. `outcome` is null while the
    offer is open (until `answer_by`), then `none-held`, `accepted`, `declined` or `expired`."""

    times: list[OfferedTime]
    offered_by: UUID
    offered_at: datetime
    answer_by: datetime
    outcome: Literal["none-held", "accepted", "declined", "expired"] | None


class AppointmentRequest(BaseModel):
    request_id: UUID
    clinic_id: UUID
    status: RequestStatus
    portal_user_id: UUID
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID
    therapist_id: UUID
    start: datetime
    end: datetime
    note: str
    submitted_at: datetime
    updated_at: datetime
    refusal: Reason | None
    decline_reason: str | None
    appointment_id: UUID | None
    conflicting: bool
    conflict: Reason | None
    proposed_edit: ProposedEdit | None
    edit_refusal: Reason | None
    attention: list[Reason] = Field(
        default=[],
        description="For a pending request: what it was asked under that no longer holds (a location, case,"
        " visit type or therapist deactivated or switched off since). It stays pending and decidable.",
    )
    expiry: Reason | None = Field(
        default=None,
        description="Why it expired: `not-reviewed-in-time` (the clinic's expiry passed) or `start-passed`"
        " (its start came while it was waiting).",
    )
    appointment_cancellation: AppointmentCancellation | None = Field(
        default=None, description="Status `appointment-cancelled`: who cancelled the appointment, and when."
    )
    cancellable_until: datetime | None = Field(
        default=None,
        description="An approved request: until when the portal user may cancel its appointment, by the"
        " clinic's policy; null where the clinic does not allow it.",
    )
    authorization: Authorization | None = Field(
        default=None,
        description="A booked or waiting request of a case with an insurance authorization: how the case"
        " stands with it (visits left), and what this request is beyond.",
    )
    series: SeriesPlace | None = Field(
        default=None, description="One visit of a weekly series; null for a single request."
    )
    counter_offer: CounterOffer | None = Field(
        default=None, description="Other times a scheduler offered (status `offering`, `offered`, and after)."
    )
    preferred_times: PreferredTimes | None = Field(
        default=None,
        description="The weekdays × parts of the day over local dates asked for instead of one time (status"
        " `awaiting-time`, and after a time was chosen); while awaiting a time, `start` and `end` span its dates.",
    )
    waitlist_entry_id: UUID | None = Field(
        default=None,
        description="A request made to offer a freed time to a waitlist entry (its `counter_offer` holds the time).",
    )


class AppointmentRequestWithHistory(AppointmentRequest):
    history: list[HistoryEntry]


class RequestPage(BaseModel):
    items: list[AppointmentRequest]
    total: int
    limit: int
    offset: int


class PendingCount(BaseModel):
    pending: int


class Names(BaseModel):
    """Names for the ids, for showing; null for an id the settings no longer know."""

    patient_name: str | None = None
    therapist_name: str | None = None
    location_name: str | None = None
    visit_type_name: str | None = None


class NamedRequest(AppointmentRequest, Names):
    time_zone: str | None


class SchedulerRequestPage(BaseModel):
    items: list[NamedRequest]
    total: int
    limit: int
    offset: int
    pending_count: int


class Slot(BaseModel):
    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime


class Slots(BaseModel):
    therapist_id: UUID
    location_id: UUID
    visit_type_id: UUID
    duration_minutes: int
    time_zone: str
    slots: list[Slot]


class MatchingSlots(Slots):
    """The free slots inside a request's preferred times."""

    preferred_times: PreferredTimes


class PreviewedVisit(BaseModel):
    number: int = Field(description="1 is the first visit")
    local_start: datetime = Field(description="As the location's clocks read it")
    local_end: datetime | None
    start: datetime | None = Field(description="UTC; null when that local time does not exist that day")
    end: datetime | None
    available: bool
    unavailable_code: str | None
    unavailable_reason: str | None = Field(description="Why not, in words")


class SeriesPreview(BaseModel):
    therapist_id: UUID
    location_id: UUID
    visit_type_id: UUID
    duration_minutes: int
    time_zone: str
    visits: list[PreviewedVisit]


class SeriesRequests(BaseModel):
    """A weekly series as sent: one request per visit sent, each held (or refused) on its own."""

    series_id: UUID
    interval_weeks: int
    visits: int
    requests: list[AppointmentRequestWithHistory]


class SeriesDecisionOutcome(BaseModel):
    request_id: UUID
    applied: bool
    code: str | None = Field(default=None, description="Why the decision was refused (the single request's code)")
    detail: str | None = None
    request: AppointmentRequest | None = None


class SeriesDecisionOutcomes(BaseModel):
    series_id: UUID
    outcomes: list[SeriesDecisionOutcome]


class CalendarItem(Names):
    """An appointment, a block, or a pending request (shown in diagonal stripes: requested, not yet
    approved). `busy` is time taken by a patient the scheduler has no access to: only its time and
    therapist are shown."""

    item_id: UUID
    kind: Literal["appointment", "block", "pending_request", "busy"]
    therapist_id: UUID
    location_id: UUID | None
    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime
    time_zone: str
    blocking: bool
    request_id: UUID | None
    patient_id: UUID | None
    case_id: UUID | None
    visit_type_id: UUID | None
    title: str
    booked_by: str | None


class SnapshotItem(CalendarItem):
    overlaps_requested_time: bool
    # The hold of the request the snapshot is for.
    requested: bool


class CalendarView(BaseModel):
    """The calendar as availability answers it (its items not yet named)."""

    time_zone: str
    start: datetime
    end: datetime
    items: list[CalendarItem]


class Calendar(CalendarView):
    """The days shown: the day asked for, or its Monday-to-Sunday week."""

    date_from: date
    date_to: date


class Snapshot(BaseModel):
    time_zone: str
    start: datetime
    end: datetime
    requested_start: datetime
    requested_end: datetime
    items: list[SnapshotItem]


class RequestWithSnapshot(AppointmentRequestWithHistory, Names):
    time_zone: str | None
    calendar_snapshot: Snapshot


class Appointment(BaseModel):
    appointment_id: UUID
    status: Literal["active", "cancelled"]
    therapist_id: UUID
    location_id: UUID
    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime
    time_zone: str
    request_id: UUID | None
    patient_id: UUID | None
    case_id: UUID | None
    visit_type_id: UUID | None
    booked_by: Literal["request", "scheduler"]
    booked_by_staff_id: UUID | None


class TimeSpan(BaseModel):
    start: datetime
    end: datetime


class WorkingPeriod(BaseModel):
    effective_from: date
    effective_to: date | None
    hours: list[OpeningInterval]


class WorkingHours(BaseModel):
    therapist_id: UUID
    location_id: UUID
    periods: list[WorkingPeriod]
    extra_hours: list[TimeSpan]


class TimeOff(BaseModel):
    therapist_id: UUID
    time_off: list[TimeSpan]


EmailStatus = Literal["queued", "retrying", "sent", "failed"]
Delivery = Literal["off", "immediate", "digest"]


class EmailRecord(BaseModel):
    email_id: UUID
    kind: str = Field(examples=["request-approved"], description="What it tells: the name of its template")
    recipient_kind: Literal["portal", "staff"]
    recipient_id: UUID
    to_address: str
    subject: str
    request_id: UUID | None
    has_calendar_invitation: bool
    status: EmailStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None = Field(description="What the mail relay answered at the last failed attempt")
    created_at: datetime
    sent_at: datetime | None


class EmailPage(BaseModel):
    items: list[EmailRecord]
    total: int


class DeliveryPreference(BaseModel):
    delivery: Delivery
    choices: list[Delivery] = Field(description="What this person may choose (the digest is for staff)")


class ScopeEntry(BaseModel):
    id: UUID
    name: str
    time_zone: str | None = None


class Scope(BaseModel):
    """The calendars this scheduler may open."""

    locations: list[ScopeEntry]
    therapists: list[ScopeEntry]


PartOfDay = Literal["morning", "afternoon", "evening"]


class WaitlistEntry(BaseModel):
    """A place on a case's waitlist (the request service's document); `weekdays` are ISO (1 is
    Monday), the days local dates. `status`: `waiting`, `fulfilled` (an offered time was
    accepted) or `left`."""

    entry_id: UUID
    clinic_id: UUID
    case_id: UUID
    patient_id: UUID
    portal_user_id: UUID
    visit_type_id: UUID
    location_id: UUID
    therapist_id: UUID
    weekdays: list[int]
    parts_of_day: list[PartOfDay]
    first_day: date
    last_day: date
    priority: int
    status: Literal["waiting", "fulfilled", "left"]
    joined_at: datetime
    joined_by_staff: UUID | None
    ended_at: datetime | None


class Waitlist(BaseModel):
    """Waiting entries in the order the clinic offers freed times (`order`: `first-come` or
    `priority`)."""

    order: str
    items: list[WaitlistEntry]


class NamedWaitlistEntry(WaitlistEntry, Names):
    time_zone: str | None = None


class NamedWaitlist(BaseModel):
    order: str
    items: list[NamedWaitlistEntry]
