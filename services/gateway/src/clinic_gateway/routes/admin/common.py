"""What the admin routes share: the problems every one can answer, request bodies, and reaching
the settings of the admin's own clinic only."""

from uuid import UUID

from fastapi import Response
from pydantic import BaseModel, ConfigDict

from clinic_gateway.clients.transport import PassedOn, relay
from clinic_gateway.identity import Admin, ServicesDep, not_found
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, Example

ADMIN_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND)
_NOT_CHANGED = "The settings were not changed"


def refused(code: str, detail: str, status: int = 422) -> Example:
    """A settings rule the settings service answers with, as the admin API documents it."""
    return Example(status, code, _NOT_CHANGED, detail)


NAME_REQUIRED = refused("name-required", "The location name must not be blank.")
LOCATION_INACTIVE = refused("location-inactive", "Harborview Pasadena is deactivated and treats no active case.")
REFERENCE_TO_ANOTHER_CLINIC = refused("reference-to-another-clinic", "The location 5f0c... belongs to another clinic.")


class AdminBody(BaseModel):
    # A misspelt field is an error, not a change silently ignored.
    model_config = ConfigDict(extra="forbid")


def examples(summary: str, value) -> dict:
    return {"example": {"summary": summary, "value": value}}


async def in_own_clinic(gateway: ServicesDep, admin: Admin, collection: str, entity_id: UUID) -> dict:
    """An entity of the admin's clinic; another clinic's, or none, is a 404."""
    entity = await gateway.settings.get(f"/{collection}/{entity_id}")
    if entity.status_code == 404 or (entity.status_code == 200 and entity.json()["clinic_id"] != str(admin.clinic_id)):
        raise not_found(collection)
    if entity.status_code != 200:
        raise PassedOn(entity)
    return entity.json()


async def change_in_own_clinic(
    gateway: ServicesDep, admin: Admin, collection: str, entity_id: UUID, method: str, aspect: str, body
) -> Response:
    """Apply a change to an entity of the admin's clinic; another clinic's entity is a 404. A PATCH
    body sends only the fields the caller gave."""
    await in_own_clinic(gateway, admin, collection, entity_id)
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json", exclude_unset=method == "PATCH")
    path = f"/{collection}/{entity_id}" + (f"/{aspect}" if aspect else "")
    return relay(await gateway.settings.send(method, path, json=body))


async def create_in_own_clinic(
    gateway: ServicesDep, admin: Admin, collection: str, id_field: str, body: BaseModel
) -> Response:
    """Create an entity in the admin's clinic: 201 with its `Location` in the admin API."""
    path = f"/clinics/{admin.clinic_id}/{collection}"
    answer = await gateway.settings.send("POST", path, json=body.model_dump(mode="json"))
    response = relay(answer)
    if answer.status_code == 201:
        response.headers["Location"] = f"/api/admin/{collection}/{answer.json()[id_field]}"
    return response


def dump(items) -> list:
    return [item.model_dump(mode="json") if isinstance(item, BaseModel) else str(item) for item in items]
