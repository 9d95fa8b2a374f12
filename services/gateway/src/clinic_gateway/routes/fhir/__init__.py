"""A FHIR R4 (validated as R4B) scheduling facade over the same services and access rules as the
portal and scheduler APIs: `/fhir/...`, answering `application/fhir+json`."""

from fastapi import APIRouter

from clinic_gateway.routes.fhir import appointments, capability, directory, scheduling
from clinic_gateway.routes.fhir.outcomes import FHIR_PREFIX, install_outcomes

router = APIRouter(prefix=FHIR_PREFIX, tags=["fhir"])
for part in (capability.router, directory.router, scheduling.router, appointments.router):
    router.include_router(part)

__all__ = ["install_outcomes", "router"]
