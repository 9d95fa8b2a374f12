"""A CSV set: one file per kind of entity, any of them, read as one import (docs/import.md).

Strict: the header must name exactly the file's columns (in any order), every row must have as
many cells, and each cell must read as its column's type. A UTF-8 byte order mark and CRLF line
ends are accepted, as spreadsheets write them; blank lines are skipped.
"""

import csv
import io
from collections.abc import Callable

from pydantic import ValidationError

from clinic_contracts.events import Authorization, AuthorizationLimit, CaseStatus
from clinic_settings.adapters.imports.opening_hours_text import parse_opening_hours
from clinic_settings.adapters.imports.values import iso_date
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.imports import (
    EntityKind,
    ImportRow,
    ReadRows,
    Reference,
    RowOrigin,
    RowReport,
    checked_external_id,
)

Cells = dict[str, str]
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def _boolean(cells: Cells, column: str) -> bool:
    value = cells[column].strip().lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise SettingsRuleBroken("invalid-boolean", f"{column} is {cells[column]!r}; write true or false.")


def _integer(cells: Cells, column: str) -> int:
    try:
        return int(cells[column].strip())
    except ValueError:
        raise SettingsRuleBroken("invalid-number", f"{column} is {cells[column]!r}, not a whole number.") from None


def _ids(cells: Cells, column: str) -> tuple[str, ...]:
    """External ids separated by `|`; none when the cell is empty."""
    return tuple(part.strip() for part in cells[column].split("|") if part.strip())


def _one(kind: EntityKind, cells: Cells, column: str) -> Reference:
    external_id = cells[column].strip()
    if not external_id:
        raise SettingsRuleBroken("reference-required", f"{column} must name a {kind.replace('-', ' ')}'s external id.")
    return Reference(kind, (external_id,))


def _location(cells: Cells) -> tuple[dict, dict]:
    fields = {
        "name": cells["name"],
        "time_zone": cells["time_zone"].strip(),
        "address": cells["address"],
        "operating_hours": parse_opening_hours(cells["opening_hours"]),
    }
    return fields, {}


def _visit_type(cells: Cells) -> tuple[dict, dict]:
    fields = {
        "name": cells["name"],
        "duration_minutes": _integer(cells, "duration_minutes"),
        "active": _boolean(cells, "active"),
    }
    return fields, {}


def _therapist(cells: Cells) -> tuple[dict, dict]:
    fields = {"name": cells["name"], "active": _boolean(cells, "active")}
    return fields, {"location_ids": Reference(EntityKind.LOCATION, _ids(cells, "locations"), many=True)}


def _patient(cells: Cells) -> tuple[dict, dict]:
    born = cells["date_of_birth"].strip()
    return {"name": cells["name"], "date_of_birth": iso_date(born, "date_of_birth") if born else None}, {}


def _authorization(cells: Cells) -> Authorization | None:
    """The case's insurance authorization from its optional columns; none when they are blank."""
    if not any(cells[column].strip() for column in AUTHORIZATION_COLUMNS):
        return None
    visits = _integer(cells, "authorized_visits")
    per_week = _integer(cells, "authorized_visits_per_week") if cells["authorized_visits_per_week"].strip() else None
    for column, number in (("authorized_visits", visits), ("authorized_visits_per_week", per_week)):
        if number is not None and not 1 <= number <= 1000:
            raise SettingsRuleBroken("invalid-number", f"{column} is {number}; write a number from 1 up.")
    limit = cells["authorization_limit"].strip().lower()
    if limit and limit not in set(AuthorizationLimit):
        raise SettingsRuleBroken(
            "unsupported-value", f"authorization_limit is {cells['authorization_limit']!r}; write warn, block or allow."
        )
    first_day = iso_date(cells["authorized_from"].strip(), "authorized_from")
    last_day = iso_date(cells["authorized_to"].strip(), "authorized_to")
    try:
        return Authorization(
            visits=visits,
            first_day=first_day,
            last_day=last_day,
            visits_per_week=per_week,
            limit=AuthorizationLimit(limit) if limit else None,
        )
    except ValidationError:
        # The only values left to refuse: days before 1900 or after 2999 (calendar_range).
        raise SettingsRuleBroken(
            "invalid-date", f"The authorization's days {first_day} to {last_day} are out of range."
        ) from None


def _patient_case(cells: Cells) -> tuple[dict, dict]:
    status = cells["status"].strip().lower()
    if status not in set(CaseStatus):
        raise SettingsRuleBroken("invalid-case-status", f"status is {cells['status']!r}; write active or discharged.")
    fields = {
        "title": cells["title"],
        "status": CaseStatus(status),
        "allow_appointment_requests": _boolean(cells, "allow_appointment_requests"),
    }
    # A file without the authorization columns leaves a case's authorization as it is.
    if all(column in cells for column in AUTHORIZATION_COLUMNS):
        fields["authorization"] = _authorization(cells)
    references = {
        "patient_id": _one(EntityKind.PATIENT, cells, "patient"),
        "primary_therapist_id": _one(EntityKind.THERAPIST, cells, "primary_therapist"),
        "location_id": _one(EntityKind.LOCATION, cells, "location"),
        "requestable_visit_type_ids": Reference(
            EntityKind.VISIT_TYPE, _ids(cells, "requestable_visit_types"), many=True
        ),
    }
    return fields, references


