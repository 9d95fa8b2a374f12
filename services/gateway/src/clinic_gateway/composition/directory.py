"""Names for the ids the request service keeps, so pages can show people and places, not UUIDs."""

import asyncio
from collections.abc import Iterable
from uuid import UUID

from clinic_gateway.clients.settings import SettingsClient

_NAMED = {
    "patients": ("patient_id", "patient_name"),
    "therapists": ("therapist_id", "therapist_name"),
    "locations": ("location_id", "location_name"),
    "visit-types": ("visit_type_id", "visit_type_name"),
}


async def clinic_names(settings: SettingsClient, clinic_id: UUID) -> dict[str, dict[str, dict]]:
    """For each kind, entity id → the entity's state (one call per kind, concurrently)."""
    lists = await asyncio.gather(*(settings.listing(clinic_id, kind) for kind in _NAMED))
    return {
        kind: {entity[id_field]: entity for entity in entities}
        for (kind, (id_field, _)), entities in zip(_NAMED.items(), lists, strict=False)
    }


async def names_for(settings: SettingsClient, clinic_id: UUID, documents: Iterable[dict]) -> dict[str, dict[str, dict]]:
    """What `clinic_names` answers, but only for the ids these documents name, in one call: a page
    names a few people, and the clinic's whole lists grow with every patient it ever had."""
    ids: dict[str, set[str]] = {id_field: set() for id_field, _ in _NAMED.values()}
    for document in documents:
        for id_field, wanted in ids.items():
            if document.get(id_field):
                wanted.add(str(document[id_field]))
    if not any(ids.values()):
        return {kind: {} for kind in _NAMED}  # an empty page names no one: nothing to ask
    found = await settings.directory(clinic_id, {id_field: sorted(wanted) for id_field, wanted in ids.items()})
    return {
        kind: {entity[id_field]: entity for entity in found[kind.replace("-", "_")]}
        for kind, (id_field, _) in _NAMED.items()
    }


def named(document: dict, names: dict[str, dict[str, dict]]) -> dict:
    """The document plus `patient_name`, `therapist_name`, `location_name` and `visit_type_name`
    for those of its ids it has (null for an id it lacks or one no longer known)."""
    with_names = dict(document)
    for kind, (id_field, name_field) in _NAMED.items():
        entity = names[kind].get(document.get(id_field))
        with_names[name_field] = entity["name"] if entity else None
    return with_names


def with_names(request: dict, names: dict[str, dict[str, dict]]) -> dict:
    """A request document, named, plus its location's `time_zone` (for showing local times)."""
    location = names["locations"].get(request["location_id"])
    return {**named(request, names), "time_zone": location["time_zone"] if location else None}
