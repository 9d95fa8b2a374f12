"""Importing the admin's clinic's data from another system: a CSV set or a FHIR R4 Bundle, passed
to the settings service, which applies every row in one transaction or none (docs/import.md)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from clinic_gateway.clients.transport import relay
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, Example, problems

# The one gateway route that takes a large body (the app gives it MAX_IMPORT_BODY_BYTES).
IMPORTS = "/api/admin/imports"

_REFUSED_ROW = {
    "file": "patients.csv",
    "row": 3,
    "kind": "patient",
    "external_id": "P-1002",
    "outcome": "refused",
    "entity_id": None,
    "code": "invalid-date",
    "message": "The date_of_birth '2015-02-30' is not a date written YYYY-MM-DD.",
    "ignored": [],
}
IMPORT_REFUSED = Example.of(
    "import-refused",
    "1 of 2 rows were refused; nothing was imported.",
    dry_run=False,
    applied=False,
    counts={"created": 1, "changed": 0, "unchanged": 0, "refused": 1, "ignored": 0},
    rows=[
        {**_REFUSED_ROW, "row": 2, "external_id": "P-1001", "outcome": "created", "code": None, "message": None},
        _REFUSED_ROW,
    ],
)
TOO_LARGE = Example.of("request-too-large", "Send at most 16777216 bytes.")
router = APIRouter(
    tags=["admin"],
    responses=problems(*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND, IMPORT_REFUSED, TOO_LARGE),
)


class ImportBody(BaseModel):
    """Either CSV files by name (`locations.csv`, `visit_types.csv`, `therapists.csv`,
    `patients.csv`, `patient_cases.csv`; any of them) or one FHIR R4 Bundle, not both."""

    model_config = ConfigDict(extra="forbid")

    csv: dict[str, str] | None = Field(default=None, description="file name -> the file's text")
    fhir: dict | None = Field(default=None, description="a FHIR R4 Bundle resource")


class ImportedRow(BaseModel):
    file: str
    row: int | None = Field(description="the CSV row (the header is row 1), or the index of Bundle.entry")
    kind: str | None = Field(description="location, visit-type, therapist, patient or patient-case")
    external_id: str | None
    outcome: str = Field(description="created, changed, unchanged, refused or ignored")
    entity_id: UUID | None = None
    code: str | None = None
    message: str | None = None
    ignored: list[str] = Field(default=[], description="FHIR elements and extensions the import did not keep")


class ImportReport(BaseModel):
    dry_run: bool
    applied: bool
    counts: dict[str, int]
    rows: list[ImportedRow]


_CSV = {
    "locations.csv": "external_id,name,time_zone,address,opening_hours\r\n"
    'L-1,Harborview Downtown,America/New_York,120 Harbor St,"Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"\r\n',
    "visit_types.csv": "external_id,name,duration_minutes,active\r\nV-1,Evaluation,60,true\r\n",
    "therapists.csv": "external_id,name,locations,active\r\nT-1,Dana Whitfield,L-1,true\r\n",
    "patients.csv": "external_id,name,date_of_birth\r\nP-1001,Lily Chen,2018-04-03\r\n",
    "patient_cases.csv": "external_id,patient,title,primary_therapist,location,status,"
    "allow_appointment_requests,requestable_visit_types\r\nC-1,P-1001,Toe walking,T-1,L-1,active,true,V-1\r\n",
}
_BUNDLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:8a3c1f52-0d7e-4b8a-9f43-2b1c5d6e7f80",
            "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": "urn:oid:1.2.3.4", "value": "P-1001"}],
                "name": [{"given": ["Lily"], "family": "Chen"}],
                "birthDate": "2018-04-03",
            },
        }
    ],
}
IMPORT_EXAMPLES = {
    "csv": {"summary": "A CSV set (any of the five files)", "value": {"csv": _CSV}},
    "fhir": {"summary": "A FHIR R4 Bundle", "value": {"fhir": _BUNDLE}},
}


@router.post(IMPORTS, response_model=ImportReport)
async def import_clinic_data(
    body: Annotated[ImportBody, Body(openapi_examples=IMPORT_EXAMPLES)],
    request: Request,
    admin: Admin,
    gateway: ServicesDep,
    dry_run: bool = False,
) -> Response:
    """Import locations, visit types, therapists, patients and patient cases, matched by the other
    system's ids: a second import of the same rows changes nothing, a changed row changes its
    entity. Every row is reported; one refused row refuses the whole import (`import-refused`,
    with the report), and a dry run (`?dry_run=true`) applies nothing and reports the same."""
    answer = await gateway.settings.send(
        "POST",
        f"/clinics/{admin.clinic_id}/imports",
        params={"dry_run": str(dry_run).lower()},
        json=body.model_dump(exclude_none=True),
        timeout=request.app.state.import_timeout_seconds,
    )
    return relay(answer)
