"""Admin actions on the clinic; each change is stored and published in one transaction."""

from uuid import UUID, uuid4

from clinic_contracts.events import RequestPolicy
from servicekit.runtime import ServiceRuntime

from clinic_settings.adapters.clinic_repository import ClinicRepository
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.errors import SettingsRuleBroken


class ClinicNotFound(LookupError):
    pass


async def _publish(runtime: ServiceRuntime, session, clinic: Clinic) -> None:
    await runtime.outbox.add_event(session, clinic.as_event(), key=str(clinic.clinic_id), clinic_id=clinic.clinic_id)


async def create_clinic(
    runtime: ServiceRuntime, *, name: str, time_zone: str, clinic_id: UUID | None = None
) -> Clinic:
    clinic = Clinic(clinic_id=clinic_id or uuid4(), name=name, time_zone=time_zone)
    async with runtime.sessions.begin() as session:
        repository = ClinicRepository(session)
        if await repository.get(clinic.clinic_id):
            raise SettingsRuleBroken("clinic-exists", f"A clinic with id {clinic.clinic_id} already exists.")
        await repository.add(clinic)
        await _publish(runtime, session, clinic)
    return clinic


async def change_clinic(
    runtime: ServiceRuntime,
    clinic_id: UUID,
    *,
    name: str | None = None,
    time_zone: str | None = None,
    request_policy: RequestPolicy | None = None,
    appointment_requests_enabled: bool | None = None,
) -> Clinic:
    changes = {
        field: value
        for field, value in {
            "name": name,
            "time_zone": time_zone,
            "request_policy": request_policy,
            "appointment_requests_enabled": appointment_requests_enabled,
        }.items()
        if value is not None
    }
    async with runtime.sessions.begin() as session:
        repository = ClinicRepository(session)
        clinic = await repository.get(clinic_id, for_update=True)
        if clinic is None:
            raise ClinicNotFound(clinic_id)
        if not changes:
            return clinic
        clinic = clinic.changed(**changes)
        await repository.save(clinic)
        await _publish(runtime, session, clinic)
    return clinic


async def get_clinic(runtime: ServiceRuntime, clinic_id: UUID) -> Clinic:
    async with runtime.sessions() as session:
        clinic = await ClinicRepository(session).get(clinic_id)
    if clinic is None:
        raise ClinicNotFound(clinic_id)
    return clinic
