"""Contract events with sensible defaults, for the rules that read them."""

import uuid

from clinic_contracts.events import (
    CaseStatus,
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    PortalUserRole,
    StaffPermission,
    StaffUserChanged,
    VisitTypeChanged,
)
from clinic_settings.domain.clinic import DEFAULT_REQUEST_POLICY

CLINIC_ID = uuid.uuid4()
LOCATION_ID = uuid.uuid4()
OTHER_LOCATION_ID = uuid.uuid4()
PATIENT_ID = uuid.uuid4()
VISIT_TYPE_ID = uuid.uuid4()


def clinic(**changes) -> ClinicSettingsChanged:
    fields = dict(
        clinic_id=CLINIC_ID,
        name="Harborview",
        time_zone="America/New_York",
        appointment_requests_enabled=True,
        request_policy=DEFAULT_REQUEST_POLICY,
        revision=1,
    )
    return ClinicSettingsChanged(**{**fields, **changes})


def location(**changes) -> LocationChanged:
    fields = dict(
        location_id=LOCATION_ID,
        clinic_id=CLINIC_ID,
        name="Downtown",
        time_zone="America/New_York",
        address="",
        allow_appointment_requests=True,
        operating_hours=(),
        closures=(),
        revision=1,
    )
    return LocationChanged(**{**fields, **changes})


def case(**changes) -> PatientCaseChanged:
    fields = dict(
        case_id=uuid.uuid4(),
        clinic_id=CLINIC_ID,
        patient_id=PATIENT_ID,
        title="Knee rehab",
        primary_therapist_id=uuid.uuid4(),
        location_id=LOCATION_ID,
        status=CaseStatus.ACTIVE,
        allow_appointment_requests=True,
        requestable_visit_type_ids=(VISIT_TYPE_ID,),
        revision=1,
    )
    return PatientCaseChanged(**{**fields, **changes})


def visit_type(**changes) -> VisitTypeChanged:
    fields = dict(
        visit_type_id=VISIT_TYPE_ID, clinic_id=CLINIC_ID, name="Treatment", duration_minutes=45, active=True, revision=1
    )
    return VisitTypeChanged(**{**fields, **changes})


def portal_user(**changes) -> PortalUserChanged:
    fields = dict(
        portal_user_id=uuid.uuid4(),
        clinic_id=CLINIC_ID,
        name="Wei Chen",
        email="wei@example.org",
        role=PortalUserRole.CAREGIVER,
        active=True,
        patient_ids=(PATIENT_ID,),
        revision=1,
    )
    return PortalUserChanged(**{**fields, **changes})


def staff(**changes) -> StaffUserChanged:
    fields = dict(
        staff_user_id=uuid.uuid4(),
        clinic_id=CLINIC_ID,
        name="Sam Delgado",
        email="sam@example.org",
        permissions=(StaffPermission.SCHEDULING,),
        all_locations=False,
        location_ids=(LOCATION_ID,),
        active=True,
        revision=1,
    )
    return StaffUserChanged(**{**fields, **changes})
