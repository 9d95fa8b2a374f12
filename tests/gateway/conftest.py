"""The gateway against the running stack, with the demo clinic loaded."""

from datetime import date

import pytest

from clinic_settings import demo_data as demo
from tests.demo_clinic import load_demo_clinic
from tests.gateway.demo_emails import DemoEmails
from tests.gateway.gateway_api import (
    ADMIN,
    CAREGIVER,
    DANA,
    GRACE,
    LILY_CASE,
    MARCUS,
    PRIYA,
    SCHEDULER_DOWNTOWN,
    SCHEDULER_PASADENA,
    Api,
    until_the_calendar_has,
    wait_for,
)


@pytest.fixture(scope="session")
def gateway(stack) -> str:
    load_demo_clinic(stack)
    return stack.url("gateway")


@pytest.fixture
def emails(stack, mail_sink) -> DemoEmails:
    """The demo clinic's emails about a request, recorded and received."""
    return DemoEmails(stack, mail_sink)


def _signed_in_as(email: str, name: str):
    """A session fixture `name`: the gateway as the demo user `email`, signed in once per run."""

    @pytest.fixture(scope="session", name=name)
    def signed_in(gateway):
        api = Api(gateway, email)
        yield api
        api.close()

    return signed_in


admin = _signed_in_as(ADMIN, "admin")
caregiver = _signed_in_as(CAREGIVER, "caregiver")
grace = _signed_in_as(GRACE, "grace")
# Sam, who schedules at Downtown, where the Chens are treated.
scheduler = _signed_in_as(SCHEDULER_DOWNTOWN, "scheduler")
pasadena_scheduler = _signed_in_as(SCHEDULER_PASADENA, "pasadena_scheduler")


WEEKDAYS_AND_SATURDAY = [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(6)]


@pytest.fixture(scope="session")
def therapists_at_work(admin) -> None:
    """The demo's therapists have no working hours: the admin gives Dana, Priya and Marcus theirs at
    Downtown (the same as the page tests give, so either may come first)."""
    body = {"periods": [{"effective_from": str(date.today()), "hours": WEEKDAYS_AND_SATURDAY}]}
    for therapist in (DANA, PRIYA, MARCUS):
        path = f"/api/admin/therapists/{therapist}/working-hours/{demo.DOWNTOWN}"
        # Until the calendar's copy of the settings knows the therapist.
        wait_for(lambda path=path: admin.call("PUT", path, json=body).status_code == 200, timeout=60)


@pytest.fixture
def settings_restored(admin):
    """Whatever a test changes in the clinic's settings through the admin API is put back after it."""
    clinic = admin.ok("GET", "/api/admin/clinic")
    locations = admin.ok("GET", "/api/admin/locations")
    cases = admin.ok("GET", "/api/admin/patient-cases")
    yield
    now = admin.ok("GET", "/api/admin/clinic")
    if now["request_policy"] != clinic["request_policy"]:
        admin.ok("PUT", "/api/admin/clinic/request-policy", json=clinic["request_policy"])
    _put_back(admin, "locations", locations, "location_id", ("appointment-requests", "operating-hours", "closures"))
    _put_back(admin, "patient-cases", cases, "case_id", ("appointment-requests", "requestable-visit-types"))
    if now["appointment_requests_enabled"] != clinic["appointment_requests_enabled"]:
        admin.ok(
            "PUT", "/api/admin/clinic/appointment-requests", json={"enabled": clinic["appointment_requests_enabled"]}
        )


_ASPECTS = {
    "appointment-requests": lambda entity: {"enabled": entity["allow_appointment_requests"]},
    "operating-hours": lambda entity: entity["operating_hours"],
    "closures": lambda entity: entity["closures"],
    "requestable-visit-types": lambda entity: entity["requestable_visit_type_ids"],
}


def _put_back(admin, collection: str, was: list[dict], id_field: str, aspects: tuple[str, ...]) -> None:
    now = {entity[id_field]: entity for entity in admin.ok("GET", f"/api/admin/{collection}")}
    for entity in was:
        for aspect in aspects:
            body = _ASPECTS[aspect](entity)
            if _ASPECTS[aspect](now[entity[id_field]]) != body:
                admin.ok("PUT", f"/api/admin/{collection}/{entity[id_field]}/{aspect}", json=body)


@pytest.fixture
def lilys_case_open(admin, therapists_at_work, settings_restored, stack):
    """Lily's case takes requests (as the story test sets it up), with a booking horizon long
    enough to reach past the next change of the clocks, once availability has it too."""
    admin.ok("PUT", f"/api/admin/locations/{demo.DOWNTOWN}/appointment-requests", json={"enabled": True})
    admin.ok("PUT", f"/api/admin/patient-cases/{LILY_CASE}/appointment-requests", json={"enabled": True})
    admin.ok(
        "PUT",
        f"/api/admin/patient-cases/{LILY_CASE}/requestable-visit-types",
        json=[str(demo.TREATMENT), str(demo.RE_EVALUATION)],
    )
    policy = admin.ok("GET", "/api/admin/clinic")["request_policy"]
    admin.ok("PUT", "/api/admin/clinic/request-policy", json={**policy, "booking_horizon_days": 400})
    until_the_calendar_has(stack, admin.ok("PUT", "/api/admin/clinic/appointment-requests", json={"enabled": True}))
