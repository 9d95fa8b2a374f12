"""Validation at the edge, once: whatever a client sends, the answer is a problem, never a 500, and
nothing invalid is stored. Wall-clock times carry no UTC offset (clinic_contracts.wall_clock),
every integer a query takes is bounded (servicekit.paging), every string is valid Unicode
(servicekit.valid_unicode); then the admin write routes are fuzzed, and slots, a booking and a
submission at a demo location still answer."""

import json
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from uuid import UUID

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from clinic_contracts.events import LocationChanged, PatientCaseChanged, TherapistChanged, VisitTypeChanged
from clinic_settings import demo_data as demo
from servicekit.problems import PROBLEM_MEDIA_TYPE
from tests.demo_copy import DemoCopy
from tests.gateway.gateway_api import (
    ADMIN,
    CAREGIVER,
    DANA,
    LILY,
    LILY_CASE,
    SCHEDULER_DOWNTOWN,
    THEO,
    THEO_CASE,
    Api,
    make_room,
    offline_gateway_app,
    request_body,
    slots,
    wait_for,
    wait_for_gate,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

DOWNTOWN_HOURS = f"/api/admin/locations/{demo.DOWNTOWN}/operating-hours"


def assert_problem(response: httpx.Response, status: int | None = None) -> dict:
    assert response.status_code < 500, f"{response.request.method} {response.request.url}: {response.text[:500]}"
    if status is not None:
        assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE), response.text[:500]
    problem = response.json()
    assert problem["status"] == response.status_code and problem["code"], problem
    return problem


def invalid_at(response: httpx.Response) -> list[list]:
    """The `location` of each error of a 422 `invalid-request`."""
    problem = assert_problem(response, 422)
    assert problem["code"] == "invalid-request", problem
    return [error["location"] for error in problem["errors"]]


# --- Wall-clock times ------------------------------------------------------------------------


@pytest.mark.parametrize("offset", ["Z", "+02:00", "-05:00"])
def test_opening_hours_with_an_offset_are_refused_naming_the_field_and_not_stored(
    admin, settings_restored, offset
) -> None:
    before = admin.ok("GET", f"/api/admin/locations/{demo.DOWNTOWN}")["operating_hours"]
    hours = [
        {"weekday": 0, "start": "09:00:00", "end": "17:00:00"},
        {"weekday": 1, "start": f"09:00:00{offset}", "end": "17:00:00"},
    ]
    assert invalid_at(admin.call("PUT", DOWNTOWN_HOURS, json=hours)) == [["body", 1, "start"]]
    new = {"name": "Offset Harbor", "time_zone": "Europe/Paris", "operating_hours": hours}
    assert invalid_at(admin.call("POST", "/api/admin/locations", json=new)) == [["body", "operating_hours", 1, "start"]]
    assert admin.ok("GET", f"/api/admin/locations/{demo.DOWNTOWN}")["operating_hours"] == before


def test_working_hours_with_an_offset_are_refused_naming_the_field(admin, therapists_at_work) -> None:
    path = f"/api/admin/therapists/{DANA}/working-hours/{demo.DOWNTOWN}"
    before = admin.ok("GET", path)
    body = {
        "periods": [
            {"effective_from": str(date.today()), "hours": [{"weekday": 0, "start": "09:00:00Z", "end": "17:00"}]}
        ]
    }
    assert invalid_at(admin.call("PUT", path, json=body)) == [["body", "periods", 0, "hours", 0, "start"]]
    assert admin.ok("GET", path) == before


def test_the_schemas_say_a_wall_clock_time_has_no_offset() -> None:
    """What a client generates from the OpenAPI document (`format: time` allows an offset)."""
    schemas = offline_gateway_app().openapi()["components"]["schemas"]
    for side in ("start", "end"):
        schema = schemas["OpeningInterval"]["properties"][side]
        assert "format" not in schema and "pattern" in schema and "without a UTC offset" in schema["description"]


# --- Bounded integers ------------------------------------------------------------------------


