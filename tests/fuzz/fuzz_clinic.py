"""The clinic the fuzz runs in: the demo clinic again, under other ids and emails.

What the fuzzer's admin, scheduler and caregiver change (hours, users, permissions, requests) they
change here, so the demo clinic the other suites share stays as they expect it. Every id is the
demo's id mapped one to one, so an id from the demo (in the OpenAPI document's examples) is mapped
to the same thing in this clinic.
"""

from types import SimpleNamespace
from uuid import UUID, uuid5

from clinic_settings import demo_data as demo

_NAMESPACE = UUID("0f6d1c3e-8a5b-4c47-9e0f-2b7a4d9c5e31")
_DEMO_DOMAIN = "@" + demo.EMAIL_DOMAIN
_FUZZ_DOMAIN = "@fuzz." + demo.EMAIL_DOMAIN


def fuzz_id(demo_id: UUID) -> UUID:
    return uuid5(_NAMESPACE, str(demo_id))


def _demo_ids(value, found: set[UUID]) -> set[UUID]:
    if isinstance(value, UUID):
        found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _demo_ids(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _demo_ids(item, found)
    return found


def _moved(value):
    """The demo's value with every id and email moved to the fuzz clinic's."""
    if isinstance(value, UUID):
        return fuzz_id(value)
    if isinstance(value, str):
        return value.replace(_DEMO_DOMAIN, _FUZZ_DOMAIN)
    if isinstance(value, dict):
        return {key: _moved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item) for item in value]
    return value


_TABLES = ("LOCATIONS", "VISIT_TYPES", "THERAPISTS", "PATIENTS", "CASES", "PORTAL_USERS", "STAFF_USERS")

# What clinic_settings.demo.DemoLoader loads, for this clinic.
DATA = SimpleNamespace(
    CLINIC_ID=fuzz_id(demo.CLINIC_ID),
    CLINIC={**_moved(demo.CLINIC), "name": "Harborview Physical Therapy (fuzz)"},
    DEMO_PASSWORD=demo.DEMO_PASSWORD,
    **{table: _moved(getattr(demo, table)) for table in _TABLES},
)

# Every demo id as text, and the fuzz clinic's id for the same thing.
FROM_DEMO = {
    str(demo_id): str(fuzz_id(demo_id))
    for demo_id in _demo_ids([demo.CLINIC_ID, *(getattr(demo, table) for table in _TABLES)], set())
}


def email(demo_email: str) -> str:
    return demo_email.replace(_DEMO_DOMAIN, _FUZZ_DOMAIN)


def _ids(table: str, field: str) -> list[str]:
    return [str(row[field]) for row in getattr(DATA, table)]


def _user(table: str, demo_email: str) -> dict:
    return next(user for user in getattr(DATA, table) if user["email"] == email(demo_email))


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
