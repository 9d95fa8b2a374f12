"""The demo clinic: two locations in two time zones, five therapists, twenty patients.

Every id is derived from a fixed name, so loading the data again finds what it made before.
"""

from datetime import date, time
from uuid import UUID, uuid5

from clinic_contracts.events import Closure, OpeningInterval

# A documented demo value, not a secret: every demo account signs in with it.
DEMO_PASSWORD = "harborview-demo-2026"

_NAMESPACE = UUID("5b0d7a52-3c0e-4f5e-9d1c-6f1f7c8e2a10")


def demo_id(name: str) -> UUID:
    return uuid5(_NAMESPACE, name)


CLINIC_ID = demo_id("clinic")
CLINIC = {"clinic_id": CLINIC_ID, "name": "Harborview Physical Therapy", "time_zone": "America/New_York"}


def _week(days: range, *intervals: tuple[str, str]) -> list[OpeningInterval]:
    return [
        OpeningInterval(weekday=day, start=time.fromisoformat(start), end=time.fromisoformat(end))
        for day in days
        for start, end in intervals
    ]


HOLIDAYS = [
    Closure(first_day=date(2026, 12, 24), last_day=date(2026, 12, 25), reason="Christmas"),
    Closure(first_day=date(2027, 1, 1), last_day=date(2027, 1, 1), reason="New Year's Day"),
]

DOWNTOWN = demo_id("location/downtown")
PASADENA = demo_id("location/pasadena")
LOCATIONS = [
    {
        "location_id": DOWNTOWN,
        "name": "Harborview Downtown",
        "time_zone": "America/New_York",
        "address": "120 Harbor Street, Boston, MA 02110",
        "allow_appointment_requests": True,
        # Lunch from 12:00 to 13:00 on weekdays, and a short Saturday morning.
        "operating_hours": [
            *_week(range(0, 5), ("08:00", "12:00"), ("13:00", "17:00")),
            *_week(range(5, 6), ("09:00", "12:00")),
        ],
        "closures": HOLIDAYS,
    },
    {
        "location_id": PASADENA,
        "name": "Harborview Pasadena",
        "time_zone": "America/Los_Angeles",
        "address": "455 Colorado Boulevard, Pasadena, CA 91101",
        "allow_appointment_requests": True,
        "operating_hours": [
            *_week(range(0, 4), ("09:00", "12:30"), ("13:30", "18:00")),
            *_week(range(4, 5), ("09:00", "13:00")),
        ],
        "closures": [*HOLIDAYS, Closure(first_day=date(2027, 2, 15), last_day=date(2027, 2, 19), reason="Renovation")],
    },
]

EVALUATION = demo_id("visit-type/evaluation")
TREATMENT = demo_id("visit-type/treatment")
RE_EVALUATION = demo_id("visit-type/re-evaluation")
AQUATIC = demo_id("visit-type/aquatic")
VISIT_TYPES = [
    {"visit_type_id": EVALUATION, "name": "Evaluation", "duration_minutes": 60},
    {"visit_type_id": TREATMENT, "name": "Treatment", "duration_minutes": 45},
    {"visit_type_id": RE_EVALUATION, "name": "Re-evaluation", "duration_minutes": 30},
    {"visit_type_id": AQUATIC, "name": "Aquatic therapy", "duration_minutes": 45, "active": False},
]

THERAPIST_LOCATIONS = {
    "Dana Whitfield": [DOWNTOWN],
    "Marcus Oyelaran": [DOWNTOWN],
    "Priya Raman": [DOWNTOWN, PASADENA],
    "Elena Sorensen": [PASADENA],
    "Tomás Herrera": [PASADENA],
}
THERAPISTS = [
    {"therapist_id": demo_id(f"therapist/{name}"), "name": name, "location_ids": location_ids}
    for name, location_ids in THERAPIST_LOCATIONS.items()
]
_THERAPIST = {name: demo_id(f"therapist/{name}") for name in THERAPIST_LOCATIONS}

PATIENT_NAMES = [
    "Lily Chen", "Owen Chen", "Grace Okafor", "Henry Alvarez", "Maya Goldberg",
    "Samuel Park", "Ava Thompson", "Noah Patel", "Chloe Martin", "Ethan Brooks",
    "Zoe Williams", "Lucas Silva", "Isla Murphy", "Leo Novak", "Mia Rossi",
    "Jack Kowalski", "Ruby Nguyen", "Felix Andersson", "Nora Haddad", "Theo Walsh",
]  # fmt: skip
PATIENTS = [{"patient_id": demo_id(f"patient/{name}"), "name": name} for name in PATIENT_NAMES]
_PATIENT = {name: demo_id(f"patient/{name}") for name in PATIENT_NAMES}

_FOLLOW_UP = [TREATMENT, RE_EVALUATION]
_NEW = [EVALUATION, TREATMENT]


