"""What a scheduler may see: the locations assigned to them, the therapists who work at one of
them, and the patients with a case at one of them.

The patients are decided by `clinic_contracts.access.scheduler_may_see_patient`, the rule the
request service applies to the request list, so the calendar and the list never disagree. A
calendar may be asked for such a location or therapist only; anything else is a 404. On it, an
item of a patient the scheduler has no access to (a therapist who also works elsewhere, say) shows
only that the time is taken: kind `busy`, no patient, case, request or visit type.
"""

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.access import location_is_assigned_to, scheduler_may_see_patient
from clinic_contracts.events import PatientCaseChanged, StaffUserChanged

from clinic_gateway.directory import clinic_names, named
from clinic_gateway.identity import Services

_HIDDEN_WHEN_BUSY = {"request_id": None, "patient_id": None, "case_id": None, "visit_type_id": None, "booked_by": None}


@dataclass(frozen=True)
class SchedulerScope:
    location_ids: frozenset[UUID]
    therapist_ids: frozenset[UUID]
    patient_ids: frozenset[UUID]
    # The clinic's names, by kind and id (`clinic_gateway.directory`).
    names: dict[str, dict[str, dict]]

    def sees_location(self, location_id: UUID) -> bool:
        return location_id in self.location_ids

    def sees_therapist(self, therapist_id: UUID) -> bool:
        return therapist_id in self.therapist_ids

    def sees_patient(self, patient_id: UUID) -> bool:
        return patient_id in self.patient_ids

    def shown(self, item: dict) -> dict:
        """A calendar item as this scheduler may see it, with names."""
        patient_id = item.get("patient_id")
        if patient_id is not None and UUID(patient_id) not in self.patient_ids:
            item = {**item, **_HIDDEN_WHEN_BUSY, "kind": "busy", "title": ""}
        return named(item, self.names)


async def scope_of(gateway: Services, scheduler: StaffUserChanged) -> SchedulerScope:
    names, cases = await asyncio.gather(
        clinic_names(gateway.settings, scheduler.clinic_id),
        gateway.settings.get_json(f"/clinics/{scheduler.clinic_id}/patient-cases"),
    )
    location_ids = frozenset(
        UUID(location_id) for location_id in names["locations"] if location_is_assigned_to(scheduler, UUID(location_id))
    )
    therapist_ids = frozenset(
        UUID(therapist_id)
        for therapist_id, therapist in names["therapists"].items()
        if {UUID(location_id) for location_id in therapist["location_ids"]} & location_ids
    )
    cases_by_patient: dict[UUID, list[PatientCaseChanged]] = defaultdict(list)
    for case in map(PatientCaseChanged.model_validate, cases):
        cases_by_patient[case.patient_id].append(case)
    patient_ids = frozenset(
        patient_id for patient_id, cases in cases_by_patient.items() if scheduler_may_see_patient(scheduler, cases)
    )
    return SchedulerScope(location_ids, therapist_ids, patient_ids, names)
