"""Every resource the FHIR facade answers with is checked against the FHIR R4B models of
`fhir.resources` (R4B is R4 with corrections; the scheduling resources are the same in both)
before it leaves the gateway, so a mapping mistake fails loudly here, not in an EHR.

`fhir.resources` checks structure, cardinality and primitive formats but not required code
bindings nor the length of ids, so those few are checked here too.
"""

import re

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

FHIR_VERSION = "4.3.0"  # R4B
FHIR_MEDIA_TYPE = "application/fhir+json"

_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
# The required bindings of the codes this facade sets (FHIR R4/R4B value sets).
_REQUIRED_CODES = {
    ("Appointment", "status"): {
        "proposed",
        "pending",
        "booked",
        "arrived",
        "fulfilled",
        "cancelled",
        "noshow",
        "entered-in-error",
        "checked-in",
        "waitlist",
    },
    ("Slot", "status"): {"busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"},
    ("AppointmentResponse", "participantStatus"): {"accepted", "declined", "tentative", "needs-action"},
    ("Bundle", "type"): {"searchset"},
    ("OperationOutcome", "severity"): {"fatal", "error", "warning", "information"},
}
_PARTICIPANT_STATUS = {"accepted", "declined", "tentative", "needs-action"}


class NotValidFhir(Exception):
    """A resource the facade built that FHIR does not accept: a bug of ours, never the caller's."""


def validated(resource: dict) -> dict:
    """The resource, after checking it; raises NotValidFhir."""
    kind = resource.get("resourceType")
    try:
        get_fhir_model_class(kind).model_validate(resource)
    except (KeyError, ValueError, ValidationError) as error:
        raise NotValidFhir(f"{kind}: {error}") from error
    _check_codes(resource)
    for entry in resource.get("entry", ()):
        validated(entry["resource"])
    return resource


def _check_codes(resource: dict) -> None:
    kind = resource["resourceType"]
    if "id" in resource and not _ID.match(resource["id"]):
        raise NotValidFhir(f"{kind}: the id {resource['id']!r} is not a FHIR id")
    for (of_kind, field), allowed in _REQUIRED_CODES.items():
        if of_kind == kind and field in resource and resource[field] not in allowed:
            raise NotValidFhir(f"{kind}.{field}: {resource[field]!r} is not one of {sorted(allowed)}")
    for participant in resource.get("participant", ()) if kind == "Appointment" else ():
        if participant["status"] not in _PARTICIPANT_STATUS:
            raise NotValidFhir(f"Appointment.participant.status: {participant['status']!r}")
