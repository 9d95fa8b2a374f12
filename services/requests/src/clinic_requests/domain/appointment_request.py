"""An appointment request and its life, as a state machine.

    submitted --HoldPlaced--> pending --approve--> approving --AppointmentBooked--> approved
        |                     |  ^                     |                              |
    HoldRefused               |  +----BookingRefused---+   (pending again,    cancel_appointment
        v                     |                             marked conflicting)  (portal user)
     refused                  +--> declined (decline) | cancelled (cancel)            v
                                   | expired (sweep)                              cancelling

    approved or cancelling --AppointmentCancelled--> appointment-cancelled

An approved request's appointment may be cancelled by the clinic in the calendar, or by the portal
user where the clinic's policy allows (`cancelling` until availability has done it); either way
availability says so with AppointmentCancelled, naming who and when, and the request records it.

A submitted request may also be cancelled, declined or expired: availability receives the ending
event after the submission (same partition) and releases whatever it held.

`approving` is a status of its own so that a cancel racing an approval loses visibly: once the
booking is under way, only availability's answer moves the request on.

While pending, a scheduler may propose an edit (new time, location, visit type or therapist).
Availability holds the new time before releasing the old one; the edit applies on HoldPlaced for
the new hold and is dropped, with its reason, on HoldRefused. While an edit is in flight the
request cannot be approved, declined, cancelled or expired: every ending event carries one hold,
and that must be the one availability holds.

A request submitted beyond its case's insurance authorization, where the clinic warns rather than
refuses, is submitted as any other; its history says what it was beyond (domain.authorization).
A request may be one visit of a weekly series (`series`, domain/request_series.py): the series is
one ask of the portal user, but each of its visits is an ordinary request with the life above,
held, decided, moved and cancelled on its own.

A pending request may instead get a counter-offer: up to three other times, each held for the
portal user (answer within the clinic's `counter_offer_hours`):

    pending --offer--> offering --availability answered every offered time--> offered
                          |                                                     |
                          +--none held--> pending (the asked-for hold kept;     +--accept one--> approving
                                          the offer marked `none-held`)         +--decline all--> offer-declined
                                                                                +--sweep--> expired (offer-not-
                                                                                    answered-in-time)

Availability holds the offered times it can and, once one is held, releases the asked-for hold: a
scheduler offering other times says the asked-for one cannot be given. An offered time it refuses
is marked with its reason and left out of the offer. Accepting one makes it the request's visit and
hold and approves it (the ordinary booking follows), releasing the others; the scheduler who made
the offer is the one who approved. One answer wins: the request's row lock orders racing answers,
and the second finds the offer answered.

A portal user may instead ask for preferred times (weekdays × parts of the day over local dates,
`clinic_contracts.preferred_times`): such a request holds nothing and counts against the case's
cap and authorization as one open visit. Its `visit` names the location, visit type and
therapist; its start and end span the windows' dates until a time is chosen:

    awaiting-time --choose_time--> (edit in flight) --HoldPlaced--> approving --> (as above)
        |    ^                          |
        |    +--------HoldRefused-------+  (edit_refusal says why; still awaiting a time)
        +--offer--> offering --> offered ... (as above; none held: awaiting-time again)
        +--> declined (decline) | cancelled (withdrawn) | expired (sweep: unreviewed in time,
                                                          or the windows' last date has passed)

A scheduler answers with a time inside the windows: it is held as an edit's would be, and the
hold placed approves it (the scheduler who chose it approved), so the ordinary booking follows.

A time freed in the calendar is offered to a case's waitlist (domain/waitlist.py) as a request
made for that offer: an offer of one time, by THE_WAITLIST, with no asked-for time of its own
(`hold_id` names a hold never placed, so releasing it releases nothing):

    (none) --offer_from_waitlist--> offering --held--> offered --accept / decline / sweep as above
                                        |
                                        +--not held--> expired (freed-time-not-held: the time was taken)

Its `waitlist_entry_id` names the entry; accepting takes the entry off the waitlist, and a lapse
or a decline releases the time for the next entry in line.

Every method that changes the request records a history entry and the events to publish;
methods answering False changed nothing (a repeat, or an answer about a hold no longer current).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from clinic_contracts import events as wire
from clinic_contracts.preferred_times import PreferredTimes
from clinic_requests.domain.counter_offer import (
    OFFER_NOT_ANSWERED_IN_TIME,
    CounterOffer,
    OfferedTime,
    OfferedTimesMustDiffer,
    OfferedTimesMustNotOverlap,
    OfferedTimeState,
    OfferMustNameOneToThreeTimes,
    OfferOutcome,
)
from clinic_requests.domain.rules import check, rule
from clinic_requests.domain.waitlist import THE_WAITLIST, WaitlistEntry
from servicekit.errors import DomainError


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for availability to hold the time
    PENDING = "pending"  # held; waiting for a scheduler
    APPROVING = "approving"  # approved; waiting for availability to book it
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUSED = "refused"  # the time could not be held at submission
    CANCELLING = "cancelling"  # the portal user cancelled the appointment; waiting for availability
    APPOINTMENT_CANCELLED = "appointment-cancelled"  # the approved appointment was cancelled
    OFFERING = "offering"  # a scheduler offered other times; waiting for availability to hold them
    OFFERED = "offered"  # offered times held; waiting for the portal user's answer
    OFFER_DECLINED = "offer-declined"  # the portal user declined every offered time
    AWAITING_TIME = "awaiting-time"  # preferred times asked for, nothing held; a scheduler picks a time


# Requests that still hold (or are about to hold) a time, or wait for one to be chosen: they count
# against a case's cap.
OPEN_STATUSES = frozenset(
    {
        RequestStatus.SUBMITTED,
        RequestStatus.PENDING,
        RequestStatus.APPROVING,
        RequestStatus.OFFERING,
        RequestStatus.OFFERED,
        RequestStatus.AWAITING_TIME,
    }
)
# Requests whose appointment is booked (a portal user's cancellation not yet done still is).
BOOKED_STATUSES = frozenset({RequestStatus.APPROVED, RequestStatus.CANCELLING})
# Requests the expiry sweep may end; `approving` and `offering` wait for availability's answer instead.
EXPIRABLE_STATUSES = frozenset(
    {RequestStatus.SUBMITTED, RequestStatus.PENDING, RequestStatus.OFFERED, RequestStatus.AWAITING_TIME}
)
# Requests a scheduler or the portal user may still decline or cancel (an offer is answered instead).
ENDABLE_STATUSES = frozenset({RequestStatus.SUBMITTED, RequestStatus.PENDING, RequestStatus.AWAITING_TIME})
# Requests a scheduler may offer other times for: one holding the asked-for time, or one awaiting a time.
OFFERABLE_STATUSES = frozenset({RequestStatus.PENDING, RequestStatus.AWAITING_TIME})


class ActorKind(StrEnum):
    PORTAL_USER = "portal_user"
    STAFF = "staff"
    AVAILABILITY = "availability"
    EXPIRY = "expiry"
    WAITLIST = "waitlist"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: uuid.UUID | None = None

    @classmethod
    def portal_user(cls, portal_user_id: uuid.UUID) -> Actor:
        return cls(ActorKind.PORTAL_USER, portal_user_id)

    @classmethod
    def staff(cls, staff_user_id: uuid.UUID) -> Actor:
        return cls(ActorKind.STAFF, staff_user_id)


AVAILABILITY = Actor(ActorKind.AVAILABILITY)
EXPIRY = Actor(ActorKind.EXPIRY)
WAITLIST = Actor(ActorKind.WAITLIST)


@dataclass(frozen=True)
class Reason:
    """Why something did not happen: a stable code and words for people."""

    code: str
    text: str


# Why a request expired: the clinic did not answer within its expiry, or the visit's start (for
# preferred times, their last date) came first.
NOT_REVIEWED_IN_TIME = "not-reviewed-in-time"
START_PASSED = "start-passed"
PREFERRED_TIMES_PASSED = "preferred-times-passed"
# Why a waitlist offer ended before it was made: the calendar could not hold the freed time.
FREED_TIME_NOT_HELD = "freed-time-not-held"


@dataclass(frozen=True)
class AppointmentCancellation:
    """Who cancelled the approved appointment (staff, or a portal user), and when."""

    at: datetime
    by: Actor


@dataclass(frozen=True)
class RequestedVisit:
    """What is asked for, and where: the part a scheduler may edit."""

    start: datetime
    end: datetime
    location_id: uuid.UUID
    visit_type_id: uuid.UUID
    therapist_id: uuid.UUID

    def differences(self, other: RequestedVisit) -> list[str]:
        return [name for name, value in self.as_event_fields().items() if getattr(other, name) != value]

    def as_event_fields(self) -> dict[str, Any]:
        """The visit's fields, named as every request event that carries a visit names them."""
        return asdict(self)