def _case(
    patient: str, title: str, therapist: str, location: UUID, visit_types=_FOLLOW_UP, allow=True, discharged=False
) -> dict:
    return {
        "case_id": demo_id(f"case/{patient}/{title}"),
        "patient_id": _PATIENT[patient],
        "title": title,
        "primary_therapist_id": _THERAPIST[therapist],
        "location_id": location,
        "allow_appointment_requests": allow,
        "requestable_visit_type_ids": list(visit_types),
        "discharged": discharged,
    }


CASES = [
    _case("Lily Chen", "Toe walking", "Dana Whitfield", DOWNTOWN),
    _case("Owen Chen", "Developmental delay", "Priya Raman", DOWNTOWN, _NEW),
    _case("Grace Okafor", "Right knee ACL reconstruction", "Marcus Oyelaran", DOWNTOWN),
    _case("Henry Alvarez", "Low back pain", "Dana Whitfield", DOWNTOWN, _NEW),
    _case("Henry Alvarez", "Left shoulder impingement 2025", "Dana Whitfield", DOWNTOWN, discharged=True),
    _case("Maya Goldberg", "Post-partum pelvic floor", "Priya Raman", DOWNTOWN),
    _case("Samuel Park", "Ankle sprain", "Marcus Oyelaran", DOWNTOWN, allow=False),
    _case("Ava Thompson", "Concussion recovery", "Dana Whitfield", DOWNTOWN, [TREATMENT]),
    _case("Noah Patel", "Hip replacement rehab", "Marcus Oyelaran", DOWNTOWN, discharged=True),
    _case("Chloe Martin", "Tennis elbow", "Priya Raman", DOWNTOWN),
    _case("Ethan Brooks", "Neck pain", "Elena Sorensen", PASADENA, _NEW),
    _case("Zoe Williams", "Scoliosis", "Tomás Herrera", PASADENA),
    _case("Lucas Silva", "Rotator cuff repair", "Elena Sorensen", PASADENA),
    _case("Isla Murphy", "Plantar fasciitis", "Tomás Herrera", PASADENA, allow=False),
    _case("Leo Novak", "Running injury", "Priya Raman", PASADENA, [EVALUATION, TREATMENT, RE_EVALUATION]),
    _case("Mia Rossi", "Vestibular rehab", "Elena Sorensen", PASADENA),
    _case("Jack Kowalski", "Knee osteoarthritis", "Tomás Herrera", PASADENA, discharged=True),
    _case("Jack Kowalski", "Knee osteoarthritis, second course", "Tomás Herrera", PASADENA),
    _case("Ruby Nguyen", "Carpal tunnel", "Elena Sorensen", PASADENA, allow=False),
    _case("Felix Andersson", "Achilles tendinopathy", "Priya Raman", PASADENA),
    _case("Nora Haddad", "Chronic back pain", "Tomás Herrera", PASADENA),
    _case("Theo Walsh", "Post-fracture wrist", "Dana Whitfield", DOWNTOWN),
]

EMAIL_DOMAIN = "harborview.example"


def _portal_user(name: str, email: str, role: str, patients: list[str]) -> dict:
    return {
        "portal_user_id": demo_id(f"portal-user/{email}"),
        "name": name,
        "email": f"{email}@{EMAIL_DOMAIN}",
        "password": DEMO_PASSWORD,
        "role": role,
        "patient_ids": [_PATIENT[patient] for patient in patients],
    }


PORTAL_USERS = [
    _portal_user("Wei Chen", "wei.chen", "caregiver", ["Lily Chen", "Owen Chen"]),
    _portal_user("Grace Okafor", "grace.okafor", "patient", ["Grace Okafor"]),
    _portal_user("Henry Alvarez", "henry.alvarez", "patient", ["Henry Alvarez"]),
    _portal_user("Lucas Silva", "lucas.silva", "patient", ["Lucas Silva"]),
    _portal_user("Ruby Nguyen", "ruby.nguyen", "patient", ["Ruby Nguyen"]),
]


def _staff_user(name: str, email: str, permissions: list[str], location_ids: list[UUID] | None) -> dict:
    return {
        "staff_user_id": demo_id(f"staff-user/{email}"),
        "name": name,
        "email": f"{email}@{EMAIL_DOMAIN}",
        "password": DEMO_PASSWORD,
        "permissions": permissions,
        "all_locations": location_ids is None,
        "location_ids": location_ids or [],
    }


STAFF_USERS = [
    _staff_user("Avery Brennan", "admin", ["admin"], None),
    _staff_user("Sam Delgado", "scheduler.downtown", ["scheduling"], [DOWNTOWN]),
    _staff_user("Jordan Lee", "scheduler.pasadena", ["scheduling"], [PASADENA]),
]
