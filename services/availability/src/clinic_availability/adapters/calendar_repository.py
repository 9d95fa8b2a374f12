"""Storing calendar items, and the lock that makes one therapist's calendar one writer at a time."""

from collections.abc import Collection
from dataclasses import fields
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import bindparam, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_availability.adapters.orm import calendar_items
from clinic_availability.domain import BookedBy, CalendarItem, ItemKind, ItemStatus
from servicekit.db import aware_utc

_table = calendar_items
# (field, column) pairs; a calendar is drawn from hundreds of rows, so this is worked out once.
_FIELDS = tuple(
    (field.name, {"start": "start_at", "end": "end_at"}.get(field.name, field.name)) for field in fields(CalendarItem)
)
_SELECTED = select(*(_table.c[column] for _, column in _FIELDS))
# What placing a hold runs, built once: building a statement anew cost more CPU than running it.
_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
_ACTIVE_OVERLAPPING = (
    (_table.c.status == ItemStatus.ACTIVE.value)
    & (_table.c.start_at < bindparam("before"))
    & (_table.c.end_at > bindparam("after"))
)
_ACTIVE_OF_THERAPISTS = _SELECTED.where(
    _table.c.therapist_id.in_(bindparam("therapist_ids", expanding=True)) & _ACTIVE_OVERLAPPING
).order_by(_table.c.start_at, _table.c.item_id)
_BOOKABILITY_ITEMS = (
    select(
        _table.c.item_id,
        _table.c.clinic_id,
        _table.c.kind,
        _table.c.start_at,
        _table.c.end_at,
        _table.c.location_id,
        _table.c.blocking,
        _table.c.request_id,
    )
    .where((_table.c.therapist_id == bindparam("by_therapist_id")) & _ACTIVE_OVERLAPPING)
    .order_by(_table.c.start_at, _table.c.item_id)
)
_INSERT = insert(_table)
_BY_ID = _SELECTED.where(_table.c.item_id == bindparam("by_item_id"))
_APPOINTMENT_OF_REQUEST = _SELECTED.where(
    (_table.c.request_id == bindparam("by_request_id")) & (_table.c.kind == ItemKind.APPOINTMENT.value)
)
# The columns set come from the parameters' keys (a status, and who cancelled).
_SET_STATUS = update(_table).where(_table.c.item_id == bindparam("by_item_id"))


def _item(row) -> CalendarItem:
    values = dict(zip((name for name, _ in _FIELDS), row, strict=True))
    values["kind"] = ItemKind(values["kind"])
    values["status"] = ItemStatus(values["status"])
    values["booked_by"] = values["booked_by"] and BookedBy(values["booked_by"])
    values["start"], values["end"] = aware_utc(values["start"]), aware_utc(values["end"])
    return CalendarItem(**values)


def _row(item: CalendarItem) -> dict:
    row = {column: getattr(item, name) for name, column in _FIELDS}
    row["start_at"], row["end_at"] = aware_utc(item.start), aware_utc(item.end)
    return row


class CalendarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, therapist_ids: Collection[UUID]) -> None:
        """Serialise writers of these therapists' calendars until the transaction ends, so a check
        of the calendar and the write that follows it see the same calendar.

        PostgreSQL: a transaction-scoped advisory lock per therapist, taken in id order so two
        writers never wait for each other. SQLite needs nothing: the unit of work began with
        BEGIN IMMEDIATE, which already admits one writer at a time.
        """
        if self.session.bind.dialect.name != "postgresql":
            return
        for therapist_id in sorted(set(therapist_ids)):
            await self.session.execute(_LOCK, {"key": f"calendar:{therapist_id}"})

    async def get(self, item_id: UUID) -> CalendarItem | None:
        row = (await self.session.execute(_BY_ID, {"by_item_id": item_id})).one_or_none()
        return None if row is None else _item(row)

    async def appointment_for_request(self, request_id: UUID) -> CalendarItem | None:
        row = (await self.session.execute(_APPOINTMENT_OF_REQUEST, {"by_request_id": request_id})).one_or_none()
        return None if row is None else _item(row)

    async def active_between(
        self,
        start: datetime,
        end: datetime,
        *,
        therapist_ids: Collection[UUID] = (),
        location_id: UUID | None = None,
    ) -> list[CalendarItem]:
        """Active items overlapping `start`..`end` of these therapists or at this location, in
        time order."""
        window = {"before": aware_utc(end), "after": aware_utc(start)}
        if therapist_ids and location_id is None:  # placing a hold, booking: built once
            query = _ACTIVE_OF_THERAPISTS
            return [
                _item(row)
                for row in await self.session.execute(query, {**window, "therapist_ids": list(therapist_ids)})
            ]
        whose = []
        if therapist_ids:
            whose.append(_table.c.therapist_id.in_(list(therapist_ids)))
        if location_id is not None:
            whose.append(_table.c.location_id == location_id)
        if not whose:
            return []
        query = _SELECTED.where(
            or_(*whose),
            _table.c.status == ItemStatus.ACTIVE.value,
            _table.c.start_at < aware_utc(end),
            _table.c.end_at > aware_utc(start),
        ).order_by(_table.c.start_at, _table.c.item_id)
        return [_item(row) for row in await self.session.execute(query)]

    async def appointments_of_patients(
        self, patient_ids: Collection[UUID], start: datetime, end: datetime
    ) -> list[CalendarItem]:
        """Active appointments of these patients overlapping `start`..`end`, in time order."""
        if not patient_ids:
            return []
        query = _SELECTED.where(
            _table.c.patient_id.in_(list(patient_ids)),
            _table.c.kind == ItemKind.APPOINTMENT.value,
            _table.c.status == ItemStatus.ACTIVE.value,
            _table.c.start_at < aware_utc(end),
            _table.c.end_at > aware_utc(start),
        ).order_by(_table.c.start_at, _table.c.item_id)
        return [_item(row) for row in await self.session.execute(query)]

    async def bookability_items(self, therapist_id: UUID, start: datetime, end: datetime) -> list[CalendarItem]:
        """The therapist's active items overlapping `start`..`end`, with only what judging a time
        reads: ids, kind, times, blocking, request and location; no people, titles or authors.
        Listing slots reads hundreds of these per answer, and the rest costs more than the rest
        of the work."""
        window = {"by_therapist_id": therapist_id, "before": aware_utc(end), "after": aware_utc(start)}
        rows = await self.session.execute(_BOOKABILITY_ITEMS, window)
        return [
            CalendarItem(
                item_id=item_id,
                clinic_id=clinic_id,
                kind=ItemKind(kind),
                therapist_id=therapist_id,
                start=aware_utc(item_start),
                end=aware_utc(item_end),
                location_id=location_id,
                blocking=blocking,
                request_id=request_id,
            )
            for item_id, clinic_id, kind, item_start, item_end, location_id, blocking, request_id in rows
        ]

    async def add(self, item: CalendarItem) -> None:
        await self.session.execute(_INSERT, {**_row(item), "created_at": datetime.now(UTC)})

    async def set_status(self, item_id: UUID, status: ItemStatus, *, cancelled_by: UUID | None = None) -> None:
        values = {"status": status.value}
        if cancelled_by is not None:
            values["cancelled_by"] = cancelled_by
        await self.session.execute(_SET_STATUS, {**values, "by_item_id": item_id})

    async def delete_block(self, block_id: UUID) -> bool:
        result = await self.session.execute(
            _table.delete().where((_table.c.item_id == block_id) & (_table.c.kind == ItemKind.BLOCK.value))
        )
        return result.rowcount == 1
