"""The clinic the fuzz runs in: the demo clinic again, under other ids and emails (tests.demo_copy).

What the fuzzer's admin, scheduler and caregiver change (hours, users, permissions, requests) they
change here, so the demo clinic the other suites share stays as they expect it.
"""

from uuid import UUID

from clinic_settings import demo_data as demo
from tests.demo_copy import DemoCopy

COPY = DemoCopy(UUID("0f6d1c3e-8a5b-4c47-9e0f-2b7a4d9c5e31"), "fuzz")
fuzz_id = COPY.id
email = COPY.email
DATA = COPY.data
FROM_DEMO = COPY.from_demo


def _ids(table: str, field: str) -> list[str]:
    return [str(row[field]) for row in getattr(DATA, table)]


def _user(table: str, demo_email: str) -> dict:
    return COPY.user(table, demo_email)


ADMIN = _user("STAFF_USERS", "admin@harborview.example")
SCHEDULER = _user("STAFF_USERS", "scheduler.downtown@harborview.example")
CAREGIVER = _user("PORTAL_USERS", "wei.chen@harborview.example")
DOWNTOWN = fuzz_id(demo.DOWNTOWN)
TREATMENT = fuzz_id(demo.TREATMENT)
LILY = fuzz_id(demo.demo_id("patient/Lily Chen"))
LILY_CASE = fuzz_id(demo.demo_id("case/Lily Chen/Toe walking"))
DANA = fuzz_id(demo.demo_id("therapist/Dana Whitfield"))

# The clinic's real ids by the name parameters and body fields give them. Staff users leave the
# admin out: an admin who switches off their own account or permission ends the admin's fuzz.
REAL_IDS = {
    "clinic_id": [str(DATA.CLINIC_ID)],
    "location_id": _ids("LOCATIONS", "location_id"),
    "visit_type_id": _ids("VISIT_TYPES", "visit_type_id"),
    "therapist_id": _ids("THERAPISTS", "therapist_id"),
    "patient_id": _ids("PATIENTS", "patient_id"),
    "case_id": _ids("CASES", "case_id"),
    "portal_user_id": _ids("PORTAL_USERS", "portal_user_id"),
    "staff_user_id": [str(user["staff_user_id"]) for user in DATA.STAFF_USERS if user is not ADMIN],
}
REAL_IDS["primary_therapist_id"] = REAL_IDS["therapist_id"]
REAL_IDS["requestable_visit_type_id"] = REAL_IDS["visit_type_id"]
REAL_IDS["entity_id"] = list(dict.fromkeys(identifier for ids in REAL_IDS.values() for identifier in ids))
