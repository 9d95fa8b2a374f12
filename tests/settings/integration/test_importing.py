"""Importing a clinic's data (service_layer.importing) on SQLite and PostgreSQL: one transaction,
matched by external ids, every row reported, a dry run that leaves nothing behind."""

from uuid import UUID, uuid4

import pytest

from clinic_settings.adapters.imports.csv_set import read_csv_set
from clinic_settings.adapters.imports.fhir_bundle import read_fhir_bundle
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.imports import ImportReport, Outcome
from clinic_settings.domain.location import Location
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType
from clinic_settings.service_layer import entities as use_cases
from clinic_settings.service_layer.importing import import_rows
from clinic_settings.service_layer.unit_of_work import unit_of_work
from servicekit.runtime import ServiceRuntime
from tests.settings.import_files import csv_set, exported_clinic, fhir_bundle
from tests.settings.integration.conftest import staged_events

KINDS = {
    "locations": Location,
    "visit_types": VisitType,
    "therapists": Therapist,
    "patients": Patient,
    "patient_cases": PatientCase,
}


async def new_clinic(runtime: ServiceRuntime) -> UUID:
    clinic = Clinic(clinic_id=uuid4(), name="Harborview", time_zone="America/New_York")
    return (await use_cases.add(unit_of_work(runtime), clinic)).clinic_id


async def import_csv(runtime: ServiceRuntime, clinic_id: UUID, files: dict, *, dry_run: bool = False) -> ImportReport:
    return await import_rows(unit_of_work(runtime), clinic_id, read_csv_set(files), dry_run=dry_run)


async def everything(runtime: ServiceRuntime, clinic_id: UUID) -> dict[str, list]:
    return {kind: await use_cases.of_clinic(unit_of_work(runtime), KINDS[kind], clinic_id) for kind in KINDS}


def outcomes(report: ImportReport) -> list[tuple]:
    return [(row.origin.file, row.origin.row, row.outcome, row.code) for row in report.rows]


def without_ids(state: dict[str, list]) -> dict[str, list]:
    """What two clinics imported from the same data share: everything but the generated ids."""
    names = {entity.entity_id: getattr(entity, "name", None) for entities in state.values() for entity in entities}
    described = {}
    for kind, entities in state.items():
        described[kind] = sorted(
            tuple(
                sorted(
                    (
                        field,
                        names.get(value, value)
                        if isinstance(value, UUID)
                        else tuple(sorted(names.get(v, v) for v in value))
                        if isinstance(value, tuple) and value and isinstance(value[0], UUID)
                        else value,
                    )
                    for field, value in vars(entity).items()
                    if field not in ("clinic_id", entity.id_field)
                )
            )
            for entity in entities
        )
    return described


