from uuid import UUID

from fastapi import APIRouter, Response
from pydantic import AwareDatetime, Field

from clinic_availability.entrypoints.http.common import ActingStaffUser, RequestBody, Runtime, StaffOrOperator
from clinic_availability.entrypoints.http.documents import CalendarItemDocument
from clinic_availability.service_layer import blocks

router = APIRouter(prefix="/blocks", tags=["blocks"], dependencies=StaffOrOperator)


class NewBlock(RequestBody):
    therapist_id: UUID
    start: AwareDatetime
    end: AwareDatetime
    title: str = Field(default="", max_length=200, examples=["Team meeting"])
    location_id: UUID | None = None
    block_id: UUID | None = None


@router.post("", status_code=201)
async def add_block(body: NewBlock, staff_id: ActingStaffUser, runtime: Runtime) -> CalendarItemDocument:
    """Busy time without a patient. Never over an appointment or another block (409
    `calendar-conflict`); over pending requests it is allowed."""
    return CalendarItemDocument.of(await blocks.add_block(runtime, blocks.AddBlock(staff_id=staff_id, **dict(body))))


@router.delete("/{block_id}", status_code=204)
async def remove_block(block_id: UUID, runtime: Runtime) -> Response:
    await blocks.remove_block(runtime, block_id)
    return Response(status_code=204)
