"""A clinic's data brought over from another system, as rows matched by that system's ids.

The formats (CSV files, a FHIR Bundle) are read into `ImportRow`s; the import applies them in
dependency order through the same use cases as the admin API, and answers with one `RowReport`
per row. An external id names an entity of one kind in one clinic: a patient "17" and a location
"17" are two things.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

from clinic_settings.domain.errors import SettingsRuleBroken

LONGEST_EXTERNAL_ID = 200


class EntityKind(StrEnum):
    """What an import can bring, in the order it is applied: each kind refers only to earlier ones."""

    LOCATION = "location"
    VISIT_TYPE = "visit-type"
    THERAPIST = "therapist"
    PATIENT = "patient"
    PATIENT_CASE = "patient-case"

    @property
    def rank(self) -> int:
        return list(EntityKind).index(self)


class Outcome(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    # A part of the input that is no entity this service keeps (a FHIR resource of another type).
    IGNORED = "ignored"


@dataclass(frozen=True)
class RowOrigin:
    """Where a row came from: a CSV file and its spreadsheet row (the header is row 1), or the
    bundle and the entry's index (`Bundle.entry[row]`). No row: the file as a whole."""

    file: str
    row: int | None = None

    def __str__(self) -> str:
        return self.file if self.row is None else f"{self.file} row {self.row}"


@dataclass(frozen=True)
class Reference:
    """A field that names other imported entities by their external ids."""

    kind: EntityKind
    external_ids: tuple[str, ...]
    many: bool = False


@dataclass(frozen=True)
class ImportRow:
    """One entity as the other system has it. `fields` are the entity's own fields (as the domain
    entity names them); `references` the fields that still name other entities by external id."""

    origin: RowOrigin
    kind: EntityKind
    external_id: str
    fields: dict[str, Any]
    references: dict[str, Reference] = field(default_factory=dict)
    # What the input carried that the import does not keep (FHIR elements), so none goes unsaid.
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowReport:
    origin: RowOrigin
    kind: EntityKind | None
    external_id: str | None
    outcome: Outcome
    entity_id: UUID | None = None
    code: str | None = None
    message: str | None = None
    ignored: tuple[str, ...] = ()

    @classmethod
    def refused(
        cls,
        origin: RowOrigin,
        broken: SettingsRuleBroken,
        kind: EntityKind | None = None,
        external_id: str | None = None,
        ignored: tuple[str, ...] = (),
    ) -> "RowReport":
        return cls(
            origin, kind, external_id, Outcome.REFUSED, code=broken.code, message=broken.message, ignored=ignored
        )


# What a format reader gives: the rows to apply and, in their place, rows it already refused or
# ignored, all in the order of the input.
ReadRows = list[ImportRow | RowReport]


def checked_external_id(value: str, kind: EntityKind) -> str:
    external_id = value.strip()
    if not external_id:
        raise SettingsRuleBroken("external-id-required", f"Each {kind.replace('-', ' ')} needs an external_id.")
    if len(external_id) > LONGEST_EXTERNAL_ID:
        raise SettingsRuleBroken(
            "external-id-too-long", f"An external id has at most {LONGEST_EXTERNAL_ID} characters."
        )
    return external_id


def duplicate_of(first: ImportRow, again: ImportRow) -> SettingsRuleBroken:
    return SettingsRuleBroken(
        "duplicate-external-id",
        f"The {again.kind.replace('-', ' ')} {again.external_id!r} is also in {first.origin}.",
    )


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowReport]

    @property
    def refused(self) -> bool:
        return any(row.outcome is Outcome.REFUSED for row in self.rows)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.refused

    def counts(self) -> dict[str, int]:
        return {outcome.value: sum(row.outcome is outcome for row in self.rows) for outcome in Outcome}
