"""Blocks: a therapist's busy time without a patient (a meeting, admin time).

A block may lie outside working hours (nothing is offered there anyway) and over pending
requests' holds, as a scheduler's appointment may; never over an appointment or another block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from clinic_availability.domain import CalendarItem, ItemKind, Placement, overlapping
from clinic_availability.domain.calendar import visit_of
from clinic_availability.service_layer.calendar_views import CalendarEntry, entry_of
from clinic_availability.service_layer.errors import CalendarConflict, InvalidRequest, ItemExists, ItemNotFound
from clinic_availability.service_layer.unit_of_work import unit_of_work
from clinic_contracts.events import BlockRemoved
from servicekit.runtime import ServiceRuntime

LONGEST_BLOCK = timedelta(days=31)


@dataclass(frozen=True)
class AddBlock:
    staff_id: UUID
    therapist_id: UUID
    start: datetime
    end: datetime
    title: str
    location_id: UUID | None = None
    block_id: UUID | None = None


async def add_block(runtime: ServiceRuntime, command: AddBlock) -> CalendarEntry:
    start, end = command.start.astimezone(UTC), command.end.astimezone(UTC)
    if not timedelta(0) < end - start <= LONGEST_BLOCK:
        raise InvalidRequest("invalid-times", "A block ends after it starts, within 31 days.")
    async with unit_of_work(runtime) as uow:
        await uow.calendar.lock([command.therapist_id])
        if command.block_id is not None and await uow.calendar.get(command.block_id) is not None:
            raise ItemExists("block", command.block_id)
        therapist = await uow.settings.therapist(command.therapist_id)
        if command.location_id is not None:
            await uow.settings.location(command.location_id)
        items = await uow.calendar.active_between(start, end, therapist_ids=[command.therapist_id])
        conflicts = [item for item in overlapping(items, start, end) if Placement.APPOINTMENT.is_busy(item)]
        if conflicts:
            raise CalendarConflict([item.item_id for item in conflicts])
        block = CalendarItem(
            item_id=command.block_id or uuid4(),
            clinic_id=therapist.clinic_id,
            kind=ItemKind.BLOCK,
            title=command.title,
            created_by=command.staff_id,
            **visit_of(command),
        )
        await uow.calendar.add(block)
        return await entry_of(uow, block)


async def remove_block(runtime: ServiceRuntime, block_id: UUID) -> None:
    """The block's time is free again; BlockRemoved says so (the request service's waitlist may
    offer it)."""
    async with unit_of_work(runtime) as uow:
        block = await uow.calendar.get(block_id)
        if block is None or block.kind is not ItemKind.BLOCK or not await uow.calendar.delete_block(block_id):
            raise ItemNotFound("block", block_id)
        removed = BlockRemoved(
            block_id=block.item_id,
            therapist_id=block.therapist_id,
            location_id=block.location_id,
            start=block.start,
            end=block.end,
        )
        await uow.publish(removed, key=block.item_id, clinic_id=block.clinic_id)
