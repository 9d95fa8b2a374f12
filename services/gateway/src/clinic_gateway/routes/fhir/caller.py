"""Who may use the FHIR facade: the same two kinds of caller as the portal and scheduler APIs,
judged by the same functions, with the same reach. A portal user sees the patients linked to them;
a scheduler (the Scheduling permission) the patients, locations and therapists of their scope.
Staff without the Scheduling permission are refused, as by the scheduler API."""

import asyncio
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends

from clinic_contracts.access import SchedulerScope, scheduler_may_see_patient
from clinic_contracts.events import PatientCaseChanged, PatientChanged, PortalUserChanged, StaffUserChanged
from clinic_gateway.clients.transport import PassedOn
from clinic_gateway.composition.directory import clinic_names
from clinic_gateway.composition.scheduler_scope import scope_of
from clinic_gateway.identity import AnyUser, Services, ServicesDep, SignedInDep, not_found, scheduler
from clinic_gateway.routes.portal import linked_patient, requestable_case_records
from clinic_gateway.tokens import SignedIn


@dataclass(frozen=True)
class FhirCaller:
    user: PortalUserChanged | StaffUserChanged
    signed_in: SignedIn
    gateway: Services

    @property
    def portal_user(self) -> PortalUserChanged | None:
        return self.user if isinstance(self.user, PortalUserChanged) else None

    @property
    def clinic_id(self) -> UUID:
        return self.user.clinic_id

    async def scope(self) -> tuple[SchedulerScope, dict[str, dict[str, dict]]]:
        """A scheduler's scope and the clinic's names (scheduler_scope.scope_of)."""
        return await scope_of(self.gateway, self.user)

    async def cases_of(self, patient_id: UUID) -> list[PatientCaseChanged]:
        listed = await self.gateway.settings.get_json(
            f"/clinics/{self.clinic_id}/patient-cases", params={"patient_id": str(patient_id)}
        )
        return [PatientCaseChanged.model_validate(case) for case in listed]

    async def own_cases(self) -> list[PatientCaseChanged]:
        """A portal user's patients' cases, every status (what they have been treated under)."""
        listed = await asyncio.gather(*(self.cases_of(patient_id) for patient_id in self.user.patient_ids))
        return [case for cases in listed for case in cases]

    async def requestable_cases(self) -> list[PatientCaseChanged]:
        """A portal user's cases that take requests now: the portal's own list, patient by patient."""
        listed = await asyncio.gather(
            *(requestable_case_records(patient_id, self.user, self.gateway) for patient_id in self.user.patient_ids)
        )
        return [case for cases in listed for case in cases]

    async def patient(self, patient_id: UUID) -> PatientChanged:
        """The patient, if this caller may see them; else 404 (as for no such patient)."""
        if self.portal_user:
            return await linked_patient(self.user, patient_id, self.gateway)
        response = await self.gateway.settings.get(f"/patients/{patient_id}")
        if response.status_code == 404:
            raise not_found("patient")
        if response.status_code != 200:
            raise PassedOn(response)
        if not scheduler_may_see_patient(self.user, await self.cases_of(patient_id)):
            raise not_found("patient")
        return PatientChanged.model_validate(response.json())


async def fhir_caller(user: AnyUser, signed_in: SignedInDep, gateway: ServicesDep) -> FhirCaller:
    if isinstance(user, StaffUserChanged):
        await scheduler(user)  # the Scheduling permission, or 403
    return FhirCaller(user, signed_in, gateway)


Caller = Annotated[FhirCaller, Depends(fhir_caller)]


async def clinic_names_for(caller: FhirCaller) -> dict[str, dict[str, dict]]:
    """Names for the references' `display`, as far as the caller may read them: a scheduler the
    clinic's (directory.clinic_names); a portal user the clinic's locations, visit types and
    therapists (what the settings service lets them list) and their own patients."""
    if not caller.portal_user:
        return await clinic_names(caller.gateway.settings, caller.clinic_id)
    settings = caller.gateway.settings
    kinds = ("locations", "visit-types", "therapists")
    lists = await asyncio.gather(*(settings.get_json(f"/clinics/{caller.clinic_id}/{kind}") for kind in kinds))
    patients = await asyncio.gather(*(settings.get_json(f"/patients/{pid}") for pid in caller.user.patient_ids))
    id_fields = {"locations": "location_id", "visit-types": "visit_type_id", "therapists": "therapist_id"}
    names = {
        kind: {entity[id_fields[kind]]: entity for entity in listed} for kind, listed in zip(kinds, lists, strict=False)
    }
    return names | {"patients": {patient["patient_id"]: patient for patient in patients}}