def test_an_offset_beyond_the_bound_is_a_422_at_the_gateway_and_behind_it(stack, scheduler, caregiver) -> None:
    huge = str(2**63)
    assert invalid_at(scheduler.call("GET", "/api/scheduler/requests", params={"offset": huge})) == [
        ["query", "offset"]
    ]
    assert invalid_at(caregiver.call("GET", "/api/portal/requests", params={"offset": huge})) == [["query", "offset"]]
    behind = httpx.get(f"{stack.url('requests')}/requests", params={"offset": huge}, auth=stack.operator_auth())
    assert invalid_at(behind) == [["query", "offset"]]
    assert scheduler.call("GET", "/api/scheduler/requests", params={"offset": 1000}).status_code == 200


def _numbers(schema: dict) -> list[dict]:
    if schema.get("type") in ("integer", "number"):
        return [schema]
    return [found for option in schema.get("anyOf", []) for found in _numbers(option)] + (
        _numbers(schema["items"]) if "items" in schema else []
    )


def unbounded_parameters(document: dict) -> list[str]:
    return [
        f"{method.upper()} {path} {parameter['name']}"
        for path, by_method in document["paths"].items()
        for method, operation in by_method.items()
        for parameter in operation.get("parameters", [])
        for number in _numbers(parameter["schema"])
        if "maximum" not in number or "minimum" not in number
    ]


def test_every_integer_parameter_of_the_gateway_and_the_services_is_bounded(stack) -> None:
    assert unbounded_parameters(offline_gateway_app().openapi()) == []
    for service in ("settings", "availability", "requests"):
        document = httpx.get(f"{stack.url(service)}/openapi.json", auth=stack.operator_auth(), timeout=10).json()
        assert unbounded_parameters(document) == [], service


# --- Valid Unicode ---------------------------------------------------------------------------


LONE = "\ud800"


def json_body(value) -> dict:
    """As a client may send it: `json.dumps` writes a lone surrogate as the escape `\\ud800`."""
    return {"content": json.dumps(value), "headers": {"content-type": "application/json"}}


def test_a_lone_surrogate_in_a_body_is_a_422_naming_the_field(gateway) -> None:
    signing_in = json_body({"email": f"{LONE}@example.org", "password": "harborview-demo-2026"})
    assert invalid_at(httpx.post(f"{gateway}/api/session", **signing_in)) == [["body", "email"]]
    # The same bytes spelt as UTF-8 (which JSON readers take as the same surrogate).
    raw = b'{"email": "\xed\xa0\x80@example.org", "password": "x"}'
    sent = httpx.post(f"{gateway}/api/session", content=raw, headers={"content-type": "application/json"})
    assert invalid_at(sent) == [["body", "email"]]


def test_a_lone_surrogate_in_a_body_is_refused_by_every_service_too(stack) -> None:
    auth = stack.operator_auth()
    for service, path in (
        ("settings", "/credentials/verify"),
        ("requests", "/requests"),
        ("availability", "/appointments"),
    ):
        sent = httpx.post(f"{stack.url(service)}{path}", auth=auth, **json_body({"nested": [{"x": f"a{LONE}"}]}))
        assert invalid_at(sent) == [["body", "nested", 0, "x"]], service


def test_bytes_that_are_not_utf8_in_a_query_or_path_are_a_422(gateway, scheduler) -> None:
    assert invalid_at(scheduler.call("GET", "/api/scheduler/requests?status=%ED%A0%80")) == [["query", "status"]]
    assert invalid_at(scheduler.call("GET", "/api/scheduler/requests/%FF%FE")) == [["path"]]
    assert scheduler.call("GET", "/api/scheduler/requests?status=pending&note=%C3%A9").status_code == 200


# --- Fuzzing the admin write routes ----------------------------------------------------------

HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            "09:00:00Z",
            "09:00:00+02:00",
            "23:30-14:00",
            "24:00",
            "9:00",
            "",
            " ",
            LONE,
            f"a{LONE}b",
            "\udfff",
            "x" * 5000,
            "NaN",
            "Infinity",
            "2026-02-30",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "00000000-0000-0000-0000-000000000000",
            2**63,
            -(2**63) - 1,
            10**30,
            -1,
            0,
            1.5,
            float("nan"),
            float("inf"),
            True,
            None,
            [],
            {},
            [None],
            {"a": 1},
        ]
    ),
    st.text(alphabet=st.characters(codec=None), max_size=300),
    st.integers(),
    st.floats(),
)


def _paths(value, prefix=()) -> list[tuple]:
    """Every place in a JSON document a value sits, the whole document first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(document, path: tuple, new):
    if not path:
        return new
    copy = json.loads(json.dumps(document))
    holder = copy
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = new
    return copy


@st.composite
def hostile(draw, base):
    """The valid `base` with one or two of its values, or a field of its own, made hostile."""
    body = base
    for _ in range(draw(st.integers(1, 2))):
        body = _replaced(body, draw(st.sampled_from(_paths(body))), draw(HOSTILE_VALUES))
    if isinstance(body, dict) and draw(st.booleans()):
        body = {**body, draw(st.sampled_from(["extra", LONE, "name", "start"])): draw(HOSTILE_VALUES)}
    return body


FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def fuzz(admin: Api, method: str, path: str, base, model: type[BaseModel] | None, created: list | None = None) -> None:
    """Sends hostile variants of `base`: every answer is below 500, a problem from 400 on, and
    what is accepted reads back as a valid document."""

    @FUZZ
    @given(hostile(base))
    def one(body) -> None:
        # allow_nan: NaN and Infinity as Python writes them, which is not JSON but a client may send.
        response = admin.call(method, path, content=json.dumps(body), headers={"content-type": "application/json"})
        if response.status_code >= 400:
            assert_problem(response)
            return
        assert response.status_code in (200, 201), response.text
        if model is not None:
            accepted = model.model_validate(response.json())
            if created is not None and response.status_code == 201:
                created.append(accepted)

    one()


EDGE = DemoCopy(UUID("5b0f8e2a-3c71-4d6e-9a14-7e2c9d0b6f83"), "edge")


@pytest.fixture(scope="module")
def edge(stack) -> SimpleNamespace:
    """The fuzz of the admin write routes runs in a clinic of its own (the demo again under other
    ids, tests.demo_copy): the locations, visit types and cases it makes stay there, and the demo
    clinic the other suites count keeps its own. Its admin, scheduler and caregiver are the demo's,
    and a location, a therapist working there, a visit type, a patient and a case of the fuzz's own."""
    gateway = EDGE.load(stack)
    admin = Api(gateway, EDGE.email(ADMIN))
    location = admin.ok(
        "POST",
        "/api/admin/locations",
        json={
            "name": "Edge Harbor",
            "time_zone": "America/Chicago",
            "address": "1 Edge St",
            "operating_hours": [{"weekday": day, "start": "08:00", "end": "18:00"} for day in range(5)],
        },
    )
    therapist = admin.ok(
        "POST", "/api/admin/therapists", json={"name": "Edge Therapist", "location_ids": [location["location_id"]]}
    )
    visit_type = admin.ok("POST", "/api/admin/visit-types", json={"name": "Edge visit", "duration_minutes": 30})
    patient = admin.ok("POST", "/api/admin/patients", json={"name": "Edge Patient"})
    case = admin.ok(
        "POST",
        "/api/admin/patient-cases",
        json={
            "patient_id": patient["patient_id"],
            "title": "Edge case",
            "primary_therapist_id": therapist["therapist_id"],
            "location_id": location["location_id"],
        },
    )
    clinic = SimpleNamespace(
        admin=admin,
        caregiver=Api(gateway, EDGE.email(CAREGIVER)),
        scheduler=Api(gateway, EDGE.email(SCHEDULER_DOWNTOWN)),
        downtown=EDGE.id(demo.DOWNTOWN),
        treatment=EDGE.id(demo.TREATMENT),
        dana=EDGE.id(DANA),
        lily=EDGE.id(LILY),
        lily_case=EDGE.id(LILY_CASE),
        theo=EDGE.id(THEO),
        theo_case=EDGE.id(THEO_CASE),
        location=location,
        therapist=therapist,
        visit_type=visit_type,
        patient=patient,
        case=case,
    )
    yield clinic
    for api in (clinic.admin, clinic.caregiver, clinic.scheduler):
        api.close()


