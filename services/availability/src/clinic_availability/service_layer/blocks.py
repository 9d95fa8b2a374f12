"""Blocks: a therapist's busy time without a patient (a meeting, admin time).

A block may lie outside working hours (nothing is offered there anyway) and over pending
requests' holds, as a scheduler's appointment may; never over an appointment or another block.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from pydantic import Field

from clinic_availability.domain import ItemKind, Placement, overlapping
from clinic_availability.service_layer.calendar_views import CalendarEntry, entry_of
from clinic_availability.service_layer.errors import CalendarConflict, ItemExists, ItemNotFound
from clinic_availability.service_layer.ranges import utc_times
from clinic_availability.service_layer.staff_commands import ByStaff
from clinic_availability.service_layer.unit_of_work import unit_of_work
from clinic_contracts.calendar_range import Instant
from clinic_contracts.events import BlockRemoved
from servicekit.request_body import RequestBody
from servicekit.runtime import ServiceRuntime

LONGEST_BLOCK = timedelta(days=31)


class NewBlock(RequestBody):
    therapist_id: UUID
    start: Instant
    end: Instant
    title: str = Field(default="", max_length=200, examples=["Team meeting"])
    location_id: UUID | None = None
    block_id: UUID | None = None


# Who blocks the time, and what they asked for (the body of POST /blocks).
AddBlock = ByStaff[NewBlock]


async def add_block(runtime: ServiceRuntime, command: AddBlock) -> CalendarEntry:
    asked = command.asked
    start, end = utc_times(asked.start, asked.end, LONGEST_BLOCK, "A block ends after it starts, within 31 days.")
    async with unit_of_work(runtime) as uow:
        await uow.calendar.lock([asked.therapist_id])
        if asked.block_id is not None and await uow.calendar.get(asked.block_id) is not None:
            raise ItemExists("block", asked.block_id)
        therapist = await uow.settings.therapist(asked.therapist_id)
        if asked.location_id is not None:
            await uow.settings.location(asked.location_id)
        items = await uow.calendar.active_between(start, end, therapist_ids=[asked.therapist_id])
        conflicts = [item for item in overlapping(items, start, end) if Placement.APPOINTMENT.is_busy(item)]
        if conflicts:
            raise CalendarConflict([item.item_id for item in conflicts])
        block = command.calendar_item(asked.block_id, therapist.clinic_id, ItemKind.BLOCK, title=asked.title)
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
