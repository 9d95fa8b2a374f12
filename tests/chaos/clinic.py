"""The chaos suite's clinic: the demo clinic again under ids of its own (tests.demo_copy), and the
Downtown cases its load submits requests for (two share a therapist, so their times compete)."""

from dataclasses import dataclass
from uuid import UUID

from clinic_settings import demo_data as demo
from tests.demo_copy import DemoCopy

COPY = DemoCopy(UUID("6a1f0f52-4d1e-4b3a-8f5e-9c2d7e4b1a60"), "chaos")


@dataclass(frozen=True)
class PortalCase:
    email: str
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID


def _case(email: str, patient: str, title: str, visit_type: UUID) -> PortalCase:
    return PortalCase(
        email=COPY.email(email),
        patient_id=COPY.id(demo.demo_id(f"patient/{patient}")),
        case_id=COPY.id(demo.demo_id(f"case/{patient}/{title}")),
        visit_type_id=COPY.id(visit_type),
        location_id=COPY.id(demo.DOWNTOWN),
    )


CASES = [
    _case("wei.chen@harborview.example", "Lily Chen", "Toe walking", demo.TREATMENT),  # Dana
    _case("wei.chen@harborview.example", "Owen Chen", "Developmental delay", demo.EVALUATION),  # Priya
    _case("grace.okafor@harborview.example", "Grace Okafor", "Right knee ACL reconstruction", demo.TREATMENT),  # Marcus
    _case("henry.alvarez@harborview.example", "Henry Alvarez", "Low back pain", demo.TREATMENT),  # Dana
]