def _days_ahead(days: int) -> date:
    return date.today() + timedelta(days=days)


def _instant(days: int, hour: int) -> str:
    return datetime.combine(_days_ahead(days), datetime.min.time(), UTC).replace(hour=hour).isoformat()


def test_fuzzed_admin_writes_answer_problems_store_nothing_invalid_and_leave_booking_working(
    edge: SimpleNamespace,
) -> None:
    admin = edge.admin
    location_id = edge.location["location_id"]
    therapist_id = edge.therapist["therapist_id"]
    visit_type_id = edge.visit_type["visit_type_id"]
    case_id = edge.case["case_id"]
    downtown_hours_path = f"/api/admin/locations/{edge.downtown}/operating-hours"
    hours = [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(5)]
    downtown_hours = admin.ok("GET", f"/api/admin/locations/{edge.downtown}")["operating_hours"]
    created: list = []

    fuzz(admin, "PUT", downtown_hours_path, hours, LocationChanged)
    fuzz(
        admin,
        "PUT",
        f"/api/admin/locations/{edge.downtown}/closures",
        [{"first_day": str(_days_ahead(400)), "last_day": str(_days_ahead(401)), "reason": "Edge"}],
        LocationChanged,
    )
    fuzz(
        admin,
        "PATCH",
        f"/api/admin/locations/{location_id}",
        {"name": "Edge Harbor", "address": "1 Edge St", "time_zone": "America/Chicago"},
        LocationChanged,
    )
    fuzz(
        admin,
        "POST",
        "/api/admin/locations",
        {
            "name": "Edge new",
            "time_zone": "America/Chicago",
            "address": "",
            "operating_hours": hours[:1],
            "closures": [],
            "allow_appointment_requests": False,
        },
        LocationChanged,
        created,
    )
    policy = admin.ok("GET", "/api/admin/clinic")["request_policy"]
    fuzz(admin, "PUT", "/api/admin/clinic/request-policy", policy, None)
    admin.ok("PUT", "/api/admin/clinic/request-policy", json=policy)
    fuzz(
        admin,
        "PATCH",
        f"/api/admin/therapists/{therapist_id}",
        {"name": "Edge Therapist", "active": True},
        TherapistChanged,
    )
    wait_for(
        lambda: (
            admin.call("GET", f"/api/admin/therapists/{therapist_id}/working-hours/{location_id}").status_code == 200
        )
    )
    fuzz(
        admin,
        "PUT",
        f"/api/admin/therapists/{therapist_id}/working-hours/{location_id}",
        {
            "periods": [{"effective_from": str(date.today()), "effective_to": None, "hours": hours}],
            "extra_hours": [{"start": _instant(10, 14), "end": _instant(10, 17)}],
        },
        None,
    )
    assert admin.call("GET", f"/api/admin/therapists/{therapist_id}/working-hours/{location_id}").status_code == 200
    fuzz(
        admin,
        "PUT",
        f"/api/admin/therapists/{therapist_id}/time-off",
        [{"start": _instant(20, 0), "end": _instant(21, 0)}],
        None,
    )
    assert admin.call("GET", f"/api/admin/therapists/{therapist_id}/time-off").status_code == 200
    fuzz(
        admin,
        "POST",
        "/api/admin/visit-types",
        {"name": "Edge new visit", "duration_minutes": 30, "active": False},
        VisitTypeChanged,
        created,
    )
    fuzz(
        admin,
        "PATCH",
        f"/api/admin/visit-types/{visit_type_id}",
        {"name": "Edge visit", "duration_minutes": 30},
        VisitTypeChanged,
    )
    fuzz(
        admin,
        "PATCH",
        f"/api/admin/patient-cases/{case_id}",
        {"title": "Edge case", "primary_therapist_id": therapist_id, "location_id": location_id},
        PatientCaseChanged,
    )
    fuzz(
        admin, "PUT", f"/api/admin/patient-cases/{case_id}/requestable-visit-types", [visit_type_id], PatientCaseChanged
    )

    try:
        # Under whatever hours the fuzz left at Downtown: the slots answer, a booking and a
        # submission are answered, and the submission settles.
        _still_answering(edge)
    finally:
        for entity in created:
            if isinstance(entity, LocationChanged) and entity.active:
                admin.ok("PATCH", f"/api/admin/locations/{entity.location_id}", json={"active": False})
            if isinstance(entity, VisitTypeChanged) and entity.active:
                admin.ok("PATCH", f"/api/admin/visit-types/{entity.visit_type_id}", json={"active": False})
    # And with Downtown's hours as they were, booking works as before.
    admin.ok("PUT", downtown_hours_path, json=downtown_hours)
    _books_and_requests(edge)


