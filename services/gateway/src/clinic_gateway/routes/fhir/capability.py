"""`GET /fhir/metadata`: what the facade offers. Open to anyone, signed in or not: FHIR clients
read it before signing in, and it names no patient, therapist or location."""

from fastapi import APIRouter

from clinic_gateway.routes.fhir.outcomes import FhirResponse
from clinic_gateway.routes.fhir.validation import FHIR_VERSION

router = APIRouter()

PUBLISHED = "2026-12-07"


def _resource(kind: str, interactions: tuple[str, ...], search: dict[str, str] | None = None, doc: str = "") -> dict:
    resource = {"type": kind, "interaction": [{"code": code} for code in interactions]}
    if search:
        resource["searchParam"] = [{"name": name, "type": kind_of} for name, kind_of in search.items()]
    return resource | ({"documentation": doc} if doc else {})


CAPABILITY_STATEMENT = {
    "resourceType": "CapabilityStatement",
    "status": "active",
    "date": PUBLISHED,
    "kind": "instance",
    "software": {"name": "Clinic Appointment Requests"},
    "implementation": {"description": "FHIR scheduling facade of the gateway"},
    "fhirVersion": FHIR_VERSION,
    "format": ["application/fhir+json"],
    "rest": [
        {
            "mode": "server",
            "documentation": "Sign in with POST /api/session and send its token as `Authorization: Bearer`.",
            "security": {"description": "Bearer token of a portal user, or of staff with the Scheduling permission."},
            "resource": [
                _resource("Patient", ("read",)),
                _resource("Practitioner", ("read",)),
                _resource("Location", ("read",)),
                _resource("Schedule", ("read", "search-type"), {"actor": "reference"}),
                _resource(
                    "Slot",
                    ("search-type",),
                    {"schedule": "reference", "service-type": "token", "start": "date", "status": "token"},
                    "Portal users: the free times they may request for their patients.",
                ),
                _resource(
                    "Appointment",
                    ("read", "search-type", "create"),
                    {"patient": "reference", "status": "token", "date": "date", "_count": "number"},
                    "Create with status `proposed` submits an appointment request (portal users).",
                ),
                _resource("AppointmentResponse", ("read", "search-type"), {"appointment": "reference"}),
            ],
        }
    ],
}


@router.get("/metadata", response_class=FhirResponse)
async def capability_statement() -> FhirResponse:
    return FhirResponse(CAPABILITY_STATEMENT)
