"""Importing a clinic's data from another system (docs/import.md): a CSV set or a FHIR Bundle,
all rows in one transaction, with a dry run that applies nothing and reports the same."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator

from clinic_settings.adapters.imports.csv_set import read_csv_set
from clinic_settings.adapters.imports.fhir_bundle import read_fhir_bundle
from clinic_settings.domain.imports import EntityKind, ImportReport, Outcome, RowReport
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer.importing import import_rows
from servicekit.problems import Problem

router = APIRouter(tags=["imports"])
# The one route that takes a large body (bootstrap gives it MAX_IMPORT_BODY_BYTES).
IMPORTS = "/clinics/{clinic_id}/imports"


class ImportDocument(RequestBody):
    """Either CSV files by name (`locations.csv`, `visit_types.csv`, `therapists.csv`,
    `patients.csv`, `patient_cases.csv`; any of them) or one FHIR R4 Bundle."""

    csv: dict[str, str] | None = Field(default=None, description="file name -> the file's text")
    fhir: dict | None = Field(default=None, description="a FHIR R4 Bundle resource")

    @model_validator(mode="after")
    def _one_format(self) -> "ImportDocument":
        if (self.csv is None) == (self.fhir is None):
            raise ValueError("give either csv or fhir")
        return self


class ImportedRow(BaseModel):
    file: str
    row: int | None = Field(description="the CSV row (the header is row 1), or the index of Bundle.entry")
    kind: EntityKind | None
    external_id: str | None
    outcome: Outcome
    entity_id: UUID | None = None
    code: str | None = None
    message: str | None = None
    ignored: list[str] = Field(default=[], description="FHIR elements and extensions the import did not keep")

    @classmethod
    def of(cls, report: RowReport) -> "ImportedRow":
        fields = {name: getattr(report, name) for name in cls.model_fields if hasattr(report, name)}
        return cls(**fields, file=report.origin.file, row=report.origin.row)


class ImportReportDocument(BaseModel):
    dry_run: bool
    applied: bool
    counts: dict[Outcome, int]
    rows: list[ImportedRow]


def report_document(report: ImportReport) -> ImportReportDocument:
    rows = [ImportedRow.of(row) for row in report.rows]
    return ImportReportDocument(dry_run=report.dry_run, applied=report.applied, counts=report.counts(), rows=rows)


@router.post(IMPORTS)
async def import_clinic_data(
    clinic_id: UUID, body: ImportDocument, uow: UnitOfWork, dry_run: bool = False
) -> ImportReportDocument:
    """Every row is reported: created, changed, unchanged, refused (with its code) or ignored. One
    refused row refuses the whole import (a 422 `import-refused` carrying the same report); a dry
    run applies nothing either way."""
    rows = read_csv_set(body.csv) if body.csv is not None else read_fhir_bundle(body.fhir)
    report = await import_rows(uow, clinic_id, rows, dry_run=dry_run)
    document = report_document(report)
    if report.refused:
        refused = document.counts[Outcome.REFUSED]
        raise Problem(
            422,
            "import-refused",
            "The import was refused",
            f"{refused} of {len(document.rows)} rows were refused; nothing was imported.",
            **document.model_dump(mode="json"),
        )
    return document
