"""Events published by the request workflow service about an appointment request's life.

One topic keyed by request id. They carry ids, times and outcomes for downstream consumers
(notifications, analytics, an EHR) and no names, emails or notes: those stay behind the API.
"""

import uuid

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from clinic_contracts.events.base import Event
from clinic_contracts.preferred_times import PreferredTimes


class RequestSubmitted(Event):
    """A portal user asked for a time; availability answers with HoldPlaced or HoldRefused."""

    event_type = "RequestSubmitted"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    patient_id: uuid.UUID
    case_id: uuid.UUID
    portal_user_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    holds_slot: bool
    # One visit of a weekly series (clinic_contracts.weekly_series): the series, this visit's
    # number in it (1 is the first) and how many visits the series asked for. None: a single visit.
    series_id: uuid.UUID | None = None
    occurrence: int | None = Field(default=None, ge=1)
    occurrences: int | None = Field(default=None, ge=1)


class RequestedVisit(Event):
    """The visit a request asks for: who asked, for which patient and case, what kind of visit,
    where and with whom. Not an event itself: the events that carry the whole visit extend it."""

    request_id: uuid.UUID
    portal_user_id: uuid.UUID
    patient_id: uuid.UUID
    case_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID


class RequestPending(RequestedVisit):
    """The calendar held the asked-for time: the request now waits for the clinic's decision.
    Carries what a notice to the portal user needs, so a consumer need not follow the holds."""

    event_type = "RequestPending"

    start: AwareDatetime
    end: AwareDatetime


class RequestRefused(Event):
    """The slot could not be held at submission (taken meanwhile). `portal_user_id` (added
    later, so optional) names who asked."""

    event_type = "RequestRefused"

    request_id: uuid.UUID
    reason_code: str
    reason: str
    portal_user_id: uuid.UUID | None = None


class RequestEdited(Event):
    """A scheduler changed a pending request; availability holds the new time, then releases the old."""

    event_type = "RequestEdited"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    previous_hold_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    holds_slot: bool
    # The request's patient and case: set when the previous hold names none (a request that
    # awaited a time held nothing before the scheduler chose one).
    patient_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


class RequestEditApplied(Event):
    """The calendar held a scheduler's edit: the pending request now asks for this visit
    (`previous_start`/`previous_end` were asked for before)."""

    event_type = "RequestEditApplied"

    request_id: uuid.UUID
    portal_user_id: uuid.UUID
    patient_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    previous_start: AwareDatetime
    previous_end: AwareDatetime
    edited_by: uuid.UUID


class RequestEditRefused(Event):
    """The calendar could not hold a scheduler's edit; the request keeps its time."""

    event_type = "RequestEditRefused"

    request_id: uuid.UUID
    reason_code: str
    reason: str
    edited_by: uuid.UUID


class RequestApprovalStarted(Event):
    """A scheduler approved; availability books the appointment (AppointmentBooked or BookingRefused)."""

    event_type = "RequestApprovalStarted"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    patient_id: uuid.UUID
    case_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    approved_by: uuid.UUID


class RequestApproved(Event):
    """The appointment was booked: the request is done. `portal_user_id` and `case_id` were added
    later, so they are optional."""

    event_type = "RequestApproved"

    request_id: uuid.UUID
    appointment_id: uuid.UUID
    patient_id: uuid.UUID
    therapist_id: uuid.UUID
    location_id: uuid.UUID
    visit_type_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    portal_user_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


class RequestDeclined(Event):
    """`portal_user_id` (added later, so optional) names who asked."""

    event_type = "RequestDeclined"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    reason: str
    declined_by: uuid.UUID
    portal_user_id: uuid.UUID | None = None


class RequestCancelled(Event):
    """Withdrawn by the portal user while pending. `portal_user_id` (added later, so optional)
    names them."""

    event_type = "RequestCancelled"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    portal_user_id: uuid.UUID | None = None