def _settled(portal: Api, request_id: str) -> dict:
    def final():
        request = portal.ok("GET", f"/api/portal/requests/{request_id}")
        return request if request["status"] != "submitted" else None

    return wait_for(final, timeout=30)


def _still_answering(edge: SimpleNamespace) -> None:
    caregiver, scheduler = edge.caregiver, edge.scheduler
    listed = caregiver.get(
        f"/api/portal/cases/{edge.lily_case}/slots",
        visit_type_id=str(edge.treatment),
        date_from=str(date.today()),
        date_to=str(_days_ahead(14)),
    )
    assert listed.status_code == 200, listed.text
    free = listed.json()["slots"]
    start = free[len(free) // 2]["start"] if free else _instant(5, 15)
    make_room(caregiver, edge.lily_case)
    body = request_body(edge.lily, edge.lily_case, edge.treatment, start, location_id=edge.downtown)
    submitted = caregiver.call("POST", "/api/portal/requests", json=body)
    if submitted.status_code in (201, 202):
        request = _settled(caregiver, submitted.json()["request_id"])
        if request["status"] == "pending":
            caregiver.ok("POST", f"/api/portal/requests/{request['request_id']}/withdraw")
    else:
        assert_problem(submitted)
    booked = scheduler.call("POST", "/api/scheduler/appointments", json=_booking(edge, start))
    if booked.status_code in (200, 201):
        scheduler.ok("POST", f"/api/scheduler/appointments/{booked.json()['appointment_id']}/cancel")
    else:
        assert_problem(booked)


def _booking(edge: SimpleNamespace, start: str) -> dict:
    return {
        "patient_id": str(edge.theo),
        "case_id": str(edge.theo_case),
        "visit_type_id": str(edge.treatment),
        "therapist_id": str(edge.dana),
        "location_id": str(edge.downtown),
        "start": start,
    }


def _books_and_requests(edge: SimpleNamespace) -> None:
    caregiver, scheduler = edge.caregiver, edge.scheduler
    wait_for_gate(caregiver, edge.lily, edge.lily_case, edge.treatment, "within-minimum-notice", edge.downtown)
    make_room(caregiver, edge.lily_case)
    free = slots(caregiver, edge.lily_case, edge.treatment)
    assert free
    body = request_body(edge.lily, edge.lily_case, edge.treatment, free[0]["start"], location_id=edge.downtown)
    submitted = caregiver.call("POST", "/api/portal/requests", json=body)
    assert submitted.status_code in (201, 202), submitted.text
    request = _settled(caregiver, submitted.json()["request_id"])
    assert request["status"] == "pending", request
    caregiver.ok("POST", f"/api/portal/requests/{request['request_id']}/withdraw")
    appointment = scheduler.ok("POST", "/api/scheduler/appointments", json=_booking(edge, free[-1]["start"]))
    scheduler.ok("POST", f"/api/scheduler/appointments/{appointment['appointment_id']}/cancel")
