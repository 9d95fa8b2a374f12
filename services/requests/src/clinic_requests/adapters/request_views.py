"""Reading requests for lists, the scheduler's badge and one request's history."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_requests.adapters.orm import appointment_requests, request_history
from clinic_requests.adapters.repository import request_from_row
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

    def condition(self) -> ColumnElement[bool]:
        table = appointment_requests
        condition: ColumnElement[bool] = true()
        if self.statuses:
            condition &= table.c.status.in_([status.value for status in self.statuses])
        columns = (
            "request_id",
            "clinic_id",
            "location_id",
            "therapist_id",
            "patient_id",
            "portal_user_id",
            "series_id",
        )
        for column in columns:
            if (value := getattr(self, column)) is not None:
                condition &= table.c[column] == value
        if self.starts_from is not None:
            condition &= table.c.start >= self.starts_from
        if self.starts_before is not None:
            condition &= table.c.start < self.starts_before
        if self.patient_ids is not None:
            condition &= table.c.patient_id.in_(sorted(self.patient_ids))
        return condition


@dataclass(frozen=True)
class Page:
    items: list[AppointmentRequest]
    total: int


class RequestViews:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def one(self, request_id: UUID) -> AppointmentRequest | None:
        query = select(appointment_requests).where(appointment_requests.c.request_id == request_id)
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else request_from_row(row)

    async def history(self, request_id: UUID) -> list[HistoryEntry]:
        rows = await self.session.execute(
            select(request_history)
            .where(request_history.c.request_id == request_id)
            .order_by(request_history.c.entry_id)
        )
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
