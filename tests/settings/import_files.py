"""One clinic as another system would export it, written both as a CSV set and as a FHIR R4
Bundle, so a test can import either and compare (and the benchmark can make a large one)."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from clinic_settings.adapters.imports.csv_set import FILES
from clinic_settings.adapters.imports.fhir_bundle import (
    CASE_ALLOWS_REQUESTS,
    CASE_LOCATION,
    CASE_REQUESTABLE_VISIT_TYPE,
    TIME_ZONE,
    VISIT_DURATION,
)


@dataclass
class ExportedClinic:
    locations: list[dict] = field(default_factory=list)
    visit_types: list[dict] = field(default_factory=list)
    therapists: list[dict] = field(default_factory=list)
    patients: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)


WEEKDAYS_WITH_LUNCH = "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"


def exported_clinic(patients: int = 4) -> ExportedClinic:
    """Two locations in two zones, three visit types (one no longer offered), three therapists
    (one at both locations), and per patient one case; every fifth case discharged."""
    clinic = ExportedClinic()
    clinic.locations = [
        {
            "id": "L-NY",
            "name": "Harborview Downtown",
            "zone": "America/New_York",
            "address": "120 Harbor St",
            "hours": WEEKDAYS_WITH_LUNCH,
        },
        {"id": "L-LA", "name": "Harborview Pasadena", "zone": "America/Los_Angeles", "address": "", "hours": ""},
    ]
    clinic.visit_types = [
        {"id": "V-EVAL", "name": "Evaluation", "minutes": 60, "active": True},
        {"id": "V-TREAT", "name": "Treatment", "minutes": 45, "active": True},
        {"id": "V-AQUA", "name": "Aquatic therapy", "minutes": 30, "active": False},
    ]
    clinic.therapists = [
        {"id": "T-DANA", "name": "Dana Whitfield", "locations": ["L-NY"], "active": True},
        {"id": "T-PRIYA", "name": "Priya Raman", "locations": ["L-NY", "L-LA"], "active": True},
        {"id": "T-ELENA", "name": "Elena Sorensen", "locations": ["L-LA"], "active": True},
    ]
    born = date(1950, 1, 1)
    for number in range(1, patients + 1):
        patient = f"P-{number:05d}"
        clinic.patients.append(
            {"id": patient, "name": f"Patient {number:05d}", "born": born + timedelta(days=number * 5)}
        )
        at_ny = number % 2 == 0
        clinic.cases.append(
            {
                "id": f"C-{number:05d}",
                "patient": patient,
                "title": "Knee rehab" if at_ny else "Shoulder",
                "therapist": ("T-DANA" if number % 4 == 0 else "T-PRIYA") if at_ny else "T-ELENA",
                "location": "L-NY" if at_ny else "L-LA",
                "status": "discharged" if number % 5 == 0 else "active",
                "allow": number % 3 != 0,
                "visit_types": ["V-EVAL", "V-TREAT"] if number % 3 == 1 else ["V-TREAT"],
            }
        )
    return clinic


def _csv(name: str, rows: list[list]) -> str:
    """The file `name` of a CSV set: the importer's own columns for it, then `rows`."""
    _kind, columns, _read = FILES[name]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return text.getvalue()


def _flag(value: bool) -> str:
    return "true" if value else "false"


def csv_set(clinic: ExportedClinic) -> dict[str, str]:
    case_cells = ("id", "patient", "title", "therapist", "location", "status")
    rows = {
        "locations.csv": [
            [loc["id"], loc["name"], loc["zone"], loc["address"], loc["hours"]] for loc in clinic.locations
        ],
        "visit_types.csv": [[v["id"], v["name"], v["minutes"], _flag(v["active"])] for v in clinic.visit_types],
        "therapists.csv": [
            [t["id"], t["name"], "|".join(t["locations"]), _flag(t["active"])] for t in clinic.therapists
        ],
        "patients.csv": [[p["id"], p["name"], p["born"].isoformat()] for p in clinic.patients],
        "patient_cases.csv": [
            [*(c[cell] for cell in case_cells), _flag(c["allow"]), "|".join(c["visit_types"])] for c in clinic.cases
        ],
    }
    return {name: _csv(name, file_rows) for name, file_rows in rows.items()}


_FHIR_DAYS = {"Mon-Fri": ["mon", "tue", "wed", "thu", "fri"], "Sat": ["sat"]}


def _hours(text: str) -> list[dict]:
    """The FHIR form of the hours the CSV form above gives (only the forms used here)."""
    hours = []
    for group in filter(None, (part.strip() for part in text.split(";"))):
        days, spans = group.split(" ")
        for span in spans.split(","):
            start, end = span.split("-")
            hours.append({"daysOfWeek": _FHIR_DAYS[days], "openingTime": f"{start}:00", "closingTime": f"{end}:00"})
    return hours


def _identifier(value: str) -> list[dict]:
    return [{"system": "urn:example:old-system", "value": value}]


def fhir_bundle(clinic: ExportedClinic) -> dict:
    entries = []

    def add(resource_type: str, external_id: str, resource: dict) -> None:
        entries.append(
            {
                "fullUrl": f"https://old-system.example/fhir/{resource_type}/{external_id}",
                "resource": {
                    "resourceType": resource_type,
                    "id": external_id,
                    "identifier": _identifier(external_id),
                    **resource,
                },
            }
        )

    for loc in clinic.locations:
        location = {"name": loc["name"], "extension": [{"url": TIME_ZONE, "valueCode": loc["zone"]}]}
        if loc["address"]:
            location["address"] = {"text": loc["address"]}
        if loc["hours"]:
            location["hoursOfOperation"] = _hours(loc["hours"])
        add("Location", loc["id"], location)
    for visit_type in clinic.visit_types:
        duration = {"value": visit_type["minutes"], "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"}
        service = {
            "name": visit_type["name"],
            "active": visit_type["active"],
            "extension": [{"url": VISIT_DURATION, "valueDuration": duration}],
        }
        add("HealthcareService", visit_type["id"], service)
    for therapist in clinic.therapists:
        given, family = therapist["name"].split(" ")
        name = [{"given": [given], "family": family}]
        add("Practitioner", therapist["id"], {"active": therapist["active"], "name": name})
        role = {
            "practitioner": {"reference": f"Practitioner/{therapist['id']}"},
            "location": [{"reference": f"Location/{location}"} for location in therapist["locations"]],
        }
        add("PractitionerRole", f"role-{therapist['id']}", role)
    for patient in clinic.patients:
        given, family = patient["name"].split(" ")
        name = [{"given": [given], "family": family}]
        add("Patient", patient["id"], {"name": name, "birthDate": patient["born"].isoformat()})
    for case in clinic.cases:
        extensions = [
            {"url": CASE_LOCATION, "valueReference": {"reference": f"Location/{case['location']}"}},
            {"url": CASE_ALLOWS_REQUESTS, "valueBoolean": case["allow"]},
            *(
                {"url": CASE_REQUESTABLE_VISIT_TYPE, "valueReference": {"reference": f"HealthcareService/{v}"}}
                for v in case["visit_types"]
            ),
        ]
        add(
            "EpisodeOfCare",
            case["id"],
            {
                "status": "active" if case["status"] == "active" else "finished",
                "type": [{"text": case["title"]}],
                "patient": {"reference": f"Patient/{case['patient']}"},
                "careManager": {"reference": f"Practitioner/{case['therapist']}"},
                "extension": extensions,
            },
        )
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
