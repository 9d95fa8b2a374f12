"""Storing appointment requests and appending to their history."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.preferred_times import PreferredTimes
from clinic_requests.adapters.orm import appointment_requests, case_appointments, request_history, request_series
from clinic_requests.domain.appointment_request import (
    BOOKED_STATUSES,
    EXPIRABLE_STATUSES,
    OPEN_STATUSES,
    Actor,
    ActorKind,
    AppointmentCancellation,
    AppointmentRequest,
    ProposedEdit,
    Reason,
    RequestedVisit,
    RequestStatus,
    SeriesMembership,
)
from clinic_requests.domain.authorization import CountedVisit
from clinic_requests.domain.counter_offer import CounterOffer, OfferedTime, OfferedTimeState, OfferOutcome
from clinic_requests.domain.request_series import RequestSeries
from servicekit.db import aware_utc

# The statements every submission and every answer of the calendar runs, built once: building
# one (a clause per column, a bind parameter per value) cost more client CPU than executing it
# (about 0.12 ms of 0.29 for a lookup by id, measured; more for the 45 columns of a request's row).
BY_ID = select(appointment_requests).where(appointment_requests.c.request_id == bindparam("by_request_id"))
_BY_ID_FOR_UPDATE = BY_ID.with_for_update()
_BY_IDEMPOTENCY_KEY = select(appointment_requests).where(
    (appointment_requests.c.portal_user_id == bindparam("by_portal_user_id"))
    & (appointment_requests.c.idempotency_key == bindparam("by_key"))
)
_LOCK_CASE = text("SELECT pg_advisory_xact_lock(:key)")
_OPEN_ASKS_OF_CASE = select(
    func.count(func.coalesce(appointment_requests.c.series_id, appointment_requests.c.request_id).distinct())
).where(
    (appointment_requests.c.case_id == bindparam("by_case_id"))
    & appointment_requests.c.status.in_([status.value for status in OPEN_STATUSES])
)
_INSERT = insert(appointment_requests)
# The row's columns from the parameters' keys (`_row`), the request named apart.
_UPDATE = update(appointment_requests).where(appointment_requests.c.request_id == bindparam("by_request_id"))
_INSERT_HISTORY = insert(request_history)


class AppointmentRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, request_id: UUID, *, for_update: bool = False) -> AppointmentRequest | None:
        """With `for_update`, later transitions of the same request wait for this transaction
        (PostgreSQL; SQLite runs one writer at a time anyway)."""
        query = _BY_ID_FOR_UPDATE if for_update else BY_ID
        row = (await self.session.execute(query, {"by_request_id": request_id})).mappings().one_or_none()
        return None if row is None else request_from_row(row)

    async def by_idempotency_key(self, portal_user_id: UUID, key: str) -> AppointmentRequest | None:
        found = await self.session.execute(_BY_IDEMPOTENCY_KEY, {"by_portal_user_id": portal_user_id, "by_key": key})
        row = found.mappings().one_or_none()
        return None if row is None else request_from_row(row)

    async def lock_case(self, case_id: UUID) -> None:
        """Serialise submissions for one case until the transaction ends, so two at once cannot
        both slip under the case's cap. SQLite has one writer at a time already."""
        if self.session.bind.dialect.name == "postgresql":
            key = case_id.int & ((1 << 63) - 1)
            await self.session.execute(_LOCK_CASE, {"key": key})

    async def count_open_for_case(self, case_id: UUID) -> int:
        """Open asks of the case: a series is one ask of the portal user, however many of its
        visits are open."""
        return (await self.session.execute(_OPEN_ASKS_OF_CASE, {"by_case_id": case_id})).scalar_one()

    async def counted_visits(self, case_ids: list[UUID]) -> dict[UUID, list[CountedVisit]]:
        """Each case's booked and open requests, as its authorization counts them."""
        visits: dict[UUID, list[CountedVisit]] = {case_id: [] for case_id in case_ids}
        if not case_ids:
            # Most requests' cases have no authorization: their views ask for no case at all.
            return visits
        table = appointment_requests
        counted = [status.value for status in (*BOOKED_STATUSES, *OPEN_STATUSES)]
        query = select(table.c.case_id, table.c.start, table.c.status).where(
            table.c.case_id.in_(case_ids) & table.c.status.in_(counted)
        )
        for case_id, start, status in await self.session.execute(query):
            visits[case_id].append(CountedVisit(aware_utc(start), booked=RequestStatus(status) in BOOKED_STATUSES))
        direct = case_appointments
        query = select(direct.c.case_id, direct.c.start).where(direct.c.case_id.in_(case_ids) & ~direct.c.cancelled)
        for case_id, start in await self.session.execute(query):
            visits[case_id].append(CountedVisit(aware_utc(start), booked=True))
        return visits

    async def add_series(self, series: RequestSeries) -> None:
        await self.session.execute(insert(request_series).values(**vars(series)))

    async def series_by_idempotency_key(self, portal_user_id: UUID, key: str) -> RequestSeries | None:
        query = select(request_series).where(
            (request_series.c.portal_user_id == portal_user_id) & (request_series.c.idempotency_key == key)
        )
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else RequestSeries(**{**row, "submitted_at": aware_utc(row["submitted_at"])})

    async def in_series(self, series_id: UUID) -> list[AppointmentRequest]:
        query = (
            select(appointment_requests)
            .where(appointment_requests.c.series_id == series_id)
            .order_by(appointment_requests.c.series_occurrence)
        )
        return [request_from_row(row) for row in (await self.session.execute(query)).mappings()]

    async def record_case_appointment(self, appointment_id: UUID, case_id: UUID, start: datetime) -> None:
        """An appointment booked for the case straight in the calendar; once, whatever redelivers it."""
        known = select(case_appointments.c.appointment_id).where(case_appointments.c.appointment_id == appointment_id)
        if (await self.session.execute(known)).first() is None:
            row = {"appointment_id": appointment_id, "case_id": case_id, "start": start, "cancelled": False}
            await self.session.execute(insert(case_appointments).values(**row))

    async def cancel_case_appointment(self, appointment_id: UUID) -> None:
        """Its time no longer counts; an appointment this service never saw changes nothing."""
        await self.session.execute(
            update(case_appointments).where(case_appointments.c.appointment_id == appointment_id).values(cancelled=True)
        )

    async def clinics_with_expirable_requests(self) -> list[UUID]:
        query = (
            select(appointment_requests.c.clinic_id)
            .where(appointment_requests.c.status.in_([status.value for status in EXPIRABLE_STATUSES]))
            .distinct()
        )
        return list((await self.session.execute(query)).scalars())

    async def overdue_in_clinic(self, clinic_id: UUID, now: datetime, submitted_before: datetime) -> list[UUID]:
        """Candidates only: the request itself decides (`AppointmentRequest.is_overdue`)."""
        table = appointment_requests
        query = select(table.c.request_id).where(
            (table.c.clinic_id == clinic_id)
            & table.c.status.in_([status.value for status in EXPIRABLE_STATUSES])
            & table.c.proposed_hold_id.is_(None)
            & (
                (table.c.start <= now)
                | (table.c.submitted_at <= submitted_before)
                | ((table.c.status == RequestStatus.OFFERED.value) & (table.c.offer_answer_by <= now))
            )
        )
        return list((await self.session.execute(query)).scalars())

    async def add(self, request: AppointmentRequest) -> None:
        await self.session.execute(_INSERT, _row(request))
        await self._append_history(request)

    async def save(self, request: AppointmentRequest) -> None:
        await self.session.execute(_UPDATE, {**_row(request), "by_request_id": request.request_id})
        await self._append_history(request)

    async def _append_history(self, request: AppointmentRequest) -> None:
        entries = request.pull_history()
        if not entries:
            return
        await self.session.execute(
            _INSERT_HISTORY,
            [
                {
                    "request_id": request.request_id,
                    "at": entry.at,
                    "actor_kind": entry.actor.kind.value,
                    "actor_id": entry.actor.id,
                    "action": entry.action,
                    "from_status": entry.from_status.value if entry.from_status else None,
                    "to_status": entry.to_status.value,
                    "detail": entry.detail,
                }
                for entry in entries
            ],
        )


