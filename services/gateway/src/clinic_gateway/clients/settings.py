"""The settings service: the clinic's entities, as the contract's documents."""

from typing import Any
from uuid import UUID

from clinic_contracts import events
from clinic_gateway.clients.transport import D, Relayed, ServiceClient


class SettingsClient(ServiceClient):
    async def clinic(self, clinic_id: UUID) -> events.ClinicSettingsChanged:
        return await self.read(events.ClinicSettingsChanged, f"/clinics/{clinic_id}")

    async def location(self, location_id: UUID) -> events.LocationChanged:
        return await self.read(events.LocationChanged, f"/locations/{location_id}")

    async def patient(self, patient_id: UUID) -> events.PatientChanged:
        return await self.read(events.PatientChanged, f"/patients/{patient_id}")

    async def patient_case(self, case_id: UUID) -> events.PatientCaseChanged | None:
        return await self.read_found(events.PatientCaseChanged, f"/patient-cases/{case_id}")

    async def staff_user(self, staff_user_id: UUID) -> events.StaffUserChanged | None:
        return await self.read_found(events.StaffUserChanged, f"/staff-users/{staff_user_id}")

    async def portal_user(self, portal_user_id: UUID) -> events.PortalUserChanged | None:
        return await self.read_found(events.PortalUserChanged, f"/portal-users/{portal_user_id}")

    async def request_settings(self, portal_user_id: UUID, **params: str) -> dict[str, Any] | None:
        """The portal user with what their request is judged by, in one read (None: no such user)."""
        return await self.read_found(dict[str, Any], f"/portal-users/{portal_user_id}/request-settings", params=params)

    async def locations(self, clinic_id: UUID) -> list[events.LocationChanged]:
        return await self.read(list[events.LocationChanged], f"/clinics/{clinic_id}/locations")

    async def visit_types(self, clinic_id: UUID) -> list[events.VisitTypeChanged]:
        return await self.read(list[events.VisitTypeChanged], f"/clinics/{clinic_id}/visit-types")

    async def patient_cases(self, clinic_id: UUID, patient_id: UUID) -> list[events.PatientCaseChanged]:
        path = f"/clinics/{clinic_id}/patient-cases"
        return await self.read(list[events.PatientCaseChanged], path, params={"patient_id": str(patient_id)})

    async def listing(self, clinic_id: UUID, collection: str) -> list[dict[str, Any]]:
        """Every entity of one kind in the clinic (`locations`, `therapists`, ...), as sent."""
        return await self.read(list[dict[str, Any]], f"/clinics/{clinic_id}/{collection}")

    async def directory(self, clinic_id: UUID, ids: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
        """The patients, therapists, locations and visit types these ids name (`ids` by id field,
        such as `patient_id`), as sent: `{"patients": [...], "therapists": [...], ...}`."""
        return await self.read(dict[str, list[dict[str, Any]]], f"/clinics/{clinic_id}/directory", params=ids)

    async def entity(self, collection: str, entity_id: UUID) -> dict[str, Any] | None:
        """One entity of any kind, as sent (None: none with that id)."""
        return await self.read_found(dict[str, Any], f"/{collection}/{entity_id}")

    async def change_clinic(
        self, clinic_id: UUID, method: str, aspect: str, body: Any
    ) -> Relayed[events.ClinicSettingsChanged]:
        path = f"/clinics/{clinic_id}" + (f"/{aspect}" if aspect else "")
        return await self.write(events.ClinicSettingsChanged, method, path, json=body)

    async def change(self, document: type[D], method: str, path: str, body: Any) -> Relayed[D]:
        """A change to the settings, answered with the entity as `document`; the service decides every
        rule (its problem is passed on)."""
        return await self.write(document, method, path, json=body)
