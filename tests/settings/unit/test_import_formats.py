"""Reading the import formats, without a database: the compact opening hours, a CSV file as
spreadsheets write it, and what a FHIR Bundle carries that the import does not keep."""

from datetime import time

import pytest

from clinic_settings.adapters.imports.csv_set import read_csv_set
from clinic_settings.adapters.imports.fhir_bundle import TIME_ZONE, read_fhir_bundle
from clinic_settings.adapters.imports.opening_hours_text import parse_opening_hours
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.imports import ImportRow, Outcome, RowReport
from tests.settings.import_files import exported_clinic, fhir_bundle


def test_the_compact_opening_hours_read_days_ranges_and_breaks() -> None:
    hours = parse_opening_hours("mon-Wed 08:00-12:00,13:00-17:00; Fri,Sun 09:30-13:00;")
    assert [(i.weekday, i.start, i.end) for i in hours] == [
        *((day, time(h1), time(h2)) for day in (0, 1, 2) for h1, h2 in ((8, 12), (13, 17))),
        (4, time(9, 30), time(13)),
        (6, time(9, 30), time(13)),
    ]
    assert parse_opening_hours("") == ()


@pytest.mark.parametrize("text", ["Mon", "Mon 8-12", "Funday 08:00-12:00", "Fri-Mon 08:00-12:00", "Mon 25:00-26:00"])
def test_hours_that_cannot_be_read_are_refused(text: str) -> None:
    with pytest.raises(SettingsRuleBroken) as refused:
        parse_opening_hours(text)
    assert refused.value.code == "invalid-opening-hours"


def test_a_byte_order_mark_crlf_and_quoted_line_ends_are_read_and_blank_lines_skipped() -> None:
    text = (
        '\ufeffexternal_id,name,time_zone,address,opening_hours\r\nL-1,Downtown,UTC,"120 Harbor St\r\nSuite 4",\r\n\r\n'
    )
    [row] = read_csv_set({"locations.csv": text})
    assert isinstance(row, ImportRow)
    assert (row.external_id, row.fields["address"], row.origin.row) == ("L-1", "120 Harbor St\r\nSuite 4", 2)


def _bundle(*resources: dict) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


PATIENT = {"resourceType": "Patient", "identifier": [{"value": "P-1"}], "name": [{"text": "Ann Lee"}]}


def test_the_bundle_of_the_test_clinic_reads_without_refusals_or_ignored_elements() -> None:
    rows = read_fhir_bundle(fhir_bundle(exported_clinic(patients=2)))
    assert all(isinstance(row, ImportRow) and not row.ignored for row in rows)


def test_what_a_resource_carries_beyond_the_mapping_is_named() -> None:
    patient = {
        **PATIENT,
        "identifier": [{"value": "P-1"}, {"system": "urn:ssn", "value": "123"}],
        "gender": "female",
        "telecom": [{"system": "phone", "value": "555"}],
        "extension": [{"url": "http://example.org/favourite-colour", "valueString": "blue"}],
    }
    [row] = read_fhir_bundle(_bundle(patient))
    assert isinstance(row, ImportRow) and row.fields["name"] == "Ann Lee"
    assert set(row.ignored) == {
        "gender",
        "telecom",
        "identifier[1:2]",
        "extension(http://example.org/favourite-colour)",
    }


def test_another_resource_type_is_reported_ignored() -> None:
    [row] = read_fhir_bundle(_bundle({"resourceType": "Observation", "status": "final"}))
    assert isinstance(row, RowReport) and (row.outcome, row.code) == (Outcome.IGNORED, "unsupported-resource-type")


@pytest.mark.parametrize(
    ("resource", "code"),
    [
        ({"resourceType": "Location", "identifier": [{"value": "L-1"}], "name": "No zone"}, "time-zone-required"),
        (
            {
                "resourceType": "Location",
                "identifier": [{"value": "L-1"}],
                "name": "X",
                "extension": [{"url": TIME_ZONE, "valueCode": "UTC"}],
                "hoursOfOperation": [{"allDay": True}],
            },
            "unsupported-value",
        ),
        # A FHIR time is local; one with an offset would be stored as hours in two zones at once.
        (
            {
                "resourceType": "Location",
                "identifier": [{"value": "L-1"}],
                "name": "X",
                "extension": [{"url": TIME_ZONE, "valueCode": "UTC"}],
                "hoursOfOperation": [
                    {"daysOfWeek": ["mon"], "openingTime": "09:00:00+02:00", "closingTime": "17:00:00"}
                ],
            },
            "invalid-opening-hours",
        ),
        ({**PATIENT, "active": False}, "unsupported-value"),
        (
            {**PATIENT, "modifierExtension": [{"url": "http://example.org/x", "valueBoolean": True}]},
            "unsupported-value",
        ),
        ({**PATIENT, "birthDate": "1990-04"}, "invalid-date"),
        ({"resourceType": "Patient", "name": [{"text": "No id"}]}, "external-id-required"),
        ({**PATIENT, "name": "not a list"}, "invalid-resource"),
        (
            {
                "resourceType": "EpisodeOfCare",
                "identifier": [{"value": "C-1"}],
                "status": "planned",
                "patient": {"reference": "Patient/x"},
            },
            "unsupported-value",
        ),
        (
            {
                "resourceType": "EpisodeOfCare",
                "identifier": [{"value": "C-1"}],
                "status": "active",
                "patient": {"reference": "Patient/elsewhere"},
                "careManager": {"identifier": {"value": "T-1"}},
            },
            "unresolved-reference",
        ),
    ],
)
def test_what_would_change_the_meaning_refuses_the_row(resource: dict, code: str) -> None:
    [row] = read_fhir_bundle(_bundle(resource))
    assert isinstance(row, RowReport) and (row.outcome, row.code) == (Outcome.REFUSED, code), row