def _reason(code: str | None, text_: str | None) -> Reason | None:
    return None if code is None else Reason(code, text_ or "")


# The request's fields a column holds as they are (the others are taken apart or put together).
_AS_STORED = (
    "request_id",
    "clinic_id",
    "idempotency_key",
    "submission_fingerprint",
    "portal_user_id",
    "patient_id",
    "case_id",
    "note",
    "hold_id",
    "holds_slot",
    "correlation_id",
    "decline_reason",
    "appointment_id",
    "waitlist_entry_id",
)


def request_from_row(row: RowMapping) -> AppointmentRequest:
    proposed = None
    if row["proposed_hold_id"] is not None:
        proposed = ProposedEdit(
            visit=_visit(row, "proposed_"),
            hold_id=row["proposed_hold_id"],
            holds_slot=row["proposed_holds_slot"],
            proposed_by=row["proposed_by"],
        )
    return AppointmentRequest(
        **{name: row[name] for name in _AS_STORED},
        visit=_visit(row),
        status=RequestStatus(row["status"]),
        submitted_at=aware_utc(row["submitted_at"]),
        updated_at=aware_utc(row["updated_at"]),
        refusal=_reason(row["refusal_code"], row["refusal_reason"]),
        conflict=_reason(row["conflict_code"], row["conflict_reason"]),
        proposed_edit=proposed,
        edit_refusal=_reason(row["edit_refusal_code"], row["edit_refusal_reason"]),
        expiry=_reason(row["expiry_code"], row["expiry_reason"]),
        appointment_cancellation=_cancellation(row),
        series=_series(row),
        counter_offer=counter_offer_from_document(row["counter_offer"]),
        preferred_times=_preferred_times(row["preferred_times"]),
    )


