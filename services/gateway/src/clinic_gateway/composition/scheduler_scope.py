"""The scheduler's locations and the therapists who work at one of them, by name: what the
calendar page offers (`GET /api/scheduler/scope`).

The rule is `clinic_contracts.access.scheduler_scope`; availability applies the same rule to the
calendars themselves (which it opens, and which patients it shows as `busy`), so the choices
offered here are exactly the calendars that open. Patients are not listed, so their cases are not
read.
"""

from uuid import UUID

from clinic_contracts.access import SchedulerScope, scheduler_scope
from clinic_contracts.events import StaffUserChanged
from clinic_gateway.composition.directory import clinic_names
from clinic_gateway.identity import Services


async def scope_of(gateway: Services, scheduler: StaffUserChanged) -> tuple[SchedulerScope, dict[str, dict[str, dict]]]:
    """The scope (locations and therapists only) and the clinic's names, by kind and id."""
    names = await clinic_names(gateway.settings, scheduler.clinic_id)
    scope = scheduler_scope(
        scheduler,
        (UUID(location_id) for location_id in names["locations"]),
        {
            UUID(therapist_id): [UUID(location_id) for location_id in therapist["location_ids"]]
            for therapist_id, therapist in names["therapists"].items()
        },
        cases=(),
    )
    return scope, names
