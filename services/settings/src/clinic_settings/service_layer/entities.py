"""Admin actions on any settings entity: add one, change one, read one or a clinic's list. Each
change is checked (service_layer.entity_checks), stored, audited and published in one transaction.

What each kind's change means for the clinic:
- clinic: turning appointment requests off blocks new ones; it deletes nothing.
- location, patient case: disallowing requests or deactivating (discharging) blocks new requests
  there; it deletes nothing.
- patient: deactivating discharges their active cases.
- therapist: leaving a location waits until their active cases there moved.
- visit type: deactivating one keeps it on the cases that allow it; it stops being requestable.
- portal or staff user: deactivating stops sign-ins and new requests; the last admin stays one.
"""

from collections.abc import Collection, Mapping
from typing import Any, TypeVar
from uuid import UUID

from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.service_layer.entity_checks import CHECKS, NO_CHECKS
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork

E = TypeVar("E", bound=SettingsEntity)


async def add(uow: SettingsUnitOfWork, entity: E) -> E:
    """A new entity of an existing clinic (or a new clinic), its references checked first."""
    async with uow:
        if not isinstance(entity, Clinic):
            await uow.clinic(entity.clinic_id)
        repository = uow.of(type(entity))
        await uow.require_new(repository, entity.entity_id)
        await CHECKS.get(type(entity), NO_CHECKS).before_storing(uow, None, entity)
        return await uow.add(repository, entity)


async def change(uow: SettingsUnitOfWork, entity_type: type[E], entity_id: UUID, **changes: Any) -> E:
    """Nothing is checked or published when nothing differs: a repeated PUT or import."""
    async with uow:
        repository = uow.of(entity_type)
        before: E = await uow.existing(repository, entity_id, for_update=True)
        after = before.changed(**changes)
        if after is before:
            return before
        checks = CHECKS.get(entity_type, NO_CHECKS)
        await checks.before_storing(uow, before, after)
        await uow.replace(repository, before, after)
        await checks.after_changing(uow, before, after)
        return after


async def one(uow: SettingsUnitOfWork, entity_type: type[E], entity_id: UUID) -> E:
    async with uow:
        entity: E = await uow.existing(uow.of(entity_type), entity_id)
        return entity


async def of_clinic(uow: SettingsUnitOfWork, entity_type: type[E], clinic_id: UUID, **equal_to: Any) -> list[E]:
    async with uow:
        await uow.clinic(clinic_id)
        return await uow.of(entity_type).of_clinic(clinic_id, **equal_to)


async def named(
    uow: SettingsUnitOfWork, clinic_id: UUID, wanted: Mapping[type[SettingsEntity], Collection[UUID]]
) -> dict[type[SettingsEntity], list[SettingsEntity]]:
    """The clinic's entities of several kinds that these ids name, in one transaction: what a page of
    requests or a calendar needs to name its people and places. An id of another clinic, or of no
    entity, is left out; a kind asked for with no ids reads nothing."""
    async with uow:
        await uow.clinic(clinic_id)
        found: dict[type[SettingsEntity], list[SettingsEntity]] = {}
        for entity_type, ids in wanted.items():
            found[entity_type] = await uow.of(entity_type).of_clinic(clinic_id, among=ids) if ids else []
        return found
