from uuid import UUID, uuid4

from clinic_contracts.events import Authorization
from clinic_settings.domain.care import (
    require_active_location,
    require_active_patient,
    require_active_visit_types,
    require_therapist_treats_case_there,
)
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work
from servicekit.runtime import ServiceRuntime


async def open_case(
    runtime: ServiceRuntime,
    clinic_id: UUID,
    *,
    patient_id: UUID,
    title: str,
    primary_therapist_id: UUID,
    location_id: UUID,
    allow_appointment_requests: bool = False,
    requestable_visit_type_ids: tuple[UUID, ...] = (),
    authorization: Authorization | None = None,
    case_id: UUID | None = None,
) -> PatientCase:
    case = PatientCase(
        case_id=case_id or uuid4(),
        clinic_id=clinic_id,
        patient_id=patient_id,
        title=title,
        primary_therapist_id=primary_therapist_id,
        location_id=location_id,
        allow_appointment_requests=allow_appointment_requests,
        requestable_visit_type_ids=requestable_visit_type_ids,
        authorization=authorization,
    )
    async with unit_of_work(runtime) as uow:
        return await open_case_in(uow, case)


async def open_case_in(uow: SettingsUnitOfWork, case: PatientCase) -> PatientCase:
    """A new case, active or (brought over from another system) already discharged."""
    await uow.clinic(case.clinic_id)
    await uow.require_new(uow.patient_cases, case.entity_id)
    await _check_references(uow, case, earlier=None)
    return await uow.add(uow.patient_cases, case)


async def change_case(runtime: ServiceRuntime, case_id: UUID, **changes) -> PatientCase:
    async with unit_of_work(runtime) as uow:
        return await change_case_in(uow, case_id, **changes)


async def change_case_in(uow: SettingsUnitOfWork, case_id: UUID, **changes) -> PatientCase:
    """Title, therapist, location, status (active/discharged), whether it allows requests, which
    visit types, and its insurance authorization. Discharging or disallowing blocks new requests; it deletes nothing."""
    case = await uow.existing(uow.patient_cases, case_id, for_update=True)
    changed = case.changed(**changes)
    if changed is not case:
        await _check_references(uow, changed, earlier=case)
    return await uow.replace(uow.patient_cases, case, changed)


async def _check_references(uow: SettingsUnitOfWork, case: PatientCase, earlier: PatientCase | None) -> None:
    """Only what changed is checked: a therapist deactivated since, or a visit type, stays on the
    case until someone changes that part of it."""
    clinic_id = case.clinic_id
    patient = await uow.referenced(uow.patients, case.patient_id, clinic_id)
    location = await uow.referenced(uow.locations, case.location_id, clinic_id)
    # Locked, so the therapist cannot leave the location while this case is being given to them.
    therapist = await uow.referenced(uow.therapists, case.primary_therapist_id, clinic_id, for_update=True)
    if case.care_changed_since(earlier):
        require_therapist_treats_case_there(case, therapist)
        require_active_location(case, location)
        require_active_patient(case, patient)
    added = await uow.all_referenced(uow.visit_types, case.visit_types_added_since(earlier), clinic_id)
    require_active_visit_types(added)
