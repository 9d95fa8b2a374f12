"""The request as the HTTP API shows it."""

from collections.abc import Callable
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime
from typing import Any, Self, TypeVar
from uuid import UUID

from pydantic import BaseModel

from clinic_contracts.events import AuthorizationLimit
from clinic_contracts.preferred_times import PreferredTimes
from clinic_requests.domain.appointment_request import (
    AppointmentCancellation,
    HistoryEntry,
    Reason,
    RequestStatus,
)
from clinic_requests.domain.counter_offer import CounterOffer, OfferedTimeState, OfferOutcome
from clinic_requests.domain.waitlist import EntryStatus, PartOfDay, WaitlistEntry
from clinic_requests.service_layer.queries import AuthorizationView, RequestWithHistory, SeenRequest


class Document(BaseModel):
    @classmethod
    def showing(cls, source: Any, **shown_otherwise: Any) -> Self:
        """The document of `source` (a dataclass or a pydantic model): each of its fields this
        document names alike, as it is, and `shown_otherwise` the fields shown in a way of their own."""
        names = [own.name for own in fields(source)] if is_dataclass(source) else type(source).model_fields
        alike = {name: getattr(source, name) for name in names if name in cls.model_fields}
        return cls(**(alike | shown_otherwise))


Source = TypeVar("Source")
Shown = TypeVar("Shown")


def _or_none(show: Callable[[Source], Shown], source: Source | None) -> Shown | None:
    """A part a request may lack: None stays None, else `source` as `show` shows it."""
    return None if source is None else show(source)


class ReasonDocument(BaseModel):
    code: str
    reason: str

    @classmethod
    def of(cls, reason: Reason | None) -> "ReasonDocument | None":
        return None if reason is None else cls(code=reason.code, reason=reason.text)


class ProposedEditDocument(BaseModel):
    """An edit waiting for availability to hold its time."""

    start: datetime
    end: datetime
    location_id: UUID
    visit_type_id: UUID
    therapist_id: UUID
    proposed_by: UUID


class OfferedTimeDocument(Document):
    """One offered time: `asked` (availability has not answered), `held`, `refused` (with
    `refusal`), `accepted`, or `released`. The portal user accepts it by its `hold_id`."""

    hold_id: UUID
    state: OfferedTimeState
    start: datetime
    end: datetime
    location_id: UUID
    visit_type_id: UUID
    therapist_id: UUID
    refusal: ReasonDocument | None


class CounterOfferDocument(Document):
    """The latest offer of other times. `outcome`: null while open; `none-held` (the calendar held
    none, the request kept its time), `accepted`, `declined` or `expired`."""

    times: list[OfferedTimeDocument]
    offered_by: UUID
    offered_at: datetime
    answer_by: datetime
    outcome: OfferOutcome | None

    @classmethod
    def of(cls, offer: CounterOffer) -> "CounterOfferDocument":
        return cls.showing(
            offer,
            times=[
                OfferedTimeDocument.showing(
                    time,
                    **asdict(time.visit),
                    refusal=None
                    if time.refusal_code is None
                    else ReasonDocument(code=time.refusal_code, reason=time.refusal_text or ""),
                )
                for time in offer.times
            ],
        )


class AppointmentCancellationDocument(Document):
    """Who cancelled the approved appointment (`staff`: the clinic; `portal_user`), and when."""

    at: datetime
    actor_kind: str
    actor_id: UUID | None

    @classmethod
    def of(cls, cancellation: AppointmentCancellation) -> "AppointmentCancellationDocument":
        return cls.showing(cancellation, actor_kind=cancellation.by.kind.value, actor_id=cancellation.by.id)


class AuthorizationDocument(Document):
    """The case's insurance authorization and how the case stands with it, this request counted:
    `visits_left` = `visits` - `visits_used` (booked) - `visits_pending` (waiting), below zero when
    over; `week_visits`: the visits in this request's week. `limit`: what the clinic does beyond
    it (the case's own choice, or the clinic's); `warnings`: what this request is beyond."""

    visits: int
    first_day: date
    last_day: date
    visits_per_week: int | None
    limit: AuthorizationLimit
    visits_used: int
    visits_pending: int
    visits_left: int
    week_visits: int
    warnings: list[ReasonDocument]

    @classmethod
    def of(cls, view: AuthorizationView) -> "AuthorizationDocument":
        judged, authorization = view.standing, view.standing.authorization
        return cls.showing(
            authorization,
            limit=view.limit,
            visits_used=judged.used,
            visits_pending=judged.pending,
            visits_left=judged.left,
            week_visits=judged.week_visits,
            warnings=[ReasonDocument.of(reason) for reason in view.warnings],
        )


class SeriesDocument(Document):
    """The request is visit `occurrence` (1 is the first) of a weekly series of `occurrences`."""

    series_id: UUID
    occurrence: int
    occurrences: int