@rule("nothing-to-change", "The edit changes nothing about the request.")
def EditMustChangeSomething(current: RequestedVisit, proposed: RequestedVisit) -> bool:
    return bool(proposed.differences(current))


@rule("time-outside-preferred-times", "That time is not inside the preferred times; offer it as another time instead.")
def ChosenTimeMustBeInsidePreferredTimes(preferred_times: PreferredTimes, start: datetime, zone: ZoneInfo) -> bool:
    """A scheduler answering preferred times books a time inside them; another time is a
    counter-offer, which the portal user answers."""
    return preferred_times.admits(start, zone)


@dataclass(frozen=True)
class SeriesMembership:
    """This request is visit `occurrence` (1 is the first) of the `occurrences` a series asked for."""

    series_id: uuid.UUID
    occurrence: int
    occurrences: int


@dataclass(kw_only=True)
class PortalUserAsk:
    """What a portal user asks for, however they ask (one time, or preferred times): where every
    appointment request begins."""

    request_id: uuid.UUID
    clinic_id: uuid.UUID
    idempotency_key: str
    submission_fingerprint: str
    portal_user_id: uuid.UUID
    patient_id: uuid.UUID
    case_id: uuid.UUID
    visit: RequestedVisit
    note: str
    correlation_id: uuid.UUID


