from uuid import UUID, uuid4

from pydantic import Field

from clinic_contracts.events import ClinicSettingsChanged, RequestPolicy
from clinic_contracts.languages import LanguageTag
from clinic_settings.domain.clinic import Clinic
from clinic_settings.entrypoints.http.common import RequestBody, Switch
from clinic_settings.entrypoints.http.entity_routes import Part, entity_router
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import entities


class NewClinic(RequestBody):
    clinic_id: UUID | None = None
    name: str = Field(max_length=200)
    time_zone: str = Field(examples=["America/New_York"])


class ClinicChange(RequestBody):
    name: str | None = Field(default=None, max_length=200)
    time_zone: str | None = None
    request_policy: RequestPolicy | None = None
    language: LanguageTag | None = None


SWITCH = "Turn the feature on or off. Off blocks new requests; it deletes nothing."
PARTS = (Part("appointment-requests", Switch, "appointment_requests_enabled", SWITCH),)
router = entity_router(Clinic, "clinics", change=ClinicChange, listed=False, parts=PARTS)


@router.post("/clinics", status_code=201)
async def create_clinic(body: NewClinic, uow: UnitOfWork) -> ClinicSettingsChanged:
    clinic = Clinic(clinic_id=body.clinic_id or uuid4(), name=body.name, time_zone=body.time_zone)
    return (await entities.add(uow, clinic)).as_event()
