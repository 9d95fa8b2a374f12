"""Reading requests for lists, the scheduler's badge and one request's history."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import ColumnElement, Select, bindparam, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_requests.adapters.orm import appointment_requests, request_history
from clinic_requests.adapters.repository import BY_ID, request_from_row
from clinic_requests.domain.appointment_request import (
    Actor,
    ActorKind,
    AppointmentRequest,
    HistoryEntry,
    RequestStatus,
)
from servicekit.db import aware_utc


class Order(StrEnum):
    NEWEST = "newest"  # most recently submitted first
    SOONEST = "soonest"  # earliest start first


@dataclass(frozen=True)
class RequestFilter:
    """Every field narrows the selection; None (or empty) leaves that part open."""

    statuses: tuple[RequestStatus, ...] = ()
    request_id: UUID | None = None
    clinic_id: UUID | None = None
    location_id: UUID | None = None
    therapist_id: UUID | None = None
    patient_id: UUID | None = None
    portal_user_id: UUID | None = None
    series_id: UUID | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    # Only these patients' requests (what a scheduler may see); None means no such limit.
    patient_ids: frozenset[UUID] | None = None

    # The fields that narrow to one value each, named as the request's own and as the table's columns.
    _EQUALS = ("request_id", "clinic_id", "location_id", "therapist_id", "patient_id", "portal_user_id", "series_id")

    def condition(self) -> ColumnElement[bool]:
        table = appointment_requests
        condition: ColumnElement[bool] = true()
        if self.statuses:
            condition &= table.c.status.in_([status.value for status in self.statuses])
        for column in self._EQUALS:
            if (value := getattr(self, column)) is not None:
                condition &= table.c[column] == value
        if self.starts_from is not None:
            condition &= table.c.start >= self.starts_from
        if self.starts_before is not None:
            condition &= table.c.start < self.starts_before
        if self.patient_ids is not None:
            condition &= table.c.patient_id.in_(sorted(self.patient_ids))
        return condition

    def admits(self, request: AppointmentRequest) -> bool:
        """`condition` for one request already read: whether one request may be shown (queries),
        and the unit ring's views. tests/requests/integration/test_request_filter.py holds the
        two to the same answers."""
        values = {**{name: getattr(request, name, None) for name in self._EQUALS}, **_visit_columns(request)}
        start = request.visit.start
        return (
            (not self.statuses or request.status in self.statuses)
            and all(getattr(self, name) in (None, values[name]) for name in self._EQUALS)
            and (self.starts_from is None or start >= self.starts_from)
            and (self.starts_before is None or start < self.starts_before)
            and (self.patient_ids is None or request.patient_id in self.patient_ids)
        )


def _visit_columns(request: AppointmentRequest) -> dict[str, UUID | None]:
    """The columns the table keeps flat but the request keeps in its visit or series."""
    visit = request.visit
    return {
        "location_id": visit.location_id,
        "therapist_id": visit.therapist_id,
        "series_id": request.series.series_id if request.series else None,
    }


@dataclass(frozen=True)
class Page:
    items: list[AppointmentRequest]
    total: int


# Read for every answer a caller waits for (entrypoints.http), built once (repository.py says why).
_HISTORY = (
    select(request_history)
    .where(request_history.c.request_id == bindparam("by_request_id"))
    .order_by(request_history.c.entry_id)
)


class RequestViews:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def one(self, request_id: UUID) -> AppointmentRequest | None:
        row = (await self.session.execute(BY_ID, {"by_request_id": request_id})).mappings().one_or_none()
        return None if row is None else request_from_row(row)

    async def history(self, request_id: UUID) -> list[HistoryEntry]:
        rows = await self.session.execute(_HISTORY, {"by_request_id": request_id})
        return [
            HistoryEntry(
                at=aware_utc(row["at"]),
                actor=Actor(ActorKind(row["actor_kind"]), row["actor_id"]),
                action=row["action"],
                from_status=RequestStatus(row["from_status"]) if row["from_status"] else None,
                to_status=RequestStatus(row["to_status"]),
                detail=row["detail"],
            )
            for row in rows.mappings()
        ]

    async def page(self, where: RequestFilter, order: Order, *, limit: int, offset: int) -> Page:
        table = appointment_requests
        condition = where.condition()
        ordering = (
            (table.c.submitted_at.desc(), table.c.request_id)
            if order is Order.NEWEST
            else (table.c.start.asc(), table.c.request_id)
        )
        query: Select = select(table).where(condition).order_by(*ordering).limit(limit).offset(offset)
        rows = (await self.session.execute(query)).mappings()
        items = [request_from_row(row) for row in rows]
        return Page(items=items, total=await self.count(where))

    async def count(self, where: RequestFilter) -> int:
        query = select(func.count()).select_from(appointment_requests).where(where.condition())
        return (await self.session.execute(query)).scalar_one()
