from uuid import UUID, uuid4

from clinic_settings.domain.care import require_no_active_case_left_behind
from clinic_settings.domain.therapist import Therapist
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work
from servicekit.runtime import ServiceRuntime


async def add_therapist(
    runtime: ServiceRuntime,
    clinic_id: UUID,
    *,
    name: str,
    location_ids: tuple[UUID, ...] = (),
    therapist_id: UUID | None = None,
) -> Therapist:
    therapist = Therapist(
        therapist_id=therapist_id or uuid4(), clinic_id=clinic_id, name=name, location_ids=location_ids
    )
    async with unit_of_work(runtime) as uow:
        return await add_therapist_in(uow, therapist)


async def add_therapist_in(uow: SettingsUnitOfWork, therapist: Therapist) -> Therapist:
    await uow.clinic(therapist.clinic_id)
    await uow.require_new(uow.therapists, therapist.entity_id)
    await uow.all_referenced(uow.locations, therapist.location_ids, therapist.clinic_id)
    return await uow.add(uow.therapists, therapist)


async def change_therapist(runtime: ServiceRuntime, therapist_id: UUID, **changes) -> Therapist:
    async with unit_of_work(runtime) as uow:
        return await change_therapist_in(uow, therapist_id, **changes)


async def change_therapist_in(uow: SettingsUnitOfWork, therapist_id: UUID, **changes) -> Therapist:
    """Name, active flag or locations. Leaving a location waits until their active cases there moved."""
    therapist = await uow.existing(uow.therapists, therapist_id, for_update=True)
    changed = therapist.changed(**changes)
    if changed is therapist:
        return therapist  # nothing to check: a repeated PUT or import
    await uow.all_referenced(uow.locations, changed.location_ids, changed.clinic_id)
    # The lock taken above also holds back cases being given to this therapist meanwhile.
    cases = await uow.patient_cases.of_clinic(changed.clinic_id, primary_therapist_id=therapist_id)
    require_no_active_case_left_behind(changed, cases)
    return await uow.replace(uow.therapists, therapist, changed)
