"""What a scheduler may see: the locations assigned to them, the therapists who work at one of
them, and the patients with a case at one of them.

The patients are decided by `clinic_contracts.access.scheduler_may_see_patient`, the rule the
request service applies to the request list, so the calendar and the list never disagree. A
calendar may be asked for such a location or therapist only; anything else is a 404. On it, an
item of a patient the scheduler has no access to (a therapist who also works elsewhere, say) shows
only that the time is taken: kind `busy`, no patient, case, request or visit type.
"""

import asyncio
from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.access import SchedulerScope, scheduler_scope
from clinic_contracts.events import PatientCaseChanged, StaffUserChanged

from clinic_gateway.directory import clinic_names, named
from clinic_gateway.identity import Services

_HIDDEN_WHEN_BUSY = {"request_id": None, "patient_id": None, "case_id": None, "visit_type_id": None, "booked_by": None}


@dataclass(frozen=True)
class NamedScope:
    """The scope (`clinic_contracts.access.scheduler_scope`) with the clinic's names, by kind and
    id (`clinic_gateway.directory`)."""

    scope: SchedulerScope
    names: dict[str, dict[str, dict]]

    @property
    def location_ids(self) -> frozenset[UUID]:
        return self.scope.location_ids

    @property
    def therapist_ids(self) -> frozenset[UUID]:
        return self.scope.therapist_ids

    def sees_location(self, location_id: UUID) -> bool:
        return self.scope.sees_location(location_id)

    def sees_therapist(self, therapist_id: UUID) -> bool:
        return self.scope.sees_therapist(therapist_id)

    def sees_patient(self, patient_id: UUID) -> bool:
        return self.scope.sees_patient(patient_id)

    def shown(self, item: dict) -> dict:
        """A calendar item as this scheduler may see it, with names."""
        patient_id = item.get("patient_id")
        if patient_id is not None and not self.sees_patient(UUID(patient_id)):
            item = {**item, **_HIDDEN_WHEN_BUSY, "kind": "busy", "title": ""}
        return named(item, self.names)


async def scope_of(gateway: Services, scheduler: StaffUserChanged) -> NamedScope:
    names, cases = await asyncio.gather(
        clinic_names(gateway.settings, scheduler.clinic_id),
        gateway.settings.get_json(f"/clinics/{scheduler.clinic_id}/patient-cases"),
    )
    scope = scheduler_scope(
        scheduler,
        (UUID(location_id) for location_id in names["locations"]),
        {
            UUID(therapist_id): [UUID(location_id) for location_id in therapist["location_ids"]]
            for therapist_id, therapist in names["therapists"].items()
        },
        map(PatientCaseChanged.model_validate, cases),
    )
    return NamedScope(scope, names)
