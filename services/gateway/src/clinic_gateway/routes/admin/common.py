"""What the admin routes share: the problems every one can answer, request bodies, and reaching
the settings of the admin's own clinic only."""

from uuid import UUID

from pydantic import BaseModel, ConfigDict

from clinic_contracts.events import StaffUserChanged
from clinic_gateway.clients import Services
from clinic_gateway.identity import not_found
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, Example

ADMIN_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND)
_NOT_CHANGED = "The settings were not changed"


def refused(code: str, detail: str, status: int = 422) -> Example:
    """A settings rule the settings service answers with, as the admin API documents it."""
    return Example(status, code, _NOT_CHANGED, detail)


def unknown(kind: str) -> Example:
    """A reference to no entity of that kind (`unknown-location` and the like), as the settings
    service refuses it."""
    return refused(f"unknown-{kind}", f"No {kind.replace('-', ' ')} has id 5f0c....")


NAME_REQUIRED = refused("name-required", "The location name must not be blank.")
LOCATION_INACTIVE = refused("location-inactive", "Harborview Pasadena is deactivated and treats no active case.")
REFERENCE_TO_ANOTHER_CLINIC = refused("reference-to-another-clinic", "The location 5f0c... belongs to another clinic.")


class AdminBody(BaseModel):
    # A misspelt field is an error, not a change silently ignored.
    model_config = ConfigDict(extra="forbid")


def examples(summary: str, value) -> dict:
    return {"example": {"summary": summary, "value": value}}


async def in_own_clinic(gateway: Services, admin: StaffUserChanged, collection: str, entity_id: UUID) -> dict:
    """An entity of the admin's clinic; another clinic's, or none, is a 404."""
    entity = await gateway.settings.entity(collection, entity_id)
    if entity is None or entity["clinic_id"] != str(admin.clinic_id):
        raise not_found(collection)
    return entity