def test_a_practitioner_works_at_the_locations_of_its_active_roles() -> None:
    practitioner = {
        "resourceType": "Practitioner",
        "id": "t1",
        "identifier": [{"value": "T-1"}],
        "name": [{"given": ["Dana"], "family": "Whitfield"}],
    }
    active = {
        "resourceType": "PractitionerRole",
        "practitioner": {"reference": "Practitioner/t1"},
        "location": [{"identifier": {"value": "L-1"}}],
    }
    inactive = {**active, "active": False, "location": [{"identifier": {"value": "L-2"}}]}
    rows = read_fhir_bundle(_bundle(practitioner, active, inactive))
    therapist = next(row for row in rows if isinstance(row, ImportRow))
    assert therapist.fields["name"] == "Dana Whitfield"
    assert therapist.references["location_ids"].external_ids == ("L-1",)
    reported = [(row.outcome, row.code) for row in rows if isinstance(row, RowReport)]
    assert reported == [(Outcome.IGNORED, "inactive-role")]


def test_a_document_that_is_no_bundle_is_refused() -> None:
    [row] = read_fhir_bundle({"resourceType": "Patient"})
    assert (row.outcome, row.code) == (Outcome.REFUSED, "invalid-bundle")


CASE_HEADER = (
    "external_id,patient,title,primary_therapist,location,status,allow_appointment_requests,requestable_visit_types"
)
AUTHORIZATION_HEADER = "authorized_visits,authorized_from,authorized_to,authorized_visits_per_week,authorization_limit"


def _case_rows(authorization_cells: str | None) -> list:
    header = CASE_HEADER if authorization_cells is None else f"{CASE_HEADER},{AUTHORIZATION_HEADER}"
    row = "case-1,pat-1,Knee,ther-1,loc-1,active,true,vt-1"
    if authorization_cells is not None:
        row = f"{row},{authorization_cells}"
    return read_csv_set({"patient_cases.csv": f"{header}\n{row}\n"})


def test_a_cases_insurance_authorization_reads_from_its_optional_columns() -> None:
    [row] = _case_rows("12,2027-02-01,2027-04-30,2,block")
    assert isinstance(row, ImportRow)
    authorization = row.fields["authorization"]
    assert (authorization.visits, str(authorization.first_day), str(authorization.last_day)) == (
        12,
        "2027-02-01",
        "2027-04-30",
    )
    assert (authorization.visits_per_week, authorization.limit) == (2, "block")
    [blank] = _case_rows(",,,,")
    assert blank.fields["authorization"] is None, "blank cells: no authorization tracked"
    [without] = _case_rows(None)
    assert "authorization" not in without.fields, "a file without the columns leaves the authorization as it is"


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ("0,2027-02-01,2027-04-30,,", "invalid-number"),
        ("5,2027-02-01,2027-04-30,0,", "invalid-number"),
        ("five,2027-02-01,2027-04-30,,", "invalid-number"),
        ("5,2027-02-30,2027-04-30,,", "invalid-date"),
        ("5,,2027-04-30,,", "invalid-date"),
        ("5,2027-02-01,2027-04-30,,sometimes", "unsupported-value"),
    ],
)
def test_an_authorization_that_cannot_be_read_refuses_the_row(cells: str, code: str) -> None:
    [row] = _case_rows(cells)
    assert isinstance(row, RowReport) and row.outcome is Outcome.REFUSED
    assert row.code == code


def test_the_authorization_columns_come_all_together() -> None:
    text = f"{CASE_HEADER},authorized_visits\ncase-1,pat-1,Knee,ther-1,loc-1,active,true,vt-1,5\n"
    [row] = read_csv_set({"patient_cases.csv": text})
    assert isinstance(row, RowReport) and row.code == "invalid-columns"
    assert "authorized_from" in row.message
