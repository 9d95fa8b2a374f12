from uuid import UUID

from pydantic import Field

from clinic_settings.domain.therapist import Therapist
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import Part, entity_router


class NewTherapist(RequestBody):
    therapist_id: UUID | None = None
    name: str = Field(max_length=200)
    location_ids: tuple[UUID, ...] = ()


class TherapistChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    active: bool | None = None


LEAVING = "Leaving a location waits until their active cases there moved."
PARTS = (Part("locations", tuple[UUID, ...], "location_ids", LEAVING),)
router = entity_router(Therapist, "therapists", new=NewTherapist, change=TherapistChange, parts=PARTS)
