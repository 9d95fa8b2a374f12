from uuid import UUID, uuid4

from servicekit.runtime import ServiceRuntime

from clinic_settings.domain.patient import Patient
from clinic_settings.service_layer.unit_of_work import unit_of_work


async def add_patient(
    runtime: ServiceRuntime, clinic_id: UUID, *, name: str, patient_id: UUID | None = None
) -> Patient:
    patient = Patient(patient_id=patient_id or uuid4(), clinic_id=clinic_id, name=name)
    async with unit_of_work(runtime) as uow:
        await uow.clinic(clinic_id)
        await uow.require_new(uow.patients, patient.entity_id)
        return await uow.add(uow.patients, patient)


async def change_patient(runtime: ServiceRuntime, patient_id: UUID, **changes) -> Patient:
    async with unit_of_work(runtime) as uow:
        patient = await uow.existing(uow.patients, patient_id, for_update=True)
        return await uow.replace(uow.patients, patient, patient.changed(**changes))