@dataclass(frozen=True)
class ProposedEdit:
    visit: RequestedVisit
    hold_id: uuid.UUID
    holds_slot: bool
    proposed_by: uuid.UUID


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: Actor
    action: str
    from_status: RequestStatus | None
    to_status: RequestStatus
    detail: str = ""


class TransitionRefused(DomainError):
    """The request's current state does not allow this; `code` is stable for clients."""

    status = 409
    title = "The appointment request is not in a state that allows this"

    def __init__(self, code: str, message: str, request_status: RequestStatus) -> None:
        super().__init__(message, code=code)
        # `status` is the HTTP status, in a problem document too.
        self.request_status = request_status

    def extensions(self) -> dict[str, object]:
        return {"request_status": self.request_status.value}


@dataclass(kw_only=True)
class AppointmentRequest(PortalUserAsk):
    status: RequestStatus
    hold_id: uuid.UUID
    holds_slot: bool
    submitted_at: datetime
    updated_at: datetime
    refusal: Reason | None = None
    decline_reason: str | None = None
    appointment_id: uuid.UUID | None = None
    conflict: Reason | None = None
    proposed_edit: ProposedEdit | None = None
    edit_refusal: Reason | None = None
    expiry: Reason | None = None
    appointment_cancellation: AppointmentCancellation | None = None
    series: SeriesMembership | None = None
    # The latest counter-offer, open or answered (its `outcome`).
    counter_offer: CounterOffer | None = None
    # The windows a portal user asked for instead of one time (kept once a time is chosen).
    preferred_times: PreferredTimes | None = None
    # The waitlist entry this request was made to offer a freed time to.
    waitlist_entry_id: uuid.UUID | None = None
    # What happened since the request was loaded; the repository stores and the unit of work
    # publishes them.
    new_history: list[HistoryEntry] = field(default_factory=list)
    events: list[wire.Event] = field(default_factory=list)

    @classmethod
    def submit(
        cls,
        ask: PortalUserAsk,
        *,
        hold_id: uuid.UUID,
        holds_slot: bool,
        now: datetime,
        authorization_warnings: tuple[Reason, ...] = (),
        series: SeriesMembership | None = None,
    ) -> AppointmentRequest:
        visit = ask.visit
        request = cls._asked(
            ask, RequestStatus.SUBMITTED, hold_id=hold_id, holds_slot=holds_slot, now=now, series=series
        )
        request._record_ask(now, "submitted", _describe(visit), authorization_warnings)
        request.events.append(
            wire.RequestSubmitted(
                **request._whose(),
                hold_id=hold_id,
                **visit.as_event_fields(),
                holds_slot=holds_slot,
                series_id=series.series_id if series else None,
                occurrence=series.occurrence if series else None,
                occurrences=series.occurrences if series else None,
            )
        )
        return request

    @classmethod
    def ask_for_preferred_times(
        cls,
        ask: PortalUserAsk,
        *,
        preferred_times: PreferredTimes,
        now: datetime,
        authorization_warnings: tuple[Reason, ...] = (),
    ) -> AppointmentRequest:
        """A request awaiting a time: `visit` spans the windows' dates. Its `hold_id` names no
        calendar item (nothing is held); an ending event carries it, and availability finds
        nothing to release."""
        visit = ask.visit
        request = cls._asked(
            ask,
            RequestStatus.AWAITING_TIME,
            hold_id=uuid.uuid4(),
            holds_slot=False,
            now=now,
            preferred_times=preferred_times,
        )
        detail = f"{_describe_windows(preferred_times)}; {_describe(visit)}"
        request._record_ask(now, "preferred times asked", detail, authorization_warnings)
        request.events.append(
            wire.RequestAwaitingTime(
                **request._whose(),
                visit_type_id=visit.visit_type_id,
                location_id=visit.location_id,
                therapist_id=visit.therapist_id,
                preferred_times=preferred_times,
            )
        )
        return request

    @classmethod
    def _asked(
        cls,
        ask: PortalUserAsk,
        status: RequestStatus,
        *,
        hold_id: uuid.UUID,
        holds_slot: bool,
        now: datetime,
        **more: Any,
    ) -> AppointmentRequest:
        """A new request as the portal user asked for it, in its first `status`."""
        return cls(
            **vars(ask),
            status=status,
            hold_id=hold_id,
            holds_slot=holds_slot,
            submitted_at=now,
            updated_at=now,
            **more,
        )

    def _record_ask(self, now: datetime, action: str, detail: str, warnings: tuple[Reason, ...]) -> None:
        """The history of a portal user's ask: what was asked, and what it was beyond."""
        portal_user = Actor.portal_user(self.portal_user_id)
        self._record(now, portal_user, action, None, self.status, detail)
        for warning in warnings:
            self._record(now, portal_user, "beyond authorization", self.status, self.status, _explain(warning))

    @classmethod
    def offer_from_waitlist(
        cls,
        *,
        request_id: uuid.UUID,
        entry: WaitlistEntry,
        visit: RequestedVisit,
        hold_id: uuid.UUID,
        holds_slot: bool,
        answer_within: timedelta,
        now: datetime,
    ) -> AppointmentRequest:
        """A request made to offer `entry` a freed time: an offer of that one time (availability
        holds it) for the portal user to answer within `answer_within`, and before it starts."""
        offered = OfferedTime(visit, hold_id)
        request = cls(
            request_id=request_id,
            clinic_id=entry.clinic_id,
            idempotency_key=f"waitlist-offer:{request_id}",
            submission_fingerprint="",
            portal_user_id=entry.portal_user_id,
            patient_id=entry.patient_id,
            case_id=entry.case_id,
            visit=visit,
            note="",
            status=RequestStatus.OFFERING,
            # A hold never placed: the request asked for no time of its own.
            hold_id=uuid.uuid5(request_id, "nothing-asked"),
            holds_slot=holds_slot,
            submitted_at=now,
            updated_at=now,
            correlation_id=uuid.uuid5(request_id, "correlation"),
            counter_offer=CounterOffer(
                times=(offered,),
                holds_slot=holds_slot,
                offered_by=THE_WAITLIST,
                offered_at=now,
                answer_by=min(now + answer_within, visit.start),
            ),
            waitlist_entry_id=entry.entry_id,
        )
        request._record(now, WAITLIST, "offered from the waitlist", None, request.status, _describe(visit))
        request.events.append(
            wire.RequestCounterOffered(
                request_id=request_id,
                previous_hold_id=request.hold_id,
                offered_times=cls._offered_on_the_wire((offered,)),
                holds_slot=holds_slot,
                offered_by=THE_WAITLIST,
            )
        )
        return request

    @property
    def awaits_availability(self) -> bool:
        """A hold, a booking, a cancellation or an edit's hold has been asked for and not yet answered."""
        waiting = (RequestStatus.SUBMITTED, RequestStatus.APPROVING, RequestStatus.CANCELLING, RequestStatus.OFFERING)
        return self.status in waiting or self.proposed_edit is not None

    def pull_events(self) -> list[wire.Event]:
        events, self.events = self.events, []
        return events

    def pull_history(self) -> list[HistoryEntry]:
        entries, self.new_history = self.new_history, []
        return entries

    # --- availability's answers -------------------------------------------------------------

    def hold_placed(self, hold_id: uuid.UUID, now: datetime) -> bool:
        if (asked := self._offered_time_asked(hold_id)) is not None:
            self._offered_time_answered(asked, now, "offered time held", _describe(asked.visit))
            return True
        if self.status is RequestStatus.SUBMITTED and hold_id == self.hold_id:
            self._move(now, AVAILABILITY, "hold placed", RequestStatus.PENDING)
            self.events.append(wire.RequestPending(**self._whose(), **self.visit.as_event_fields()))
            return True
        edit = self.proposed_edit
        if self.status is RequestStatus.AWAITING_TIME and edit is not None and hold_id == edit.hold_id:
            self.visit, self.hold_id, self.holds_slot = edit.visit, edit.hold_id, edit.holds_slot
            self.proposed_edit = None
            self._move(now, AVAILABILITY, "chosen time held", RequestStatus.APPROVING, _describe(edit.visit))
            self.events.append(self._approval_started(edit.proposed_by))
            return True
        if self.status is RequestStatus.PENDING and edit is not None and hold_id == edit.hold_id:
            changed = ", ".join(edit.visit.differences(self.visit))
            previous = self.visit
            self.visit, self.hold_id, self.holds_slot = edit.visit, edit.hold_id, edit.holds_slot
            self.proposed_edit = None
            # The conflict was about the old time.
            self.conflict = None
            detail = f"changed {changed}: {_describe(edit.visit)}"
            self._move(now, AVAILABILITY, "edit applied", RequestStatus.PENDING, detail)
            self.events.append(
                wire.RequestEditApplied(
                    request_id=self.request_id,
                    portal_user_id=self.portal_user_id,
                    patient_id=self.patient_id,
                    **edit.visit.as_event_fields(),
                    previous_start=previous.start,
                    previous_end=previous.end,
                    edited_by=edit.proposed_by,
                )
            )
            return True
        return False

    def hold_refused(self, hold_id: uuid.UUID, reason: Reason, now: datetime) -> bool:
        if (asked := self._offered_time_asked(hold_id)) is not None:
            detail = f"{_describe(asked.visit)}; {_explain(reason)}"
            self._offered_time_answered(
                asked, now, "offered time refused", detail, refusal_code=reason.code, refusal_text=reason.text
            )
            return True
        if self.status is RequestStatus.SUBMITTED and hold_id == self.hold_id:
            self.refusal = reason
            self._move(now, AVAILABILITY, "hold refused", RequestStatus.REFUSED, _explain(reason))
            self.events.append(
                wire.RequestRefused(
                    request_id=self.request_id,
                    reason_code=reason.code,
                    reason=reason.text,
                    portal_user_id=self.portal_user_id,
                )
            )
            return True
        edit = self.proposed_edit
        # An edit of a pending request, or a time chosen for one awaiting it: either keeps its status.
        if (
            self.status in (RequestStatus.PENDING, RequestStatus.AWAITING_TIME)
            and edit is not None
            and hold_id == edit.hold_id
        ):
            self.proposed_edit = None
            self.edit_refusal = reason
            self._move(now, AVAILABILITY, "edit refused", self.status, _explain(reason))
            self.events.append(
                wire.RequestEditRefused(
                    request_id=self.request_id, reason_code=reason.code, reason=reason.text, edited_by=edit.proposed_by
                )
            )
            return True
        return False

    def appointment_booked(self, appointment_id: uuid.UUID, now: datetime) -> bool:
        if self.status is not RequestStatus.APPROVING:
            return False
        self.appointment_id = appointment_id
        self.conflict = None
        self._move(now, AVAILABILITY, "appointment booked", RequestStatus.APPROVED, f"appointment {appointment_id}")
        self.events.append(
            wire.RequestApproved(**self._whose(), appointment_id=appointment_id, **self.visit.as_event_fields())
        )
        return True

    def booking_refused(self, hold_id: uuid.UUID, reason: Reason, now: datetime) -> bool:
        if self.status is not RequestStatus.APPROVING or hold_id != self.hold_id:
            return False
        self.conflict = reason
        self._move(now, AVAILABILITY, "booking refused", RequestStatus.PENDING, _explain(reason))
        return True

    def overbooked(self, hold_id: uuid.UUID, appointment_id: uuid.UUID, now: datetime) -> bool:
        if self.status not in (RequestStatus.PENDING, RequestStatus.APPROVING) or hold_id != self.hold_id:
            return False
        self.conflict = Reason("overbooked", f"A scheduler booked appointment {appointment_id} over this time.")
        self._move(now, AVAILABILITY, "overbooked", self.status, self.conflict.text)
        return True

    def appointment_cancelled(self, appointment_id: uuid.UUID, by: Actor, at: datetime) -> bool:
        """The request's appointment was cancelled, by `by` at `at` (recorded as theirs, then); its
        time is free again."""
        cancellable = (RequestStatus.APPROVED, RequestStatus.CANCELLING)
        if self.status not in cancellable or appointment_id != self.appointment_id:
            return False
        self.appointment_cancellation = AppointmentCancellation(at, by)
        self._move(
            at, by, "appointment cancelled", RequestStatus.APPOINTMENT_CANCELLED, f"appointment {appointment_id}"
        )
        return True

    # --- people's decisions -----------------------------------------------------------------

    def approve(self, staff_user_id: uuid.UUID, now: datetime) -> bool:
        if self.status in (RequestStatus.APPROVING, RequestStatus.APPROVED):
            return False
        self._require_pending("approved")
        self._require_no_edit_in_flight("approved")
        self._move(now, Actor.staff(staff_user_id), "approval started", RequestStatus.APPROVING)
        self.events.append(self._approval_started(staff_user_id))
        return True

    def _approval_started(self, approved_by: uuid.UUID) -> wire.RequestApprovalStarted:
        visit = self.visit
        return wire.RequestApprovalStarted(
            request_id=self.request_id,
            hold_id=self.hold_id,
            patient_id=self.patient_id,
            case_id=self.case_id,
            **visit.as_event_fields(),
            approved_by=approved_by,
        )

    def ensure_editable(self) -> None:
        self._require_pending("edited")
        self._require_no_edit_in_flight("edited again")

    def ensure_time_choosable(self) -> PreferredTimes:
        """The preferred times a scheduler may choose a time inside."""
        if self.status is not RequestStatus.AWAITING_TIME or self.preferred_times is None:
            raise TransitionRefused(
                "request-not-awaiting-time",
                f"Only a request awaiting a time can be given one; this one is {self.status}.",
                self.status,
            )
        self._require_no_edit_in_flight("given a time")
        return self.preferred_times

    def ensure_offerable(self) -> None:
        if self.status not in OFFERABLE_STATUSES:
            raise TransitionRefused(
                "request-not-pending",
                f"Only a pending request, or one awaiting a time, can be offered other times; this one is {self.status}.",
                self.status,
            )
        self._require_no_edit_in_flight("offered other times")

    def choose_time(
        self,
        staff_user_id: uuid.UUID,
        visit: RequestedVisit,
        zone: ZoneInfo,
        *,
        hold_id: uuid.UUID,
        holds_slot: bool,
        now: datetime,
    ) -> None:
        """A scheduler answers the preferred times with a time inside them (read in the location's
        `zone`): availability holds it as an edit's, and the hold placed approves the request."""
        windows = self.ensure_time_choosable()
        check(ChosenTimeMustBeInsidePreferredTimes(windows, visit.start, zone))
        self.proposed_edit = ProposedEdit(visit, hold_id, holds_slot, staff_user_id)
        self.edit_refusal = None
        self._move(now, Actor.staff(staff_user_id), "time chosen", self.status, _describe(visit))
        self.events.append(self._edited(visit, hold_id, holds_slot))

    def _edited(self, visit: RequestedVisit, hold_id: uuid.UUID, holds_slot: bool) -> wire.RequestEdited:
        return wire.RequestEdited(
            request_id=self.request_id,
            hold_id=hold_id,
            previous_hold_id=self.hold_id,
            **visit.as_event_fields(),
            holds_slot=holds_slot,
            patient_id=self.patient_id,
            case_id=self.case_id,
        )

    def propose_edit(
        self, staff_user_id: uuid.UUID, visit: RequestedVisit, *, hold_id: uuid.UUID, holds_slot: bool, now: datetime
    ) -> None:
        self.ensure_editable()
        check(EditMustChangeSomething(self.visit, visit))
        changed = visit.differences(self.visit)
        self.proposed_edit = ProposedEdit(visit, hold_id, holds_slot, staff_user_id)
        self.edit_refusal = None
        detail = f"changes {', '.join(changed)}: {_describe(visit)}"
        self._move(now, Actor.staff(staff_user_id), "edit proposed", self.status, detail)
        self.events.append(self._edited(visit, hold_id, holds_slot))

    def offer_other_times(
        self,
        staff_user_id: uuid.UUID,
        visits: tuple[RequestedVisit, ...],
        *,
        hold_ids: tuple[uuid.UUID, ...],
        holds_slot: bool,
        answer_within: timedelta,
        now: datetime,
    ) -> None:
        """Offer other times instead of the asked-for one; availability holds them. The portal
        user may answer within `answer_within`, and no later than the last offered start."""
        self.ensure_offerable()
        check(
            OfferMustNameOneToThreeTimes(len(visits)),
            OfferedTimesMustDiffer(self.visit, visits),
            OfferedTimesMustNotOverlap(visits),
        )
        self.counter_offer = CounterOffer(
            times=tuple(OfferedTime(visit, hold_id) for visit, hold_id in zip(visits, hold_ids, strict=True)),
            holds_slot=holds_slot,
            offered_by=staff_user_id,
            offered_at=now,
            answer_by=min(now + answer_within, max(visit.start for visit in visits)),
            offered_while=self.status,
        )
        self.edit_refusal = None
        detail = "; ".join(_describe(visit) for visit in visits)
        self._move(now, Actor.staff(staff_user_id), "other times offered", RequestStatus.OFFERING, detail)
        self.events.append(
            wire.RequestCounterOffered(
                request_id=self.request_id,
                previous_hold_id=self.hold_id,
                offered_times=self._offered_on_the_wire(self.counter_offer.times),
                holds_slot=holds_slot,
                offered_by=staff_user_id,
                patient_id=self.patient_id,
                case_id=self.case_id,
            )
        )

    def accept_offered_time(self, portal_user_id: uuid.UUID, hold_id: uuid.UUID, now: datetime) -> bool:
        """The portal user takes one offered time: it becomes the request's visit, approved by the
        scheduler who offered it. Accepting the same time again changes nothing."""
        offer = self.counter_offer
        if offer is not None and offer.outcome is OfferOutcome.ACCEPTED and self.hold_id == hold_id:
            return False
        offer = self._open_offer("accepted")
        accepted = offer.time(hold_id)
        if accepted is None or accepted.state is not OfferedTimeState.HELD:
            raise TransitionRefused(
                "not-an-offered-time", "That time is not one of the times held for this request.", self.status
            )
        released = tuple(time.hold_id for time in offer.in_state(OfferedTimeState.HELD) if time.hold_id != hold_id)
        self.counter_offer = offer.ended(OfferOutcome.ACCEPTED, accepted=hold_id)
        self.visit, self.hold_id, self.holds_slot = accepted.visit, hold_id, offer.holds_slot
        self.conflict = None
        actor = Actor.portal_user(portal_user_id)
        self._move(now, actor, "offered time accepted", RequestStatus.APPROVING, _describe(accepted.visit))
        visit = self.visit
        self.events.append(
            wire.CounterOfferAccepted(
                request_id=self.request_id,
                portal_user_id=portal_user_id,
                hold_id=hold_id,
                released_hold_ids=released,
                **visit.as_event_fields(),
                offered_by=offer.offered_by,
            )
        )
        self.events.append(self._approval_started(offer.offered_by))
        return True

    def decline_offer(self, portal_user_id: uuid.UUID, now: datetime) -> bool:
        """The portal user wants none of the offered times: the request ends, every hold released."""
        if self.status is RequestStatus.OFFER_DECLINED:
            return False
        offer = self._open_offer("declined")
        released = tuple(time.hold_id for time in offer.in_state(OfferedTimeState.HELD))
        self.counter_offer = offer.ended(OfferOutcome.DECLINED)
        actor = Actor.portal_user(portal_user_id)
        self._move(now, actor, "offer declined", RequestStatus.OFFER_DECLINED, f"released {len(released)} held times")
        self.events.append(
            wire.CounterOfferDeclined(
                request_id=self.request_id,
                portal_user_id=portal_user_id,
                released_hold_ids=released,
                offered_by=offer.offered_by,
            )
        )
        return True

    def decline(self, staff_user_id: uuid.UUID, reason: str, now: datetime) -> bool:
        if self.status is RequestStatus.DECLINED:
            return False
        self._require_endable("declined")
        self.decline_reason = reason
        self._move(now, Actor.staff(staff_user_id), "declined", RequestStatus.DECLINED, reason)
        self.events.append(
            wire.RequestDeclined(
                request_id=self.request_id,
                hold_id=self.hold_id,
                reason=reason,
                declined_by=staff_user_id,
                portal_user_id=self.portal_user_id,
            )
        )
        return True

    def cancel(self, portal_user_id: uuid.UUID, now: datetime) -> bool:
        if self.status is RequestStatus.CANCELLED:
            return False
        self._require_endable("cancelled")
        self._move(now, Actor.portal_user(portal_user_id), "cancelled", RequestStatus.CANCELLED)
        self.events.append(
            wire.RequestCancelled(request_id=self.request_id, hold_id=self.hold_id, portal_user_id=portal_user_id)
        )
        return True

    def cancel_appointment(self, portal_user_id: uuid.UUID, now: datetime) -> bool:
        """The portal user cancels the approved appointment (the clinic's policy is checked before);
        availability cancels it. A repeat, or one the clinic cancelled already, changes nothing."""
        if self.status in (RequestStatus.CANCELLING, RequestStatus.APPOINTMENT_CANCELLED):
            return False
        if self.status is not RequestStatus.APPROVED or self.appointment_id is None:
            raise TransitionRefused(
                "request-not-approved",
                f"Only an approved request's appointment can be cancelled; this one is {self.status}.",
                self.status,
            )
        actor = Actor.portal_user(portal_user_id)
        self._move(now, actor, "appointment cancellation started", RequestStatus.CANCELLING)
        self.events.append(
            wire.AppointmentCancellationStarted(
                request_id=self.request_id, appointment_id=self.appointment_id, portal_user_id=portal_user_id
            )
        )
        return True

    # --- time -------------------------------------------------------------------------------

    def is_overdue(self, now: datetime, expiry: timedelta) -> bool:
        """Unreviewed for longer than the clinic's expiry, or its start has come; an open offer,
        unanswered by its `answer_by`."""
        if self.status is RequestStatus.OFFERED:
            return now >= self._offer.answer_by
        return (
            self.status in EXPIRABLE_STATUSES
            and self.proposed_edit is None
            and (now >= self._latest_start or now >= self.submitted_at + expiry)
        )

    @property
    def _latest_start(self) -> datetime:
        """The last moment the visit could start: its start, or the end of the windows' last date."""
        return self.visit.end if self.status is RequestStatus.AWAITING_TIME else self.visit.start

    def expire(self, now: datetime, expiry: timedelta) -> bool:
        if not self.is_overdue(now, expiry):
            return False
        if self.status is RequestStatus.OFFERED:
            self._expire_offer(now)
            return True
        if now >= self._latest_start and self.status is RequestStatus.AWAITING_TIME:
            self.expiry = Reason(
                PREFERRED_TIMES_PASSED, "Its preferred times have passed while it waited for the clinic."
            )
        elif now >= self._latest_start:
            self.expiry = Reason(START_PASSED, "Its start has passed while it waited for the clinic.")
        else:
            self.expiry = Reason(NOT_REVIEWED_IN_TIME, f"Not reviewed within {_hours(expiry)}.")
        self._move(now, EXPIRY, "expired", RequestStatus.EXPIRED, _explain(self.expiry))
        self.events.append(
            wire.RequestExpired(
                request_id=self.request_id,
                hold_id=self.hold_id,
                reason_code=self.expiry.code,
                reason=self.expiry.text,
                portal_user_id=self.portal_user_id,
            )
        )
        return True

    def _expire_offer(self, now: datetime) -> None:
        offer = self._offer
        released = tuple(time.hold_id for time in offer.in_state(OfferedTimeState.HELD))
        answer_by = offer.answer_by.isoformat()
        self.expiry = Reason(OFFER_NOT_ANSWERED_IN_TIME, f"The offered times were not answered by {answer_by}.")
        self.counter_offer = offer.ended(OfferOutcome.EXPIRED)
        self._move(now, EXPIRY, "expired", RequestStatus.EXPIRED, _explain(self.expiry))
        self.events.append(
            wire.CounterOfferExpired(
                request_id=self.request_id,
                portal_user_id=self.portal_user_id,
                released_hold_ids=released,
                reason_code=self.expiry.code,
                reason=self.expiry.text,
                offered_by=offer.offered_by,
                waitlist_entry_id=self.waitlist_entry_id,
            )
        )

    # --- internals --------------------------------------------------------------------------

    def _whose(self) -> dict[str, Any]:
        """Whose request this is, as the events that tell of the patient's case name it."""
        return {
            "request_id": self.request_id,
            "portal_user_id": self.portal_user_id,
            "patient_id": self.patient_id,
            "case_id": self.case_id,
        }

    def _offered_time_answered(
        self, asked: OfferedTime, now: datetime, action: str, detail: str, **refusal: str
    ) -> None:
        """Availability held the offered time `asked`, or refused it (`refusal_code`, `refusal_text`)."""
        state = OfferedTimeState.REFUSED if refusal else OfferedTimeState.HELD
        self.counter_offer = self._offer.with_time(asked.hold_id, state=state, **refusal)
        self._record(now, AVAILABILITY, action, self.status, self.status, detail)
        self._settle_offer(now)

    def _offered_time_asked(self, hold_id: uuid.UUID) -> OfferedTime | None:
        """The offered time held under `hold_id`, if availability has not answered for it yet."""
        if self.status is not RequestStatus.OFFERING or self.counter_offer is None:
            return None
        offered = self.counter_offer.time(hold_id)
        return offered if offered is not None and offered.state is OfferedTimeState.ASKED else None

    def _settle_offer(self, now: datetime) -> None:
        """Once availability has answered for every offered time: the held ones go to the portal
        user (availability released the asked-for hold), or, none held, the request is pending
        again with its own time."""
        offer = self._offer
        if not offer.is_settled_by_availability:
            return
        held = offer.in_state(OfferedTimeState.HELD)
        if not held and self.waitlist_entry_id is not None:
            self.counter_offer = replace(offer, outcome=OfferOutcome.NONE_HELD)
            self.expiry = Reason(FREED_TIME_NOT_HELD, "The freed time was taken before it could be held for you.")
            self._move(now, AVAILABILITY, "expired", RequestStatus.EXPIRED, _explain(self.expiry))
            return
        if not held:
            self.counter_offer = replace(offer, outcome=OfferOutcome.NONE_HELD)
            back_to = RequestStatus(offer.offered_while)
            if back_to is RequestStatus.AWAITING_TIME:
                detail = "none of the offered times could be held; the request awaits a time again"
            else:
                detail = "none of the offered times could be held; the requested time is still held"
            self._move(now, AVAILABILITY, "offer not held", back_to, detail)
            return
        detail = (
            f"{len(held)} of {len(offer.times)} offered times held, answer by {offer.answer_by.isoformat()};"
            " the requested time was released"
        )
        self._move(now, AVAILABILITY, "offer sent", RequestStatus.OFFERED, detail)
        self.events.append(
            wire.CounterOfferHeld(
                **self._whose(),
                offered_times=self._offered_on_the_wire(held),
                answer_by=offer.answer_by,
                offered_by=offer.offered_by,
                waitlist_entry_id=self.waitlist_entry_id,
            )
        )

    @staticmethod
    def _offered_on_the_wire(times: tuple[OfferedTime, ...]) -> tuple[wire.OfferedTime, ...]:
        return tuple(
            wire.OfferedTime(
                hold_id=time.hold_id,
                **time.visit.as_event_fields(),
            )
            for time in times
        )

    def _open_offer(self, outcome: str) -> CounterOffer:
        if self.status is not RequestStatus.OFFERED or self.counter_offer is None:
            raise TransitionRefused(
                "no-open-offer",
                f"Only an open offer of other times can be {outcome}; this request is {self.status}.",
                self.status,
            )
        return self.counter_offer

    @property
    def _offer(self) -> CounterOffer:
        """The counter-offer, where the status says one was made (offering, offered, or its end)."""
        if self.counter_offer is None:
            raise TransitionRefused(
                "no-open-offer", f"No other times were offered; this request is {self.status}.", self.status
            )
        return self.counter_offer

    def _require_pending(self, outcome: str) -> None:
        if self.status is not RequestStatus.PENDING:
            raise TransitionRefused(
                "request-not-pending",
                f"Only a pending request can be {outcome}; this one is {self.status}.",
                self.status,
            )

    def _require_endable(self, outcome: str) -> None:
        if self.status not in ENDABLE_STATUSES:
            raise TransitionRefused(
                "request-not-pending",
                f"Only a submitted or pending request, or one awaiting a time, can be {outcome};"
                f" this one is {self.status}.",
                self.status,
            )
        self._require_no_edit_in_flight(outcome)

    def _require_no_edit_in_flight(self, outcome: str) -> None:
        if self.proposed_edit is not None:
            raise TransitionRefused(
                "edit-in-progress",
                f"An edit is waiting for the calendar's answer; the request can be {outcome} once it has one."
                " Try again in a moment.",
                self.status,
            )

    def _move(self, now: datetime, actor: Actor, action: str, to: RequestStatus, detail: str = "") -> None:
        self._record(now, actor, action, self.status, to, detail)
        self.status = to
        self.updated_at = now

    def _record(
        self,
        now: datetime,
        actor: Actor,
        action: str,
        from_status: RequestStatus | None,
        to: RequestStatus,
        detail: str,
    ) -> None:
        self.new_history.append(HistoryEntry(now, actor, action, from_status, to, detail))


def _describe(visit: RequestedVisit) -> str:
    return (
        f"{visit.start.isoformat()} to {visit.end.isoformat()} at location {visit.location_id},"
        f" visit type {visit.visit_type_id}, therapist {visit.therapist_id}"
    )


def _describe_windows(windows: PreferredTimes) -> str:
    return (
        f"{', '.join(windows.weekdays)} {', '.join(windows.parts_of_day)}"
        f" from {windows.date_from.isoformat()} to {windows.date_to.isoformat()}"
    )


def _explain(reason: Reason) -> str:
    return f"{reason.code}: {reason.text}"


def _hours(span: timedelta) -> str:
    return f"{span.total_seconds() / 3600:g} hours"
