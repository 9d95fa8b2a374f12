from uuid import UUID

from pydantic import Field

from clinic_settings.domain.visit_type import VisitType
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import entity_router


class NewVisitType(RequestBody):
    visit_type_id: UUID | None = None
    name: str = Field(max_length=200)
    duration_minutes: int = Field(examples=[45])
    active: bool = True


class VisitTypeChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    duration_minutes: int | None = None
    active: bool | None = None


router = entity_router(VisitType, "visit-types", new=NewVisitType, change=VisitTypeChange)
