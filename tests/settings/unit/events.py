"""Contract events with sensible defaults, for the rules that read them: one clinic whose location,
patient and visit type every event links to."""

import uuid

from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    StaffUserChanged,
    VisitTypeChanged,
)
from tests.sample_events import sample

CLINIC_ID = uuid.uuid4()
LOCATION_ID = uuid.uuid4()
OTHER_LOCATION_ID = uuid.uuid4()
PATIENT_ID = uuid.uuid4()
VISIT_TYPE_ID = uuid.uuid4()


def clinic(**changes) -> ClinicSettingsChanged:
    return sample(ClinicSettingsChanged, **{"clinic_id": CLINIC_ID, **changes})


def location(**changes) -> LocationChanged:
    return sample(LocationChanged, **{"location_id": LOCATION_ID, "clinic_id": CLINIC_ID, **changes})


def case(**changes) -> PatientCaseChanged:
    links = {"patient_id": PATIENT_ID, "location_id": LOCATION_ID, "requestable_visit_type_ids": (VISIT_TYPE_ID,)}
    return sample(PatientCaseChanged, **{"clinic_id": CLINIC_ID, **links, **changes})


def visit_type(**changes) -> VisitTypeChanged:
    return sample(VisitTypeChanged, **{"visit_type_id": VISIT_TYPE_ID, "clinic_id": CLINIC_ID, **changes})


def portal_user(**changes) -> PortalUserChanged:
    return sample(PortalUserChanged, **{"clinic_id": CLINIC_ID, "patient_ids": (PATIENT_ID,), **changes})


def staff(**changes) -> StaffUserChanged:
    return sample(StaffUserChanged, **{"clinic_id": CLINIC_ID, "location_ids": (LOCATION_ID,), **changes})