def _visit(row: RowMapping, prefix: str = "") -> RequestedVisit:
    """The visit in the columns named after its fields, behind `prefix` (a proposed edit's: "proposed_")."""
    return RequestedVisit(
        start=aware_utc(row[f"{prefix}start"]),
        end=aware_utc(row[f"{prefix}end"]),
        location_id=row[f"{prefix}location_id"],
        visit_type_id=row[f"{prefix}visit_type_id"],
        therapist_id=row[f"{prefix}therapist_id"],
    )


def _visit_columns(visit: RequestedVisit | None, prefix: str = "") -> dict[str, object]:
    fields = ("start", "end", "location_id", "visit_type_id", "therapist_id")
    return {f"{prefix}{name}": getattr(visit, name) if visit else None for name in fields}


def _preferred_times(document: dict | None) -> PreferredTimes | None:
    return None if document is None else PreferredTimes.model_validate(document)


def _series(row: RowMapping) -> SeriesMembership | None:
    if row["series_id"] is None:
        return None
    return SeriesMembership(row["series_id"], row["series_occurrence"], row["series_occurrences"])


def _cancellation(row: RowMapping) -> AppointmentCancellation | None:
    if row["appointment_cancelled_at"] is None:
        return None
    by = Actor(ActorKind(row["appointment_cancelled_by_kind"]), row["appointment_cancelled_by_id"])
    return AppointmentCancellation(aware_utc(row["appointment_cancelled_at"]), by)


def _row(request: AppointmentRequest) -> dict:
    edit, cancellation = request.proposed_edit, request.appointment_cancellation
    return {
        **{name: getattr(request, name) for name in _AS_STORED},
        **_visit_columns(request.visit),
        "status": request.status.value,
        "submitted_at": request.submitted_at,
        "updated_at": request.updated_at,
        **_reason_columns(request.refusal, "refusal_code", "refusal_reason"),
        **_reason_columns(request.conflict, "conflict_code", "conflict_reason"),
        **_reason_columns(request.edit_refusal, "edit_refusal_code", "edit_refusal_reason"),
        **_reason_columns(request.expiry, "expiry_code", "expiry_reason"),
        **_visit_columns(edit.visit if edit else None, "proposed_"),
        "proposed_hold_id": edit.hold_id if edit else None,
        "proposed_holds_slot": edit.holds_slot if edit else None,
        "proposed_by": edit.proposed_by if edit else None,
        "appointment_cancelled_at": cancellation.at if cancellation else None,
        "appointment_cancelled_by_kind": cancellation.by.kind.value if cancellation else None,
        "appointment_cancelled_by_id": cancellation.by.id if cancellation else None,
        "series_id": request.series.series_id if request.series else None,
        "series_occurrence": request.series.occurrence if request.series else None,
        "series_occurrences": request.series.occurrences if request.series else None,
        "counter_offer": counter_offer_document(request.counter_offer),
        "offer_answer_by": request.counter_offer.answer_by if request.counter_offer else None,
        "preferred_times": request.preferred_times.model_dump(mode="json") if request.preferred_times else None,
    }


def _reason_columns(reason: Reason | None, code: str, text_: str) -> dict[str, str | None]:
    return {code: reason.code if reason else None, text_: reason.text if reason else None}


def counter_offer_document(offer: CounterOffer | None) -> dict | None:
    """The counter-offer as stored: JSON, its times in the order offered."""
    if offer is None:
        return None
    return {
        "holds_slot": offer.holds_slot,
        "offered_by": str(offer.offered_by),
        "offered_at": offer.offered_at.isoformat(),
        "answer_by": offer.answer_by.isoformat(),
        "outcome": offer.outcome.value if offer.outcome else None,
        "offered_while": offer.offered_while,
        "times": [
            {
                "hold_id": str(time.hold_id),
                "state": time.state.value,
                "refusal_code": time.refusal_code,
                "refusal_text": time.refusal_text,
                "start": time.visit.start.isoformat(),
                "end": time.visit.end.isoformat(),
                "location_id": str(time.visit.location_id),
                "visit_type_id": str(time.visit.visit_type_id),
                "therapist_id": str(time.visit.therapist_id),
            }
            for time in offer.times
        ],
    }


def counter_offer_from_document(document: dict | None) -> CounterOffer | None:
    if document is None:
        return None
    return CounterOffer(
        times=tuple(
            OfferedTime(
                visit=RequestedVisit(
                    start=datetime.fromisoformat(time["start"]),
                    end=datetime.fromisoformat(time["end"]),
                    location_id=UUID(time["location_id"]),
                    visit_type_id=UUID(time["visit_type_id"]),
                    therapist_id=UUID(time["therapist_id"]),
                ),
                hold_id=UUID(time["hold_id"]),
                state=OfferedTimeState(time["state"]),
                refusal_code=time["refusal_code"],
                refusal_text=time["refusal_text"],
            )
            for time in document["times"]
        ),
        holds_slot=document["holds_slot"],
        offered_by=UUID(document["offered_by"]),
        offered_at=datetime.fromisoformat(document["offered_at"]),
        answer_by=datetime.fromisoformat(document["answer_by"]),
        outcome=OfferOutcome(document["outcome"]) if document["outcome"] else None,
        # Offers stored before migration 0009 were all made for pending requests.
        offered_while=document.get("offered_while", "pending"),
    )
