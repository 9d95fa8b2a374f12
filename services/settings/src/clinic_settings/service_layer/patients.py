from datetime import date
from uuid import UUID, uuid4

from clinic_contracts.events import CaseStatus
from clinic_settings.domain.patient import Patient
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work
from servicekit.runtime import ServiceRuntime


async def add_patient(
    runtime: ServiceRuntime,
    clinic_id: UUID,
    *,
    name: str,
    date_of_birth: date | None = None,
    patient_id: UUID | None = None,
) -> Patient:
    patient = Patient(patient_id=patient_id or uuid4(), clinic_id=clinic_id, name=name, date_of_birth=date_of_birth)
    async with unit_of_work(runtime) as uow:
        return await add_patient_in(uow, patient)


async def add_patient_in(uow: SettingsUnitOfWork, patient: Patient) -> Patient:
    await uow.clinic(patient.clinic_id)
    await uow.require_new(uow.patients, patient.entity_id)
    return await uow.add(uow.patients, patient)


async def change_patient(runtime: ServiceRuntime, patient_id: UUID, **changes) -> Patient:
    async with unit_of_work(runtime) as uow:
        return await change_patient_in(uow, patient_id, **changes)


async def change_patient_in(uow: SettingsUnitOfWork, patient_id: UUID, **changes) -> Patient:
    """Name, date of birth, or whether the patient is active. Deactivating discharges their
    active cases in the same transaction (no new requests); it deletes nothing."""
    patient = await uow.existing(uow.patients, patient_id, for_update=True)
    changed = await uow.replace(uow.patients, patient, patient.changed(**changes))
    if patient.active and not changed.active:
        for case in await uow.patient_cases.of_clinic(patient.clinic_id, patient_id=patient_id):
            if case.status == CaseStatus.ACTIVE:
                await uow.replace(uow.patient_cases, case, case.changed(status=CaseStatus.DISCHARGED))
    return changed
