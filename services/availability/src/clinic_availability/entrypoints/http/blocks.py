"""Busy time without a patient. A scheduler blocks and frees time only for therapists within
their scope (at their locations); anything else is a 404, as if it did not exist."""

from uuid import UUID

from fastapi import APIRouter, Response

from clinic_availability.entrypoints.http.common import ActingStaffUser, Scope, StaffOrOperator, not_here
from clinic_availability.entrypoints.http.documents import CalendarItemDocument
from clinic_availability.service_layer import blocks
from clinic_availability.service_layer.blocks import NewBlock
from clinic_availability.service_layer.errors import ItemNotFound
from clinic_availability.service_layer.unit_of_work import reading
from clinic_contracts.access import SchedulerScope
from servicekit.runtime import Runtime

router = APIRouter(prefix="/blocks", tags=["blocks"], dependencies=StaffOrOperator)


@router.post("", status_code=201)
async def add_block(body: NewBlock, staff_id: ActingStaffUser, scope: Scope, runtime: Runtime) -> CalendarItemDocument:
    """Busy time without a patient. Never over an appointment or another block (409
    `calendar-conflict`); over pending requests it is allowed."""
    if scope is not None:
        if not scope.sees_therapist(body.therapist_id):
            raise not_here("therapist")
        if body.location_id is not None and not scope.sees_location(body.location_id):
            raise not_here("location")
    return CalendarItemDocument.of(await blocks.add_block(runtime, blocks.AddBlock(staff_id, body)))


@router.delete("/{block_id}", status_code=204)
async def remove_block(block_id: UUID, scope: Scope, runtime: Runtime) -> Response:
    await _within(runtime, scope, block_id)
    await blocks.remove_block(runtime, block_id)
    return Response(status_code=204)


async def _within(runtime: Runtime, scope: SchedulerScope | None, block_id: UUID) -> None:
    """Another scheduler's therapist's block answers as a block that does not exist."""
    if scope is None:
        return
    async with reading(runtime) as uow:
        block = await uow.calendar.get(block_id)
    if block is not None and not scope.sees_therapist(block.therapist_id):
        raise ItemNotFound("block", block_id)