class HistoryDocument(Document):
    at: datetime
    actor_kind: str
    actor_id: UUID | None
    action: str
    from_status: RequestStatus | None
    to_status: RequestStatus
    detail: str

    @classmethod
    def of(cls, entry: HistoryEntry) -> "HistoryDocument":
        return cls.showing(entry, actor_kind=entry.actor.kind.value, actor_id=entry.actor.id)


class RequestDocument(Document):
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
    # Why the time could not be held at submission (status `refused`).
    refusal: ReasonDocument | None
    decline_reason: str | None
    appointment_id: UUID | None
    conflicting: bool
    conflict: ReasonDocument | None
    proposed_edit: ProposedEditDocument | None
    # Why the last edit could not be held; the request kept its time.
    edit_refusal: ReasonDocument | None
    # For a pending request: the settings it was asked under that no longer hold (a location,
    # case, visit type or therapist deactivated or switched off since). Empty: nothing to flag.
    attention: list[ReasonDocument] = []
    # Why it expired (status `expired`): `not-reviewed-in-time` or `start-passed`.
    expiry: ReasonDocument | None = None
    # Status `appointment-cancelled`: who cancelled the approved appointment, and when.
    appointment_cancellation: AppointmentCancellationDocument | None = None
    # An approved request: until when its portal user may cancel the appointment, by the clinic's
    # policy; null where the clinic does not allow it.
    cancellable_until: datetime | None = None
    # A booked or waiting request of a case with an insurance authorization: how the case stands.
    authorization: AuthorizationDocument | None = None
    # One visit of a weekly series; null for a single request.
    series: SeriesDocument | None = None
    # Other times a scheduler offered (status `offering`/`offered`, and after the answer).
    counter_offer: CounterOfferDocument | None = None
    # The windows a portal user asked for instead of one time (status `awaiting-time`, and after a
    # time was chosen); while awaiting a time, `start` and `end` span the windows' dates.
    preferred_times: PreferredTimes | None = None
    # A request made to offer a waitlist entry a freed time: the entry.
    waitlist_entry_id: UUID | None = None

    @classmethod
    def of(cls, seen: SeenRequest, **more: Any) -> Self:
        request, edit = seen.request, seen.request.proposed_edit
        return cls.showing(
            request,
            **asdict(request.visit),
            refusal=ReasonDocument.of(request.refusal),
            conflicting=request.conflict is not None,
            conflict=ReasonDocument.of(request.conflict),
            proposed_edit=None
            if edit is None
            else ProposedEditDocument(**asdict(edit.visit), proposed_by=edit.proposed_by),
            edit_refusal=ReasonDocument.of(request.edit_refusal),
            attention=[ReasonDocument.of(reason) for reason in seen.attention],
            expiry=ReasonDocument.of(request.expiry),
            appointment_cancellation=_or_none(AppointmentCancellationDocument.of, request.appointment_cancellation),
            cancellable_until=seen.cancellable_until,
            authorization=_or_none(AuthorizationDocument.of, seen.authorization),
            series=_or_none(SeriesDocument.showing, request.series),
            counter_offer=_or_none(CounterOfferDocument.of, request.counter_offer),
            **more,
        )


class RequestWithHistoryDocument(RequestDocument):
    history: list[HistoryDocument]

    @classmethod
    def of_found(cls, found: RequestWithHistory) -> "RequestWithHistoryDocument":
        history = [HistoryDocument.of(entry) for entry in found.history]
        return cls.of(found, history=history)


class RequestPage(BaseModel):
    items: list[RequestDocument]
    total: int
    limit: int
    offset: int


class SeriesRequests(BaseModel):
    """A weekly series as submitted: its visits sent, each an ordinary request."""

    series_id: UUID
    interval_weeks: int
    visits: int
    requests: list[RequestWithHistoryDocument]


class SeriesDecisionOutcome(BaseModel):
    """One visit's decision: applied (`request` as it is now), or refused with a problem's code
    and words (the rest of the series' decisions still apply)."""

    request_id: UUID
    applied: bool
    code: str | None = None
    detail: str | None = None
    request: RequestDocument | None = None


class SeriesDecisionOutcomes(BaseModel):
    series_id: UUID
    outcomes: list[SeriesDecisionOutcome]


class PendingCount(BaseModel):
    pending: int


class WaitlistEntryDocument(Document):
    """A place on a case's waitlist; `weekdays` are ISO (1 is Monday), the days local dates."""

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
    status: EntryStatus
    joined_at: datetime
    joined_by_staff: UUID | None
    ended_at: datetime | None

    @classmethod
    def of(cls, entry: WaitlistEntry) -> "WaitlistEntryDocument":
        windows = entry.windows
        # The entry's own fields are named as the document names them; its windows are shown apart.
        return cls.showing(
            entry,
            weekdays=sorted(windows.weekdays),
            parts_of_day=sorted(windows.parts_of_day, key=list(PartOfDay).index),
            first_day=windows.first_day,
            last_day=windows.last_day,
        )


class WaitlistDocument(BaseModel):
    """Waiting entries in the order the clinic offers freed times (`order`)."""

    order: str
    items: list[WaitlistEntryDocument]
