"""The settings topics' state events with sensible defaults, for every test world that needs a clinic.

`sample(PatientCaseChanged, patient_id=..., location_id=...)` fills in the rest. Every id not given is
new, so tests sharing a broker and a database never see each other's entities; link them by passing
the ids that matter.
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

NEW_ID = uuid.uuid4

DEFAULTS: dict[type[StateEvent], dict[str, Any]] = {
    ClinicSettingsChanged: dict(
        clinic_id=NEW_ID,
        name="Harborview",
        time_zone="America/New_York",
        appointment_requests_enabled=True,
        request_policy=REQUEST_POLICY,
    ),
    LocationChanged: dict(
        location_id=NEW_ID,
        clinic_id=NEW_ID,
        name="Downtown",
        time_zone="America/New_York",
        address="",
        allow_appointment_requests=True,
        operating_hours=(),
        closures=(),
    ),
    TherapistChanged: dict(therapist_id=NEW_ID, clinic_id=NEW_ID, name="Dana Whitfield", location_ids=(), active=True),
    VisitTypeChanged: dict(visit_type_id=NEW_ID, clinic_id=NEW_ID, name="Treatment", duration_minutes=45, active=True),
    PatientChanged: dict(patient_id=NEW_ID, clinic_id=NEW_ID, name="Lily Chen"),
    PatientCaseChanged: dict(
        case_id=NEW_ID,
        clinic_id=NEW_ID,
        patient_id=NEW_ID,
        title="Knee rehab",
        primary_therapist_id=NEW_ID,
        location_id=NEW_ID,
        status=CaseStatus.ACTIVE,
        allow_appointment_requests=True,
        requestable_visit_type_ids=(),
    ),
    PortalUserChanged: dict(
        portal_user_id=NEW_ID,
        clinic_id=NEW_ID,
        name="Wei Chen",
        email="wei@example.org",
        role=PortalUserRole.CAREGIVER,
        active=True,
        patient_ids=(),
    ),
    StaffUserChanged: dict(
        staff_user_id=NEW_ID,
        clinic_id=NEW_ID,
        name="Sam Delgado",
        email="sam@example.org",
        permissions=(StaffPermission.SCHEDULING,),
        all_locations=False,
        location_ids=(),
        active=True,
    ),
}


def sample(event_type: type[E], **changes: Any) -> E:
    """A first revision of `event_type`, its defaults overridden by `changes`."""
    values = {name: value() if value is NEW_ID else value for name, value in DEFAULTS[event_type].items()}
    return event_type(**{**values, "revision": 1, **changes})
