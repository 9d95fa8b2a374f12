"""Names for the ids the request service keeps, so pages can show people and places, not UUIDs."""

import asyncio
from uuid import UUID

from clinic_gateway.services import ServiceClient

_NAMED = {
    "patients": ("patient_id", "patient_name"),
    "therapists": ("therapist_id", "therapist_name"),
    "locations": ("location_id", "location_name"),
    "visit-types": ("visit_type_id", "visit_type_name"),
}


async def clinic_names(settings: ServiceClient, clinic_id: UUID) -> dict[str, dict[str, dict]]:
    """For each kind, entity id → the entity's state (one call per kind, concurrently)."""
    lists = await asyncio.gather(*(settings.get_json(f"/clinics/{clinic_id}/{kind}") for kind in _NAMED))
    return {
        kind: {entity[id_field]: entity for entity in entities}
        for (kind, (id_field, _)), entities in zip(_NAMED.items(), lists)
    }


def with_names(request: dict, names: dict[str, dict[str, dict]]) -> dict:
    """The request document plus `patient_name`, `therapist_name`, `location_name`,
    `visit_type_name` and the location's `time_zone` (for showing local times)."""
    named = dict(request)
    for kind, (id_field, name_field) in _NAMED.items():
        entity = names[kind].get(request[id_field])
        named[name_field] = entity["name"] if entity else None
    location = names["locations"].get(request["location_id"])
    named["time_zone"] = location["time_zone"] if location else None
    return named