async def test_a_csv_set_imports_every_kind_in_dependency_order(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    exported = exported_clinic(patients=6)
    # Given in reverse: the cases first; they are applied last, after what they refer to.
    files = dict(reversed(csv_set(exported).items()))
    report = await import_csv(runtime, clinic_id, files)

    assert report.applied and not report.refused
    assert report.counts()["created"] == 2 + 3 + 3 + 6 + 6
    assert [row.origin.file for row in report.rows][0] == "locations.csv", "reported in dependency order"
    imported = await everything(runtime, clinic_id)
    downtown = next(location for location in imported["locations"] if location.name == "Harborview Downtown")
    assert downtown.time_zone == "America/New_York" and downtown.address == "120 Harbor St"
    assert [(i.weekday, f"{i.start:%H:%M}", f"{i.end:%H:%M}") for i in downtown.operating_hours][:3] == [
        (0, "08:00", "12:00"),
        (0, "13:00", "17:00"),
        (1, "08:00", "12:00"),
    ]
    assert len(downtown.operating_hours) == 5 * 2 + 1
    priya = next(therapist for therapist in imported["therapists"] if therapist.name == "Priya Raman")
    assert len(priya.location_ids) == 2
    assert sorted(v.active for v in imported["visit_types"]) == [False, True, True]
    cases = imported["patient_cases"]
    assert {case.status.value for case in cases} == {"active", "discharged"}
    first = next(case for case in cases if case.patient_id == imported["patients"][0].patient_id)
    assert len(first.requestable_visit_type_ids) == 2 and first.allow_appointment_requests
    assert all(case.revision == 1 for case in cases)
    assert await staged_events(runtime) == 1 + report.counts()["created"]


async def test_the_same_set_again_changes_nothing_and_publishes_nothing(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    files = csv_set(exported_clinic(patients=5))
    await import_csv(runtime, clinic_id, files)
    before, events = await everything(runtime, clinic_id), await staged_events(runtime)

    again = await import_csv(runtime, clinic_id, files)

    assert again.applied and {row.outcome for row in again.rows} == {Outcome.UNCHANGED}
    assert await everything(runtime, clinic_id) == before
    assert await staged_events(runtime) == events


async def test_a_changed_row_changes_its_entity_by_one_revision(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    exported = exported_clinic(patients=3)
    first = await import_csv(runtime, clinic_id, csv_set(exported))
    events = await staged_events(runtime)
    exported.patients[1]["name"] = "Patient Renamed"
    exported.cases[0]["visit_types"] = ["V-TREAT"]
    exported.therapists[0]["locations"] = ["L-NY", "L-LA"]

    second = await import_csv(runtime, clinic_id, csv_set(exported))

    changed = {(row.origin.file, row.external_id) for row in second.rows if row.outcome is Outcome.CHANGED}
    assert changed == {("patients.csv", "P-00002"), ("patient_cases.csv", "C-00001"), ("therapists.csv", "T-DANA")}
    assert await staged_events(runtime) == events + 3
    ids = {row.external_id: row.entity_id for row in first.rows}
    assert {row.external_id: row.entity_id for row in second.rows} == ids, "the same entities, not new ones"
    patient = await use_cases.one(unit_of_work(runtime), Patient, ids["P-00002"])
    assert (patient.name, patient.revision) == ("Patient Renamed", 2)
    case = await use_cases.one(unit_of_work(runtime), PatientCase, ids["C-00001"])
    assert len(case.requestable_visit_type_ids) == 1 and case.revision == 2


async def test_a_set_with_bad_rows_is_refused_whole_naming_every_bad_row(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    files = csv_set(exported_clinic(patients=3))
    files["patients.csv"] += "P-BAD,Dora Marsh,2015-02-30\r\n"
    files["locations.csv"] += "L-MARS,Olympus,Mars/Olympus_Mons,,\r\n"
    files["patient_cases.csv"] += "C-X,P-00001,Hip,T-NOBODY,L-NY,active,false,\r\n"
    events = await staged_events(runtime)

    report = await import_csv(runtime, clinic_id, files)

    assert not report.applied
    refused = [entry for entry in outcomes(report) if entry[2] is Outcome.REFUSED]
    assert refused == [
        ("locations.csv", 4, Outcome.REFUSED, "unknown-time-zone"),
        ("patients.csv", 5, Outcome.REFUSED, "invalid-date"),
        ("patient_cases.csv", 5, Outcome.REFUSED, "unknown-reference"),
    ]
    case_row = next(row for row in report.rows if row.external_id == "C-X")
    assert "T-NOBODY" in case_row.message
    # The good rows say what they would have been, and none of them stayed.
    assert report.counts()["created"] == 2 + 3 + 3 + 3 + 3
    assert await everything(runtime, clinic_id) == {kind: [] for kind in KINDS}
    assert await staged_events(runtime) == events


@pytest.mark.parametrize(
    ("file", "text", "code"),
    [
        ("patients.csv", "external_id,name\r\nP-1,Ann\r\n", "invalid-columns"),
        ("patients.csv", "external_id,name,date_of_birth,gender\r\nP-1,Ann,,f\r\n", "invalid-columns"),
        ("patients.csv", "external_id,name,date_of_birth\r\nP-1,Ann\r\n", "wrong-number-of-cells"),
        ("staff.csv", "external_id,name\r\n", "unknown-import-file"),
        ("therapists.csv", "external_id,name,locations,active\r\nT-1,Tess,,maybe\r\n", "invalid-boolean"),
        (
            "locations.csv",
            "external_id,name,time_zone,address,opening_hours\r\nL-1,X,UTC,,Mon 9-17\r\n",
            "invalid-opening-hours",
        ),
        (
            "locations.csv",
            'external_id,name,time_zone,address,opening_hours\r\nL-1,X,UTC,,"Mon 08:00-12:00,11:00-13:00"\r\n',
            "opening-hours-overlap",
        ),
        (
            "visit_types.csv",
            "external_id,name,duration_minutes,active\r\nV-1,Long,600,true\r\n",
            "visit-duration-out-of-range",
        ),
        ("patients.csv", "external_id,name,date_of_birth\r\nP-1,Ann,\r\nP-1,Ann again,\r\n", "duplicate-external-id"),
        ("patients.csv", "external_id,name,date_of_birth\r\n,Ann,\r\n", "external-id-required"),
    ],
)
async def test_strict_parsing_refuses_with_a_reason(runtime, file: str, text: str, code: str) -> None:
    report = await import_csv(runtime, await new_clinic(runtime), {file: text})
    assert not report.applied
    assert code in {row.code for row in report.rows if row.outcome is Outcome.REFUSED}, outcomes(report)


async def test_the_dry_run_reports_what_the_import_then_does_and_leaves_nothing(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    exported = exported_clinic(patients=4)
    await import_csv(runtime, clinic_id, csv_set(exported))
    exported.patients[0]["name"] = "Patient Changed"
    exported.patients.append({"id": "P-NEW", "name": "New Patient", "born": exported.patients[0]["born"]})
    files = csv_set(exported)
    before, events = await everything(runtime, clinic_id), await staged_events(runtime)

    dry = await import_csv(runtime, clinic_id, files, dry_run=True)

    assert dry.dry_run and not dry.applied and not dry.refused
    assert await everything(runtime, clinic_id) == before
    assert await staged_events(runtime) == events
    real = await import_csv(runtime, clinic_id, files)
    assert real.applied
    assert outcomes(dry) == outcomes(real)
    assert {row.outcome for row in real.rows} == {Outcome.CREATED, Outcome.CHANGED, Outcome.UNCHANGED}


async def test_a_dry_run_of_a_bad_set_reports_the_same_refusals(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    files = csv_set(exported_clinic(patients=2))
    files["visit_types.csv"] += "V-0,Instant,0,true\r\n"
    dry = await import_csv(runtime, clinic_id, files, dry_run=True)
    real = await import_csv(runtime, clinic_id, files)
    assert outcomes(dry) == outcomes(real) and dry.refused


async def test_rows_refer_to_entities_imported_before(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    files = csv_set(exported_clinic(patients=2))
    await import_csv(runtime, clinic_id, {name: files[name] for name in ("locations.csv", "therapists.csv")})
    later = await import_csv(runtime, clinic_id, {name: files[name] for name in ("visit_types.csv", "patients.csv")})
    assert later.applied
    cases = await import_csv(runtime, clinic_id, {"patient_cases.csv": files["patient_cases.csv"]})
    assert cases.applied and cases.counts()["created"] == 2


async def test_the_domain_rules_hold_for_an_import(runtime) -> None:
    """The same rules as the admin API: a case's therapist works at its location, an allowed
    visit type is active, a therapist does not leave a location with active cases there."""
    clinic_id = await new_clinic(runtime)
    exported = exported_clinic(patients=4)
    await import_csv(runtime, clinic_id, csv_set(exported))
    exported.therapists[0]["locations"] = ["L-LA"]  # Dana leaves Downtown, where C-00004 is hers
    exported.cases[1]["therapist"] = "T-ELENA"  # Elena does not work at Downtown
    exported.cases[0]["visit_types"] = ["V-AQUA"]  # no longer offered
    report = await import_csv(runtime, clinic_id, csv_set(exported))
    refused = {row.external_id: row.code for row in report.rows if row.outcome is Outcome.REFUSED}
    assert refused == {
        "T-DANA": "therapist-treats-active-cases-there",
        "C-00001": "visit-type-inactive",
        "C-00002": "therapist-not-at-location",
        # Unchanged itself, but its therapist's row was refused: it cannot be checked against it.
        "C-00004": "reference-refused",
    }


async def test_a_fhir_bundle_imports_the_same_clinic_as_the_csv_set(runtime) -> None:
    exported = exported_clinic(patients=5)
    from_csv, from_fhir = await new_clinic(runtime), await new_clinic(runtime)
    assert (await import_csv(runtime, from_csv, csv_set(exported))).applied
    report = await import_rows(unit_of_work(runtime), from_fhir, read_fhir_bundle(fhir_bundle(exported)), dry_run=False)
    assert report.applied, [row for row in report.rows if row.outcome is Outcome.REFUSED]

    assert without_ids(await everything(runtime, from_fhir)) == without_ids(await everything(runtime, from_csv))
    # The same external ids: the bundle into the clinic the CSV set made changes nothing.
    again = await import_rows(unit_of_work(runtime), from_csv, read_fhir_bundle(fhir_bundle(exported)), dry_run=False)
    assert {row.outcome for row in again.rows} == {Outcome.UNCHANGED}


async def test_a_csv_import_sets_and_clears_a_cases_insurance_authorization(runtime) -> None:
    clinic_id = await new_clinic(runtime)
    files = csv_set(exported_clinic(patients=1))
    header, *rows = files["patient_cases.csv"].splitlines()
    authorized_columns = (
        "authorized_visits,authorized_from,authorized_to,authorized_visits_per_week,authorization_limit"
    )

    def with_authorization(cells: str) -> dict:
        cases = "\n".join([f"{header},{authorized_columns}", *(f"{row},{cells}" for row in rows)]) + "\n"
        return {**files, "patient_cases.csv": cases}

    report = await import_csv(runtime, clinic_id, with_authorization("12,2027-02-01,2027-04-30,2,warn"))
    assert not [row for row in report.rows if row.outcome is Outcome.REFUSED], outcomes(report)
    [case, *_] = await use_cases.of_clinic(unit_of_work(runtime), PatientCase, clinic_id)
    assert (case.authorization.visits, case.authorization.visits_per_week, case.authorization.limit) == (12, 2, "warn")

    refused = await import_csv(runtime, clinic_id, with_authorization("12,2027-04-30,2027-02-01,,"))
    assert {row.code for row in refused.rows if row.outcome is Outcome.REFUSED} == {
        "authorization-ends-before-it-starts"
    }

    await import_csv(runtime, clinic_id, files)
    assert (await use_cases.one(unit_of_work(runtime), PatientCase, case.case_id)).authorization is not None, (
        "no columns: kept"
    )
    await import_csv(runtime, clinic_id, with_authorization(",,,,"))
    assert (await use_cases.one(unit_of_work(runtime), PatientCase, case.case_id)).authorization is None, (
        "blank: cleared"
    )
