"""The admin API through the running stack: an admin of a clinic of the test's own creates, edits
and deactivates what the clinic needs, each refusal a specific problem, and what depends on a
deactivated thing behaves as people expect. The demo clinic is only looked at, never changed."""

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import DANA, LILY, Api, new_key, problem_code, wait_for
from tests.settings.settings_api import case_body

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

WEEKDAYS = [{"weekday": day, "start": "09:00:00", "end": "17:00:00"} for day in range(5)]


def unique_email(who: str) -> str:
    return f"{who}.{uuid.uuid4().hex[:10]}@admin-api.example"


class Clinic:
    """A clinic of this module's own, set up by the operator with one admin, who is signed in."""

    def __init__(self, gateway: str, stack) -> None:
        self.gateway = gateway
        self.operator = httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20)
        clinic = self._created("/clinics", {"name": "Admin API Physiotherapy", "time_zone": "Europe/London"})
        self.clinic_id = clinic["clinic_id"]
        self.admin_email = unique_email("admin")
        self.admin_user = self.staff_user("Ada Admin", self.admin_email, permissions=["admin"])
        self.admin = Api(gateway, self.admin_email)

    def _created(self, path: str, body: dict) -> dict:
        response = self.operator.post(path, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def staff_user(self, name: str, email: str, **fields) -> dict:
        body = {"name": name, "email": email, "password": demo.DEMO_PASSWORD, **fields}
        return self._created(f"/clinics/{self.clinic_id}/staff-users", body)

    def portal_user(self, name: str, email: str, *patients: dict) -> dict:
        body = {
            "name": name,
            "email": email,
            "password": demo.DEMO_PASSWORD,
            "role": "caregiver",
            "patient_ids": [patient["patient_id"] for patient in patients],
        }
        return self._created(f"/clinics/{self.clinic_id}/portal-users", body)

    def create(self, collection: str, body: dict) -> dict:
        response = self.admin.call("POST", f"/api/admin/{collection}", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def location(self, name: str = "London Bridge", **fields) -> dict:
        return self.create(
            "locations", {"name": name, "time_zone": "Europe/London", "operating_hours": WEEKDAYS, **fields}
        )

    def therapist(self, *locations: dict, name: str = "Tom Reid") -> dict:
        return self.create("therapists", {"name": name, "location_ids": [loc["location_id"] for loc in locations]})

    def visit_type(self, name: str = "Treatment", minutes: int = 45) -> dict:
        return self.create("visit-types", {"name": name, "duration_minutes": minutes})

    def patient(self, name: str = "Mia Hart") -> dict:
        return self.create("patients", {"name": name, "date_of_birth": "2018-03-04"})

    case_body = staticmethod(case_body)

    def case(self, patient: dict, therapist: dict, location: dict, **fields) -> dict:
        return self.create("patient-cases", self.case_body(patient, therapist, location, **fields))

    def close(self) -> None:
        self.admin.close()
        self.operator.close()


@pytest.fixture(scope="module")
def clinic(gateway, stack):
    own = Clinic(gateway, stack)
    yield own
    own.close()


def refused(response: httpx.Response, status: int, code: str) -> dict:
    assert (response.status_code, problem_code(response)) == (status, code), response.text
    problem = response.json()
    assert problem["detail"], "a problem says in words what is wrong"
    return problem


def test_the_clinic_chooses_the_language_of_its_emails(clinic: Clinic) -> None:
    admin = clinic.admin
    assert admin.ok("GET", "/api/admin/clinic")["language"] == "en"
    assert admin.ok("PUT", "/api/admin/clinic/language", json={"language": "pt-BR"})["language"] == "pt-BR"
    assert admin.ok("GET", "/api/admin/clinic")["language"] == "pt-BR"
    for wrong in ("../en", "EN", "english", ""):
        refused = admin.call("PUT", "/api/admin/clinic/language", json={"language": wrong})
        assert (refused.status_code, problem_code(refused)) == (422, "invalid-request"), wrong
    assert admin.ok("PUT", "/api/admin/clinic/language", json={"language": "en"})["language"] == "en"


def test_a_location_is_created_edited_and_deactivated(clinic: Clinic) -> None:
    admin = clinic.admin
    created = admin.call(
        "POST",
        "/api/admin/locations",
        json={
            "name": " Chelsea ",
            "address": "1 King's Road",
            "time_zone": "Europe/London",
            "operating_hours": WEEKDAYS,
            "closures": [{"first_day": "2027-12-25", "last_day": "2027-12-26", "reason": "Christmas"}],
        },
    )
    assert created.status_code == 201, created.text
    location = created.json()
    assert location["name"] == "Chelsea" and location["time_zone"] == "Europe/London" and location["active"]
    assert location["allow_appointment_requests"] is False and location["clinic_id"] == clinic.clinic_id
    assert created.headers["Location"] == f"/api/admin/locations/{location['location_id']}"
    assert admin.ok("GET", created.headers["Location"]) == location

    path = created.headers["Location"]
    renamed = admin.ok("PATCH", path, json={"name": "Chelsea Clinic", "address": "2 King's Road"})
    assert (renamed["name"], renamed["address"]) == ("Chelsea Clinic", "2 King's Road")
    assert renamed["time_zone"] == "Europe/London", "what was not given stays"
    assert admin.ok("PATCH", path, json={"time_zone": "Europe/Dublin"})["time_zone"] == "Europe/Dublin"
    refused(admin.call("PATCH", path, json={"time_zone": "Europe/Londres"}), 422, "unknown-time-zone")
    refused(admin.call("PATCH", path, json={"name": "   "}), 422, "name-required")
    refused(admin.call("PATCH", path, json={"colour": "blue"}), 422, "invalid-request")
    assert admin.ok("GET", path)["name"] == "Chelsea Clinic", "nothing refused was stored"

    assert admin.ok("PUT", f"{path}/appointment-requests", json={"enabled": True})["allow_appointment_requests"]
    deactivated = admin.ok("PATCH", path, json={"active": False})
    assert deactivated["active"] is False and deactivated["allow_appointment_requests"] is False
    refused(admin.call("PUT", f"{path}/appointment-requests", json={"enabled": True}), 422, "location-inactive")
    reactivated = admin.ok("PATCH", path, json={"active": True})
    assert reactivated["active"] is True and reactivated["allow_appointment_requests"] is False
    assert reactivated["closures"] == location["closures"], "deactivating keeps the location's settings"
    assert location["location_id"] in {loc["location_id"] for loc in admin.ok("GET", "/api/admin/locations")}


def test_a_new_location_needs_a_name_and_an_iana_time_zone(clinic: Clinic) -> None:
    new = {"name": "Soho", "time_zone": "Europe/London"}

    def add(**fields) -> httpx.Response:
        return clinic.admin.call("POST", "/api/admin/locations", json=new | fields)

    refused(add(time_zone="GMT+1"), 422, "unknown-time-zone")
    refused(add(name=""), 422, "name-required")
    overlapping = [{"weekday": 0, "start": "09:00", "end": "13:00"}, {"weekday": 0, "start": "12:00", "end": "17:00"}]
    refused(add(operating_hours=overlapping), 422, "opening-hours-overlap")
    refused(add(location_id=str(uuid.uuid4())), 422, "invalid-request")
    assert "Soho" not in {loc["name"] for loc in clinic.admin.ok("GET", "/api/admin/locations")}


def test_another_clinics_settings_are_not_found(clinic: Clinic) -> None:
    admin = clinic.admin
    for method, path, body in [
        ("GET", f"/api/admin/locations/{demo.DOWNTOWN}", None),
        ("PATCH", f"/api/admin/locations/{demo.DOWNTOWN}", {"name": "Mine now"}),
        ("PATCH", f"/api/admin/visit-types/{demo.TREATMENT}", {"active": False}),
        ("PATCH", f"/api/admin/therapists/{DANA}", {"active": False}),
        ("PUT", f"/api/admin/therapists/{DANA}/locations", []),
        ("GET", f"/api/admin/therapists/{DANA}/time-off", None),
        ("PUT", f"/api/admin/therapists/{DANA}/time-off", []),
        ("PATCH", f"/api/admin/patients/{LILY}", {"active": False}),
        ("GET", f"/api/admin/patients/{uuid.uuid4()}", None),
        ("GET", f"/api/admin/widgets/{uuid.uuid4()}", None),
    ]:
        response = admin.call(method, path, json=body)
        assert (response.status_code, problem_code(response)) == (404, "not-found"), f"{method} {path}: {response.text}"
        assert "Harborview" not in response.text and "Dana" not in response.text and "Lily" not in response.text


def test_a_visit_type_is_created_edited_and_deactivated(clinic: Clinic) -> None:
    admin = clinic.admin
    visit_type = clinic.visit_type("Hydrotherapy", 45)
    assert (visit_type["duration_minutes"], visit_type["active"]) == (45, True)
    blank = {"name": " ", "duration_minutes": 30}
    refused(admin.call("POST", "/api/admin/visit-types", json=blank), 422, "name-required")
    long_one = {"name": "Marathon", "duration_minutes": 600}
    refused(admin.call("POST", "/api/admin/visit-types", json=long_one), 422, "visit-duration-out-of-range")
    path = f"/api/admin/visit-types/{visit_type['visit_type_id']}"
    assert admin.ok("PATCH", path, json={"duration_minutes": 60})["duration_minutes"] == 60
    refused(admin.call("PATCH", path, json={"duration_minutes": 2}), 422, "visit-duration-out-of-range")
    stopped = admin.ok("PATCH", path, json={"active": False})
    assert (stopped["active"], stopped["duration_minutes"], stopped["name"]) == (False, 60, "Hydrotherapy")


def test_a_therapist_is_created_given_working_hours_and_time_off(clinic: Clinic) -> None:
    admin = clinic.admin
    there, elsewhere = clinic.location("Islington"), clinic.location("Hackney")
    therapist = clinic.therapist(there, name="Priya Shah")
    assert therapist["location_ids"] == [there["location_id"]] and therapist["active"]
    refused(admin.call("POST", "/api/admin/therapists", json={"name": ""}), 422, "name-required")
    unknown = {"name": "Nobody", "location_ids": [str(uuid.uuid4())]}
    refused(admin.call("POST", "/api/admin/therapists", json=unknown), 422, "unknown-location")
    foreign = {"name": "Nobody", "location_ids": [str(demo.DOWNTOWN)]}
    refused(admin.call("POST", "/api/admin/therapists", json=foreign), 422, "reference-to-another-clinic")

    path = f"/api/admin/therapists/{therapist['therapist_id']}"
    assert admin.ok("PATCH", path, json={"name": "Priya Shah-Roy"})["name"] == "Priya Shah-Roy"
    both = [there["location_id"], elsewhere["location_id"]]
    assert admin.ok("PUT", f"{path}/locations", json=both)["location_ids"] == both

    hours = {"periods": [{"effective_from": str(date.today()), "hours": WEEKDAYS}]}
    at_work = f"{path}/working-hours/{elsewhere['location_id']}"
    saved = until_the_calendar_knows(lambda: admin.call("PUT", at_work, json=hours))
    assert [h["weekday"] for h in saved["periods"][0]["hours"]] == [0, 1, 2, 3, 4]
    assert admin.ok("GET", at_work) == saved
    backwards = {"periods": [{"effective_from": "2027-02-01", "effective_to": "2027-01-01", "hours": WEEKDAYS}]}
    refused(admin.call("PUT", at_work, json=backwards), 422, "period-ends-before-it-starts")

    monday = date.today() + timedelta(days=7 - date.today().weekday())
    away = [
        {"start": f"{monday}T00:00:00Z", "end": f"{monday + timedelta(days=5)}T00:00:00Z"},
        {"start": f"{monday + timedelta(days=14)}T09:00:00Z", "end": f"{monday + timedelta(days=14)}T12:00:00Z"},
    ]
    time_off = until_the_calendar_knows(lambda: admin.call("PUT", f"{path}/time-off", json=away))
    assert [datetime.fromisoformat(span["start"]) for span in time_off["time_off"]] == [
        datetime.fromisoformat(span["start"].replace("Z", "+00:00")) for span in away
    ]
    assert admin.ok("GET", f"{path}/time-off") == time_off
    backwards = [{"start": f"{monday}T12:00:00Z", "end": f"{monday}T09:00:00Z"}]
    refused(admin.call("PUT", f"{path}/time-off", json=backwards), 422, "exception-ends-before-it-starts")
    assert admin.ok("PUT", f"{path}/time-off", json=away[1:])["time_off"] == time_off["time_off"][1:], "one removed"


def until_the_calendar_knows(call) -> dict:
    """The calendar learns of a new therapist, or a new location of theirs, a moment after the
    settings service; until then the gateway answers `calendar-catching-up`, and nothing else."""

    def answered():
        response = call()
        if response.status_code == 503:
            assert problem_code(response) == "calendar-catching-up", response.text
            assert response.headers["Retry-After"] == "1"
            return None
        assert response.status_code == 200, response.text
        return response.json()

    return wait_for(answered, timeout=60)


def test_a_patient_is_created_edited_and_deactivated_with_their_cases(clinic: Clinic) -> None:
    admin = clinic.admin
    location = clinic.location("Camden")
    therapist = clinic.therapist(location, name="Sean Burke")
    patient = clinic.patient("Noah Grant")
    assert (patient["date_of_birth"], patient["active"]) == ("2018-03-04", True)
    tomorrow = str(date.today() + timedelta(days=1))
    future = {"name": "Not Yet Born", "date_of_birth": tomorrow}
    refused(admin.call("POST", "/api/admin/patients", json=future), 422, "date-of-birth-out-of-range")
    refused(admin.call("POST", "/api/admin/patients", json={"name": "\t"}), 422, "name-required")

    path = f"/api/admin/patients/{patient['patient_id']}"
    corrected = admin.ok("PATCH", path, json={"name": "Noah Grant-Lee", "date_of_birth": "2018-03-05"})
    assert (corrected["name"], corrected["date_of_birth"]) == ("Noah Grant-Lee", "2018-03-05")
    refused(admin.call("PATCH", path, json={"date_of_birth": tomorrow}), 422, "date-of-birth-out-of-range")

    first = clinic.case(patient, therapist, location, title="Knee pain")
    second = clinic.case(patient, therapist, location, title="Back pain")
    assert admin.ok("PATCH", path, json={"active": False})["active"] is False
    cases = admin.ok("GET", "/api/admin/patient-cases", params={"patient_id": patient["patient_id"]})
    assert {case["case_id"]: case["status"] for case in cases} == {
        first["case_id"]: "discharged",
        second["case_id"]: "discharged",
    }
    new_case = clinic.case_body(patient, therapist, location, title="Shoulder")
    refused(admin.call("POST", "/api/admin/patient-cases", json=new_case), 422, "patient-inactive")
    take_up = admin.call("PUT", f"/api/admin/patient-cases/{first['case_id']}/status", json={"status": "active"})
    refused(take_up, 422, "patient-inactive")

    assert admin.ok("PATCH", path, json={"active": True})["active"] is True
    taken_up = admin.ok("PUT", f"/api/admin/patient-cases/{first['case_id']}/status", json={"status": "active"})
    assert taken_up["status"] == "active"
    assert admin.ok("GET", f"/api/admin/patient-cases/{second['case_id']}")["status"] == "discharged"


def test_a_case_is_opened_and_changed_only_as_its_care_allows(clinic: Clinic) -> None:
    admin = clinic.admin
    location, other_location = clinic.location("Brixton"), clinic.location("Peckham")
    therapist = clinic.therapist(location, name="Grace Obi")
    elsewhere = clinic.therapist(other_location, name="Ivan Petrov")
    retired = clinic.therapist(location, name="Olive Stone")
    admin.ok("PATCH", f"/api/admin/therapists/{retired['therapist_id']}", json={"active": False})
    treatment, aquatic = clinic.visit_type("Treatment", 45), clinic.visit_type("Aquatic", 30)
    admin.ok("PATCH", f"/api/admin/visit-types/{aquatic['visit_type_id']}", json={"active": False})
    patient = clinic.patient("Ella Moss")

    def refused_case(code: str, **fields) -> None:
        body = clinic.case_body(patient, therapist, location, **fields)
        refused(admin.call("POST", "/api/admin/patient-cases", json=body), 422, code)

    refused_case("therapist-not-at-location", primary_therapist_id=elsewhere["therapist_id"])
    refused_case("therapist-inactive", primary_therapist_id=retired["therapist_id"])
    refused_case("visit-type-inactive", requestable_visit_type_ids=[aquatic["visit_type_id"]])
    refused_case("name-required", title=" ")
    refused_case("reference-to-another-clinic", patient_id=str(LILY))

    created = admin.call(
        "POST",
        "/api/admin/patient-cases",
        json=clinic.case_body(
            patient,
            therapist,
            location,
            title="Sprained ankle",
            allow_appointment_requests=True,
            requestable_visit_type_ids=[treatment["visit_type_id"]],
        ),
    )
    assert created.status_code == 201, created.text
    case = created.json()
    assert created.headers["Location"] == f"/api/admin/patient-cases/{case['case_id']}"
    assert (case["status"], case["allow_appointment_requests"]) == ("active", True)
    assert case["requestable_visit_type_ids"] == [treatment["visit_type_id"]]

    path = created.headers["Location"]
    assert admin.ok("PATCH", path, json={"title": "Sprained left ankle"})["title"] == "Sprained left ankle"
    to_retired = {"primary_therapist_id": retired["therapist_id"]}
    refused(admin.call("PATCH", path, json=to_retired), 422, "therapist-inactive")
    to_elsewhere = {"location_id": other_location["location_id"]}
    refused(admin.call("PATCH", path, json=to_elsewhere), 422, "therapist-not-at-location")
    moved = admin.ok(
        "PATCH",
        path,
        json={"location_id": other_location["location_id"], "primary_therapist_id": elsewhere["therapist_id"]},
    )
    assert moved["location_id"] == other_location["location_id"]
    assert moved["primary_therapist_id"] == elsewhere["therapist_id"]
    leaving = admin.call("PUT", f"/api/admin/therapists/{elsewhere['therapist_id']}/locations", json=[])
    refused(leaving, 409, "therapist-treats-active-cases-there")
    admin.ok("PATCH", f"/api/admin/locations/{other_location['location_id']}", json={"active": False})
    back = admin.call("PUT", f"{path}/status", json={"status": "discharged"})
    assert back.status_code == 200, back.text
    refused(admin.call("PUT", f"{path}/status", json={"status": "active"}), 422, "location-inactive")


def test_staff_users_are_edited_and_deactivated(clinic: Clinic, gateway) -> None:
    admin = clinic.admin
    email = unique_email("sam")
    sam = clinic.staff_user("Sam Ortiz", email, permissions=["scheduling"])
    path = f"/api/admin/staff-users/{sam['staff_user_id']}"
    renamed = admin.ok("PATCH", path, json={"name": "Samuel Ortiz", "email": email.upper()})
    assert (renamed["name"], renamed["email"]) == ("Samuel Ortiz", email)
    refused(admin.call("PATCH", path, json={"email": clinic.admin_email}), 409, "email-taken")
    refused(admin.call("PATCH", path, json={"email": "sam.example"}), 422, "invalid-email")
    refused(admin.call("PATCH", path, json={"name": ""}), 422, "name-required")
    refused(admin.call("PATCH", path, json={"password": "x" * 12}), 422, "invalid-request")

    location = clinic.location("Fulham")
    placed = admin.ok("PUT", f"{path}/locations", json={"location_ids": [location["location_id"]]})
    assert placed["location_ids"] == [location["location_id"]] and placed["all_locations"] is False
    ambiguous = {"all_locations": True, "location_ids": [location["location_id"]]}
    refused(admin.call("PUT", f"{path}/locations", json=ambiguous), 422, "staff-locations-ambiguous")
    permissions = admin.ok("PUT", f"{path}/permissions", json=["scheduling", "admin"])["permissions"]
    assert permissions == ["admin", "scheduling"]

    signed_in = Api(gateway, email)
    assert signed_in.call("GET", "/api/me").status_code == 200
    assert admin.ok("PATCH", path, json={"active": False})["active"] is False
    assert problem_code(signed_in.call("GET", "/api/me")) == "not-signed-in", "deactivated at once"
    signed_in.close()

    own = f"/api/admin/staff-users/{clinic.admin_user['staff_user_id']}"
    refused(admin.call("PUT", f"{own}/permissions", json=["scheduling"]), 409, "last-admin")
    refused(admin.call("PATCH", own, json={"active": False}), 409, "last-admin")
    assert admin.call("GET", "/api/admin/clinic").status_code == 200, "the admin still is one"


def test_portal_users_are_edited_linked_and_deactivated(clinic: Clinic, gateway) -> None:
    admin = clinic.admin
    child, sibling = clinic.patient("Ruby Fox"), clinic.patient("Leo Fox")
    email = unique_email("parent")
    parent = clinic.portal_user("Jo Fox", email, child)
    path = f"/api/admin/portal-users/{parent['portal_user_id']}"
    assert admin.ok("PATCH", path, json={"name": "Joanna Fox"})["name"] == "Joanna Fox"
    refused(admin.call("PATCH", path, json={"email": clinic.admin_email}), 409, "email-taken")
    refused(admin.call("PATCH", path, json={"email": "joanna"}), 422, "invalid-email")
    both = [child["patient_id"], sibling["patient_id"]]
    assert admin.ok("PUT", f"{path}/patients", json=both)["patient_ids"] == both
    refused(admin.call("PUT", f"{path}/patients", json=[str(uuid.uuid4())]), 422, "unknown-patient")
    refused(admin.call("PUT", f"{path}/patients", json=[str(LILY)]), 422, "reference-to-another-clinic")

    portal = Api(gateway, email)
    assert {p["name"] for p in portal.ok("GET", "/api/portal/patients")} == {"Ruby Fox", "Leo Fox"}
    assert admin.ok("PATCH", path, json={"active": False})["active"] is False
    assert problem_code(portal.call("GET", "/api/portal/patients")) == "not-signed-in"
    portal.close()
    assert admin.ok("PATCH", path, json={"active": True})["active"] is True


def test_what_is_deactivated_takes_no_more_requests(clinic: Clinic, gateway) -> None:
    """Through the request service's copy of the settings: a deactivated location no longer takes
    requests, nor is offered; a deactivated patient's case no longer takes them either."""
    admin = clinic.admin
    admin.ok("PUT", "/api/admin/clinic/appointment-requests", json={"enabled": True})
    location = clinic.location("Richmond", allow_appointment_requests=True)
    therapist = clinic.therapist(location, name="Hana Ito")
    treatment = clinic.visit_type("Treatment", 45)
    patient = clinic.patient("Zoe Park")
    case = clinic.case(
        patient,
        therapist,
        location,
        allow_appointment_requests=True,
        requestable_visit_type_ids=[treatment["visit_type_id"]],
    )
    email = unique_email("zoes.parent")
    clinic.portal_user("Kim Park", email, patient)
    portal = Api(gateway, email)

    def first_closed_gate() -> str | None:
        soon = (datetime.now(UTC) + timedelta(hours=1)).replace(second=0, microsecond=0).isoformat()
        body = {
            "idempotency_key": new_key(),
            "patient_id": patient["patient_id"],
            "case_id": case["case_id"],
            "visit_type_id": treatment["visit_type_id"],
            "location_id": location["location_id"],
            "start": soon,
        }
        response = portal.call("POST", "/api/portal/requests", json=body)
        assert response.status_code in (404, 409, 422), response.text
        return problem_code(response)

    def gate_is(code: str) -> None:
        def closed_by_it() -> bool:
            assert (closed_by := first_closed_gate()) == code, f"the first closed gate is {closed_by}, not {code}"
            return True

        wait_for(closed_by_it, timeout=60)

    offered = lambda: {loc["location_id"] for loc in portal.ok("GET", "/api/portal/locations")}  # noqa: E731
    gate_is("within-minimum-notice")  # every gate of the settings is open
    assert location["location_id"] in offered()

    admin.ok("PATCH", f"/api/admin/locations/{location['location_id']}", json={"active": False})
    gate_is("location-not-requestable")
    assert location["location_id"] not in offered()
    admin.ok("PATCH", f"/api/admin/locations/{location['location_id']}", json={"active": True})
    admin.ok("PUT", f"/api/admin/locations/{location['location_id']}/appointment-requests", json={"enabled": True})
    gate_is("within-minimum-notice")

    admin.ok("PATCH", f"/api/admin/patients/{patient['patient_id']}", json={"active": False})
    gate_is("case-not-active")
    assert portal.ok("GET", f"/api/portal/patients/{patient['patient_id']}/cases") == []
    assert portal.ok("GET", "/api/portal/patients") == [], "nor is the patient offered"
    portal.close()
