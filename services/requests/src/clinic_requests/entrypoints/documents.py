"""The request as the HTTP API shows it."""

from dataclasses import asdict
from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel

from clinic_contracts.events import AuthorizationLimit
from clinic_contracts.preferred_times import PreferredTimes
from clinic_requests.domain.appointment_request import (
    AppointmentCancellation,
    AppointmentRequest,
    HistoryEntry,
    Reason,
    RequestStatus,
)
from clinic_requests.domain.counter_offer import CounterOffer, OfferedTimeState, OfferOutcome
from clinic_requests.domain.waitlist import EntryStatus, PartOfDay, WaitlistEntry
from clinic_requests.service_layer.queries import AuthorizationView, RequestWithHistory


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


class OfferedTimeDocument(BaseModel):
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


class CounterOfferDocument(BaseModel):
    """The latest offer of other times. `outcome`: null while open; `none-held` (the calendar held
    none, the request kept its time), `accepted`, `declined` or `expired`."""

    times: list[OfferedTimeDocument]
    offered_by: UUID
    offered_at: datetime
    answer_by: datetime
    outcome: OfferOutcome | None

    @classmethod
    def of(cls, offer: CounterOffer | None) -> "CounterOfferDocument | None":
        if offer is None:
            return None
        return cls(
            times=[
                OfferedTimeDocument(
                    hold_id=time.hold_id,
                    state=time.state,
                    **asdict(time.visit),
                    refusal=None
                    if time.refusal_code is None
                    else ReasonDocument(code=time.refusal_code, reason=time.refusal_text or ""),
                )
                for time in offer.times
            ],
            offered_by=offer.offered_by,
            offered_at=offer.offered_at,
            answer_by=offer.answer_by,
            outcome=offer.outcome,
        )


class AppointmentCancellationDocument(BaseModel):
    """Who cancelled the approved appointment (`staff`: the clinic; `portal_user`), and when."""

    at: datetime
    actor_kind: str
    actor_id: UUID | None

    @classmethod
    def of(cls, cancellation: AppointmentCancellation | None) -> "AppointmentCancellationDocument | None":
        if cancellation is None:
            return None
        return cls(at=cancellation.at, actor_kind=cancellation.by.kind.value, actor_id=cancellation.by.id)


class AuthorizationDocument(BaseModel):
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
    def of(cls, view: AuthorizationView | None) -> "AuthorizationDocument | None":
        if view is None:
            return None
        judged, authorization = view.standing, view.standing.authorization
        return cls(
            visits=authorization.visits,
            first_day=authorization.first_day,
            last_day=authorization.last_day,
            visits_per_week=authorization.visits_per_week,
            limit=view.limit,
            visits_used=judged.used,
            visits_pending=judged.pending,
            visits_left=judged.left,
            week_visits=judged.week_visits,
            warnings=[ReasonDocument.of(reason) for reason in view.warnings],
        )


class SeriesDocument(BaseModel):
    """The request is visit `occurrence` (1 is the first) of a weekly series of `occurrences`."""

    series_id: UUID
    occurrence: int
    occurrences: int


class HistoryDocument(BaseModel):
    at: datetime
    actor_kind: str
    actor_id: UUID | None
    action: str
    from_status: RequestStatus | None
    to_status: RequestStatus
    detail: str

    @classmethod
    def of(cls, entry: HistoryEntry) -> "HistoryDocument":
        return cls(
            at=entry.at,
            actor_kind=entry.actor.kind.value,
            actor_id=entry.actor.id,
            action=entry.action,
            from_status=entry.from_status,
            to_status=entry.to_status,
            detail=entry.detail,
        )


class RequestDocument(BaseModel):
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
    def fields_of(
        cls,
        request: AppointmentRequest,
        attention: tuple[Reason, ...] = (),
        cancellable_until: datetime | None = None,
        authorization: AuthorizationView | None = None,
    ) -> dict:
        edit = request.proposed_edit
        return {
            "request_id": request.request_id,
            "clinic_id": request.clinic_id,
            "status": request.status,
            "portal_user_id": request.portal_user_id,
            "patient_id": request.patient_id,
            "case_id": request.case_id,
            **asdict(request.visit),
            "note": request.note,
            "submitted_at": request.submitted_at,
            "updated_at": request.updated_at,
            "refusal": ReasonDocument.of(request.refusal),
            "decline_reason": request.decline_reason,
            "appointment_id": request.appointment_id,
            "conflicting": request.conflict is not None,
            "conflict": ReasonDocument.of(request.conflict),
            "proposed_edit": None
            if edit is None
            else ProposedEditDocument(**asdict(edit.visit), proposed_by=edit.proposed_by),
            "edit_refusal": ReasonDocument.of(request.edit_refusal),
            "attention": [ReasonDocument.of(reason) for reason in attention],
            "expiry": ReasonDocument.of(request.expiry),
            "appointment_cancellation": AppointmentCancellationDocument.of(request.appointment_cancellation),
            "cancellable_until": cancellable_until,
            "authorization": AuthorizationDocument.of(authorization),
            "series": None
            if request.series is None
            else SeriesDocument(
                series_id=request.series.series_id,
                occurrence=request.series.occurrence,
                occurrences=request.series.occurrences,
            ),
            "counter_offer": CounterOfferDocument.of(request.counter_offer),
            "preferred_times": request.preferred_times,
            "waitlist_entry_id": request.waitlist_entry_id,
        }

    @classmethod
    def of(
        cls,
        request: AppointmentRequest,
        attention: tuple[Reason, ...] = (),
        cancellable_until: datetime | None = None,
        authorization: AuthorizationView | None = None,
    ) -> "RequestDocument":
        return cls(**cls.fields_of(request, attention, cancellable_until, authorization))


class RequestWithHistoryDocument(RequestDocument):
    history: list[HistoryDocument]

    @classmethod
    def of_found(cls, found: RequestWithHistory) -> "RequestWithHistoryDocument":
        fields = cls.fields_of(found.request, found.attention, found.cancellable_until, found.authorization)
        return cls(**fields, history=[HistoryDocument.of(entry) for entry in found.history])


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


class WaitlistEntryDocument(BaseModel):
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
        own = {name: value for name, value in asdict(entry).items() if name != "windows"}
        return cls(
            **own,
            weekdays=sorted(windows.weekdays),
            parts_of_day=sorted(windows.parts_of_day, key=list(PartOfDay).index),
            first_day=windows.first_day,
            last_day=windows.last_day,
        )


class WaitlistDocument(BaseModel):
    """Waiting entries in the order the clinic offers freed times (`order`)."""

    order: str
    items: list[WaitlistEntryDocument]