class AppointmentCancellationStarted(Event):
    """A portal user cancelled an approved request's appointment, as the clinic's policy allows;
    availability cancels it (AppointmentCancelled)."""

    event_type = "AppointmentCancellationStarted"

    request_id: uuid.UUID
    appointment_id: uuid.UUID
    portal_user_id: uuid.UUID


class RequestExpired(Event):
    """Never reviewed in time, or its start passed while pending. `reason_code` (added later, so
    optional) says which: `not-reviewed-in-time` or `start-passed`; `portal_user_id` (later
    still) names who asked."""

    event_type = "RequestExpired"

    request_id: uuid.UUID
    hold_id: uuid.UUID
    reason_code: str | None = None
    reason: str | None = None
    portal_user_id: uuid.UUID | None = None


class OfferedTime(BaseModel):
    """One time a scheduler offers instead of the asked-for one, held under its own `hold_id`
    (the portal user accepts it by that id)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hold_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime


class RequestCounterOffered(Event):
    """A scheduler offers up to three other times for a pending request (iTIP COUNTER). Availability
    holds each it can (HoldPlaced or HoldRefused, one per hold id, in one go); once one is held it
    releases the asked-for hold, `previous_hold_id`. None held: the request keeps its time."""

    event_type = "RequestCounterOffered"

    request_id: uuid.UUID
    previous_hold_id: uuid.UUID
    offered_times: tuple[OfferedTime, ...] = Field(min_length=1, max_length=3)
    holds_slot: bool
    offered_by: uuid.UUID
    # As RequestEdited's: set when the request held nothing before (it awaited a time).
    patient_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


class CounterOfferHeld(Event):
    """The calendar holds the offered times listed (those it refused are left out): the portal user
    may accept one or decline them all until `answer_by`, when the offer expires."""

    event_type = "CounterOfferHeld"

    request_id: uuid.UUID
    portal_user_id: uuid.UUID
    patient_id: uuid.UUID
    case_id: uuid.UUID
    offered_times: tuple[OfferedTime, ...] = Field(min_length=1, max_length=3)
    answer_by: AwareDatetime
    offered_by: uuid.UUID
    # Added later, so optional: a time freed in the calendar, offered to this waitlist entry
    # (the request was made for the offer; there was no asked-for time).
    waitlist_entry_id: uuid.UUID | None = None


class CounterOfferAccepted(Event):
    """The portal user accepted one offered time (`hold_id`): the request asks for it now and its
    approval follows (RequestApprovalStarted); availability releases `released_hold_ids`."""

    event_type = "CounterOfferAccepted"

    request_id: uuid.UUID
    portal_user_id: uuid.UUID
    hold_id: uuid.UUID
    released_hold_ids: tuple[uuid.UUID, ...]
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    offered_by: uuid.UUID


class CounterOfferDeclined(Event):
    """The portal user declined every offered time: the request ends (status `offer-declined`) and
    availability releases `released_hold_ids`."""

    event_type = "CounterOfferDeclined"

    request_id: uuid.UUID
    portal_user_id: uuid.UUID
    released_hold_ids: tuple[uuid.UUID, ...]
    offered_by: uuid.UUID


class CounterOfferExpired(Event):
    """Nobody answered the offer by its `answer_by`: the request expired (`reason_code`
    `offer-not-answered-in-time`) and availability releases `released_hold_ids`."""

    event_type = "CounterOfferExpired"

    request_id: uuid.UUID
    portal_user_id: uuid.UUID
    released_hold_ids: tuple[uuid.UUID, ...]
    reason_code: str
    reason: str
    offered_by: uuid.UUID
    # Added later, so optional: the offer was a freed time offered to this waitlist entry.
    waitlist_entry_id: uuid.UUID | None = None


class RequestAwaitingTime(RequestedVisit):
    """A portal user asked for preferred times (weekdays × parts of the day over local dates,
    `clinic_contracts.preferred_times`) instead of one slot. Nothing is held: a scheduler answers
    with a time inside them (then RequestEdited holds it and the approval follows), offers other
    times (RequestCounterOffered), or declines."""

    event_type = "RequestAwaitingTime"

    preferred_times: PreferredTimes
