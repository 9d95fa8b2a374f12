"""The settings topics' state events with sensible defaults, for every test world that needs a clinic.

`sample(PatientCaseChanged, patient_id=..., location_id=...)` fills in the rest. Every id field not
given is new and every list of ids empty, so tests sharing a broker and a database never see each other's
entities; link them by passing the ids that matter. Whatever can be active is.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from clinic_contracts.events import (
    CaseStatus,
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    PortalUserRole,
    StaffPermission,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from tests.examples import REQUEST_POLICY

E = TypeVar("E", bound=StateEvent)

DEFAULTS: dict[type[StateEvent], dict[str, Any]] = {
    ClinicSettingsChanged: dict(
        name="Harborview",
        time_zone="America/New_York",
        appointment_requests_enabled=True,
        request_policy=REQUEST_POLICY,
    ),
    LocationChanged: dict(
        name="Downtown",
        time_zone="America/New_York",
        address="",
        allow_appointment_requests=True,
        operating_hours=(),
        closures=(),
    ),
    TherapistChanged: dict(name="Dana Whitfield"),
    VisitTypeChanged: dict(name="Treatment", duration_minutes=45),
    PatientChanged: dict(name="Lily Chen"),
    PatientCaseChanged: dict(
        title="Knee rehab",
        status=CaseStatus.ACTIVE,
        allow_appointment_requests=True,
    ),
    PortalUserChanged: dict(
        name="Wei Chen",
        email="wei@example.org",
        role=PortalUserRole.CAREGIVER,
    ),
    StaffUserChanged: dict(
        name="Sam Delgado",
        email="sam@example.org",
        permissions=(StaffPermission.SCHEDULING,),
        all_locations=False,
    ),
}


def sample(event_type: type[E], **changes: Any) -> E:
    """A first revision of `event_type`, its defaults overridden by `changes`."""
    return event_type(**{**_generic_defaults(event_type), **DEFAULTS[event_type], "revision": 1, **changes})


def _generic_defaults(event_type: type[StateEvent]) -> dict[str, Any]:
    """A new id for every id field, no linked ids, and active."""
    required = [name for name, field in event_type.model_fields.items() if field.is_required()]
    return {
        **{name: uuid.uuid4() for name in required if name.endswith("_id")},
        **{name: () for name in required if name.endswith("_ids")},
        **({"active": True} if "active" in required else {}),
    }


def case_of(
    patient: PatientChanged, therapist: TherapistChanged, location: LocationChanged, visit_type: VisitTypeChanged
) -> PatientCaseChanged:
    """The patient's case, treated by `therapist` at `location`, open to requests for `visit_type`."""
    return sample(
        PatientCaseChanged,
        clinic_id=patient.clinic_id,
        patient_id=patient.patient_id,
        primary_therapist_id=therapist.therapist_id,
        location_id=location.location_id,
        requestable_visit_type_ids=(visit_type.visit_type_id,),
    )