# The insurance authorization of a case: optional columns of patient_cases.csv, all or none.
AUTHORIZATION_COLUMNS = (
    "authorized_visits",
    "authorized_from",
    "authorized_to",
    "authorized_visits_per_week",
    "authorization_limit",
)
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"patient_cases.csv": AUTHORIZATION_COLUMNS}

# Each file: its kind, its columns, and how a row's cells become fields and references.
FILES: dict[str, tuple[EntityKind, tuple[str, ...], Callable[[Cells], tuple[dict, dict]]]] = {
    "locations.csv": (
        EntityKind.LOCATION,
        ("external_id", "name", "time_zone", "address", "opening_hours"),
        _location,
    ),
    "visit_types.csv": (EntityKind.VISIT_TYPE, ("external_id", "name", "duration_minutes", "active"), _visit_type),
    "therapists.csv": (EntityKind.THERAPIST, ("external_id", "name", "locations", "active"), _therapist),
    "patients.csv": (EntityKind.PATIENT, ("external_id", "name", "date_of_birth"), _patient),
    "patient_cases.csv": (
        EntityKind.PATIENT_CASE,
        (
            "external_id",
            "patient",
            "title",
            "primary_therapist",
            "location",
            "status",
            "allow_appointment_requests",
            "requestable_visit_types",
        ),
        _patient_case,
    ),
}


def read_csv_set(files: dict[str, str]) -> ReadRows:
    """The rows of every file, the files in dependency order; an unknown file name is refused."""
    read: ReadRows = []
    for name in files:
        if name not in FILES:
            known = ", ".join(FILES)
            problem = SettingsRuleBroken(
                "unknown-import-file", f"{name!r} is none of the files an import takes: {known}."
            )
            read.append(RowReport.refused(RowOrigin(name), problem))
    for name in sorted((name for name in files if name in FILES), key=lambda name: FILES[name][0].rank):
        read.extend(_read_file(name, files[name]))
    return read


def _read_file(name: str, text: str) -> ReadRows:
    kind, columns, cells_to_fields = FILES[name]
    # newline="" lets the csv module see CRLF, and line ends inside quoted cells, as they are.
    records = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        header = [column.strip() for column in next(records, [])]
        problem = _header_problem(header, columns, OPTIONAL_COLUMNS.get(name, ()))
        if problem:
            return [RowReport.refused(RowOrigin(name, 1), problem, kind)]
        read: ReadRows = []
        for number, record in enumerate(records, start=2):
            if any(cell.strip() for cell in record):
                read.append(_row(RowOrigin(name, number), kind, header, record, cells_to_fields))
    except csv.Error as error:
        problem = SettingsRuleBroken("invalid-csv", f"The file cannot be read as CSV: {error}.")
        return [RowReport.refused(RowOrigin(name, records.line_num), problem, kind)]
    return read


def _header_problem(
    header: list[str], columns: tuple[str, ...], optional: tuple[str, ...]
) -> SettingsRuleBroken | None:
    """The optional columns come all together or not at all."""
    given = [column for column in optional if column in header]
    missing = [column for column in columns if column not in header]
    if given:
        missing += [column for column in optional if column not in header]
    unknown = [column for column in header if column not in (*columns, *optional)]
    repeated = sorted({column for column in header if header.count(column) > 1})
    if not (missing or unknown or repeated):
        return None
    said = [
        *([f"missing {', '.join(missing)}"] if missing else []),
        *([f"unknown {', '.join(repr(c) for c in unknown)}"] if unknown else []),
        *([f"repeated {', '.join(repeated)}"] if repeated else []),
    ]
    also = f" (and, all or none, {', '.join(optional)})" if optional else ""
    return SettingsRuleBroken(
        "invalid-columns", f"The header must name the columns {', '.join(columns)}{also}: {'; '.join(said)}."
    )


def _row(
    origin: RowOrigin, kind: EntityKind, header: list[str], record: list[str], cells_to_fields
) -> ImportRow | RowReport:
    cells = dict(zip(header, record, strict=False))
    external_id = cells.get("external_id", "").strip() or None
    try:
        if len(record) != len(header):
            raise SettingsRuleBroken(
                "wrong-number-of-cells", f"The row has {len(record)} cells; the header has {len(header)}."
            )
        external_id = checked_external_id(cells["external_id"], kind)
        fields, references = cells_to_fields(cells)
    except SettingsRuleBroken as broken:
        return RowReport.refused(origin, broken, kind, external_id)
    return ImportRow(origin, kind, external_id, fields, references)
