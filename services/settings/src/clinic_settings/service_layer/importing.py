"""Importing a clinic's data from another system: every row in one transaction, all or nothing.

Each row goes through the same use cases as the admin API's (service_layer.entities), so an import keeps every settings rule and writes its events to the outbox in the same
transaction. A row whose external id was imported before changes that entity (a new revision only
if something differs); any other row creates one. Every row is tried, so the report names every
bad row; if any was refused, or for a dry run, the transaction is rolled back and nothing stays.

Rows are refused before anything of theirs is written (the use cases check first, then write), so
trying the rows after a refused one sees a consistent state.
"""

from uuid import UUID, uuid4

from clinic_settings.adapters.external_ids_repository import ExternalKey
from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.imports import (
    EntityKind,
    ImportReport,
    ImportRow,
    Outcome,
    ReadRows,
    RowOrigin,
    RowReport,
    duplicate_of,
)
from clinic_settings.domain.location import Location
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType
from clinic_settings.service_layer import entities
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork

ENTITY_OF: dict[EntityKind, type[SettingsEntity]] = {
    EntityKind.LOCATION: Location,
    EntityKind.VISIT_TYPE: VisitType,
    EntityKind.THERAPIST: Therapist,
    EntityKind.PATIENT: Patient,
    EntityKind.PATIENT_CASE: PatientCase,
}


class _RolledBack(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("import rolled back")
        self.report = report


async def import_rows(uow: SettingsUnitOfWork, clinic_id: UUID, rows: ReadRows, *, dry_run: bool) -> ImportReport:
    try:
        async with uow:
            report = await _import(uow, clinic_id, rows, dry_run=dry_run)
            if not report.applied:
                raise _RolledBack(report)
            return report
    except _RolledBack as rolled_back:
        return rolled_back.report


async def _import(uow: SettingsUnitOfWork, clinic_id: UUID, rows: ReadRows, *, dry_run: bool) -> ImportReport:
    """The report of every row, in the input's order; the rows are applied in dependency order."""
    # Locked: two imports into one clinic run one after the other, not interleaved.
    await uow.existing(uow.clinics, clinic_id, for_update=True)
    # The clinic's entities of every kind the rows are or name, read at once and locked, so the use
    # cases find them without a query each (and none changes under the import meanwhile).
    for kind in _kinds_involved(rows):
        await uow.of(ENTITY_OF[kind]).of_clinic(clinic_id, for_update=True)
    run = _ImportRun(uow, clinic_id, await uow.external_ids.of_clinic(clinic_id))
    for row in rows:
        if isinstance(row, RowReport) and row.outcome is Outcome.REFUSED and row.external_id:
            run.refused[row.kind, row.external_id] = row.origin
    to_apply = sorted(
        ((position, row) for position, row in enumerate(rows) if isinstance(row, ImportRow)),
        key=lambda numbered: numbered[1].kind.rank,
    )
    reports = {position: await run.apply(row) for position, row in to_apply}
    await uow.external_ids.add_all(clinic_id, run.created)
    return ImportReport(dry_run, [reports.get(position, row) for position, row in enumerate(rows)])


def _kinds_involved(rows: ReadRows) -> list[EntityKind]:
    kinds = {row.kind for row in rows if isinstance(row, ImportRow)}
    kinds |= {ref.kind for row in rows if isinstance(row, ImportRow) for ref in row.references.values()}
    return sorted(kinds, key=lambda kind: kind.rank)


class _ImportRun:
    def __init__(self, uow: SettingsUnitOfWork, clinic_id: UUID, known: dict[ExternalKey, UUID]) -> None:
        self.uow = uow
        self.clinic_id = clinic_id
        self.known = known
        self.created: dict[ExternalKey, UUID] = {}
        self.seen: dict[ExternalKey, ImportRow] = {}
        # Where each refused row is, so a row that refers to it says why it cannot be applied either.
        self.refused: dict[ExternalKey, RowOrigin] = {}

    async def apply(self, row: ImportRow) -> RowReport:
        key = (row.kind, row.external_id)
        try:
            if key in self.seen:
                raise duplicate_of(self.seen[key], row)
            self.seen[key] = row
            fields = {**row.fields, **{name: self._resolved(ref) for name, ref in row.references.items()}}
            entity_id = self.known.get(key)
            if entity_id is None:
                entity, outcome = await self._create(row.kind, fields), Outcome.CREATED
                self.known[key] = self.created[key] = entity.entity_id
            else:
                entity, outcome = await self._change(row.kind, entity_id, fields)
        except SettingsRuleBroken as broken:
            self.refused.setdefault(key, row.origin)
            return RowReport.refused(row.origin, broken, row.kind, row.external_id, row.ignored)
        return RowReport(row.origin, row.kind, row.external_id, outcome, entity.entity_id, ignored=row.ignored)

    def _resolved(self, reference) -> UUID | tuple[UUID, ...]:
        ids = tuple(self._entity_id(reference.kind, external_id) for external_id in reference.external_ids)
        return ids if reference.many else ids[0]

    def _entity_id(self, kind: EntityKind, external_id: str) -> UUID:
        what = kind.replace("-", " ")
        if (kind, external_id) in self.refused:
            raise SettingsRuleBroken(
                "reference-refused",
                f"The {what} {external_id!r} ({self.refused[kind, external_id]}) was refused.",
            )
        if (kind, external_id) not in self.known:
            raise SettingsRuleBroken(
                "unknown-reference", f"No {what} has the external id {external_id!r}, in this import or an earlier one."
            )
        return self.known[kind, external_id]

    async def _create(self, kind: EntityKind, fields: dict) -> SettingsEntity:
        entity_type = ENTITY_OF[kind]
        entity = entity_type(**{entity_type.id_field: uuid4()}, clinic_id=self.clinic_id, **fields)
        return await entities.add(self.uow, entity)

    async def _change(self, kind: EntityKind, entity_id: UUID, fields: dict) -> tuple[SettingsEntity, Outcome]:
        entity_type = ENTITY_OF[kind]
        before = await self.uow.existing(self.uow.of(entity_type), entity_id, for_update=True)
        if kind is EntityKind.PATIENT_CASE and fields["patient_id"] != before.patient_id:
            # The admin API cannot move a case to another patient either: it is that patient's history.
            raise SettingsRuleBroken(
                "case-of-another-patient", "A case stays with its patient; open a new case for the other patient."
            )
        after = await entities.change(self.uow, entity_type, entity_id, **fields)
        return after, Outcome.UNCHANGED if after.revision == before.revision else Outcome.CHANGED
