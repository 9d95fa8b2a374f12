"""Schemathesis over every OpenAPI document of the running stack: 0 answers of 500 or more, and
every 4xx a problem document; after it, the whole story still works.

The gateway is fuzzed as each of three signed-in roles of the fuzz's own clinic (tests/fuzz/
fuzz_clinic.py: the demo clinic under other ids), the back-end services each with an operator's
actor token. Ids in paths, queries and bodies are mostly the clinic's real ones, so the cases get
past "not found" into the rules behind it. Bounded for CI: MAX_EXAMPLES per operation per target in
the fuzzing phase, besides the schema's examples and schemathesis' coverage phase. The counts and
every wrong answer (with a curl command) are printed at the end of the run.

The tests of this module run in order: the gateway as each role, the services, then the story.
"""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from clinic_settings.demo import DemoLoader
from clinic_settings.domain.clinic import DEFAULT_REQUEST_POLICY
from servicekit.actor_tokens import Actor, ActorTokenSigner, SystemActor
from tests.fuzz import fuzz_clinic as clinic
from tests.fuzz.tally import TALLY
from tests.gateway.gateway_api import Api, new_key, wait_for
from tests.kafka_tools import eventually, lag_of_groups

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

MAX_EXAMPLES = 25
AT_LEAST = 5_000
# The fuzz signs in and asks for password resets from an address of its own (the test stack trusts
# X-Forwarded-For from 127.0.0.1), so the back-off its failures earn does not reach other tests.
FUZZ_ADDRESS = "198.51.100.25"
ROLES = ("caregiver", "scheduler", "admin")  # the admin last: what it changes the others need
SERVICES = ("settings", "availability", "requests")
CONFIG = schemathesis.Config.from_dict({"generation": {"max-examples": MAX_EXAMPLES}})
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


# --- the clinic's real ids in the cases -------------------------------------------------------


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _real(name: str, value, real_ids: dict[str, list[str]]):
    """A demo id or email becomes the fuzz clinic's (the schema's examples name the demo's: a
    password reset for a demo user would use up their resets for the other tests); a generated id
    for a kind the clinic has becomes one of the clinic's, chosen by the generated value (so a
    case stays reproducible), or stays as it is one time in (n + 1), for "not found"."""
    if isinstance(value, str) and value in clinic.FROM_DEMO:
        return clinic.FROM_DEMO[value]
    if isinstance(value, str):
        value = clinic.email(value)
    ids = real_ids.get(name)
    if not ids or not isinstance(value, str) or not _is_uuid(value):
        return value
    pick = uuid.UUID(value).int % (len(ids) + 1)
    return ids[pick] if pick < len(ids) else value


def with_real_ids(case, real_ids: dict[str, list[str]]) -> None:
    for part in (case.path_parameters, case.query):
        if part:
            for name, value in part.items():
                part[name] = _real(name, value, real_ids)
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if isinstance(value, list):
                case.body[name] = [_real(name.removesuffix("s"), item, real_ids) for item in value]
            else:
                case.body[name] = _real(name, value, real_ids)


# --- something to act on: requests, one with an appointment -----------------------------------


def call_and_judge(target: str, case, real_ids: dict[str, list[str]], headers: dict[str, str]) -> None:
    """One fuzzed case against `target`, its ids made real ones, timed and judged by the tally."""
    with_real_ids(case, real_ids)
    with TALLY.timed(target, case):
        response = case.call(headers=headers, timeout=60)
    TALLY.judge(target, case, response)


def _submitted(caregiver: Api, start: str, case: dict, visit_type_id) -> dict:
    """A request for the case at `start`, once the calendar holds its time."""
    body = {
        "idempotency_key": new_key(),
        "patient_id": str(case["patient_id"]),
        "case_id": str(case["case_id"]),
        "visit_type_id": str(visit_type_id),
        "location_id": str(case["location_id"]),
        "start": start,
    }
    response = caregiver.call("POST", "/api/portal/requests", json=body)
    assert response.status_code in (201, 202), response.text
    path = response.headers["Location"]
    return wait_for(lambda: (request := caregiver.ok("GET", path))["status"] == "pending" and request)


def portal_slots(caregiver: Api, case_id, visit_type_id) -> list[dict]:
    today = datetime.now(UTC).date()
    params = {"visit_type_id": str(visit_type_id), "date_from": str(today), "date_to": str(today + timedelta(days=21))}

    def listed():
        response = caregiver.call("GET", f"/api/portal/cases/{case_id}/slots", params=params)
        assert response.status_code == 200, response.text
        return response.json()["slots"]

    return wait_for(listed, timeout=60)


@pytest.fixture(scope="module")
def real_ids(fuzz_roles) -> dict[str, list[str]]:
    caregiver, scheduler = fuzz_roles["caregiver"], fuzz_roles["scheduler"]
    # Three: the most a case may have waiting.
    starts = [slot["start"] for slot in portal_slots(caregiver, clinic.LILY_CASE, clinic.TREATMENT)[:24:8]]
    lily = next(case for case in clinic.DATA.CASES if case["case_id"] == clinic.LILY_CASE)
    requests = [_submitted(caregiver, start, lily, clinic.TREATMENT) for start in starts]
    approved = scheduler.ok("POST", f"/api/scheduler/requests/{requests[0]['request_id']}/approve")
    return {
        **clinic.REAL_IDS,
        "request_id": [request["request_id"] for request in requests],
        "appointment_id": [approved["appointment_id"]],
    }


# --- the gateway, as each role ----------------------------------------------------------------


@pytest.fixture(scope="module", params=ROLES)
def gateway_role(request) -> str:
    return request.param


@pytest.fixture
def gateway_schema(fuzz_gateway, gateway_role):
    return schemathesis.openapi.from_url(f"{fuzz_gateway}/openapi.json", config=CONFIG)


gateway = schemathesis.pytest.from_fixture("gateway_schema")


@gateway.parametrize()
@FUZZ_SETTINGS
def test_the_gateway_answers_every_role_without_a_server_error(case, gateway_role, fuzz_roles, real_ids) -> None:
    headers = {"Authorization": f"Bearer {fuzz_roles[gateway_role].session['token']}", "X-Forwarded-For": FUZZ_ADDRESS}
    call_and_judge(f"gateway as {gateway_role}", case, real_ids, headers)


# --- each back-end service, with an operator's token ------------------------------------------

OPERATOR = Actor.system(SystemActor.OPERATOR)


@pytest.fixture(scope="module", params=SERVICES)
def service(request) -> str:
    return request.param


@pytest.fixture
def service_schema(stack, service):
    token = ActorTokenSigner(stack.operator_key).token(OPERATOR, service)
    return schemathesis.openapi.from_url(
        f"{stack.url(service)}/openapi.json", config=CONFIG, headers={"Authorization": f"Bearer {token}"}
    )


services = schemathesis.pytest.from_fixture("service_schema")


@services.parametrize()
@FUZZ_SETTINGS
def test_each_service_answers_without_a_server_error(case, service, stack, real_ids) -> None:
    # Actor tokens live a minute: one of its own for each call.
    token = ActorTokenSigner(stack.operator_key).token(OPERATOR, service)
    call_and_judge(f"{service} service", case, real_ids, {"Authorization": f"Bearer {token}"})


# --- the verdict, and the story after it ------------------------------------------------------


def test_no_target_answered_with_a_server_error_or_a_4xx_that_is_no_problem() -> None:
    assert set(TALLY.cases) == {*(f"gateway as {role}" for role in ROLES), *(f"{s} service" for s in SERVICES)}
    wrong = sum(len(kinds) for kinds in TALLY.wrong.values())
    assert wrong == 0, "\n".join(TALLY.report())


def test_the_fuzz_ran_enough_cases() -> None:
    assert TALLY.total >= AT_LEAST, "\n".join(TALLY.report())


def test_every_service_catches_up_with_what_the_fuzz_changed(kafka, consumer_group_prefix) -> None:
    """Thousands of settings written by the fuzz's admin reach every service's copy: each consumer
    group handles its backlog (bounded, generously), so the suites after this one start from a
    quiet system rather than racing a backlog with their own short waits."""

    async def caught_up() -> dict[str, int]:
        behind = {group: lag for group, lag in (await lag_of_groups(kafka, consumer_group_prefix)).items() if lag}
        assert not behind, f"still behind: {behind}"
        return {"caught up": 0}

    asyncio.run(eventually(caught_up, timeout=600, interval=1))


def _fresh_corner() -> SimpleNamespace:
    """A location with a therapist, a visit type, a patient and case, a caregiver and a scheduler
    the fuzz never saw, in the fuzz's clinic: what the story needs, whatever the fuzz changed."""
    ids = {name: uuid.uuid4() for name in ("location", "visit_type", "therapist", "patient", "case", "portal", "staff")}
    mark = ids["case"].hex[:8]
    return SimpleNamespace(
        CLINIC_ID=clinic.DATA.CLINIC_ID,
        CLINIC=clinic.DATA.CLINIC,
        DEMO_PASSWORD=clinic.DATA.DEMO_PASSWORD,
        LOCATIONS=[
            {
                "location_id": ids["location"],
                "name": f"After the fuzz {mark}",
                "time_zone": "America/New_York",
                "address": "1 Quiet Street, Boston, MA 02110",
                "allow_appointment_requests": True,
                "operating_hours": [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(7)],
                "closures": [],
            }
        ],
        VISIT_TYPES=[{"visit_type_id": ids["visit_type"], "name": f"Check-up {mark}", "duration_minutes": 30}],
        THERAPISTS=[{"therapist_id": ids["therapist"], "name": f"Therapist {mark}", "location_ids": [ids["location"]]}],
        PATIENTS=[{"patient_id": ids["patient"], "name": f"Patient {mark}"}],
        CASES=[
            {
                "case_id": ids["case"],
                "patient_id": ids["patient"],
                "title": "After the fuzz",
                "primary_therapist_id": ids["therapist"],
                "location_id": ids["location"],
                "allow_appointment_requests": True,
                "requestable_visit_type_ids": [ids["visit_type"]],
                "discharged": False,
            }
        ],
        PORTAL_USERS=[
            {
                "portal_user_id": ids["portal"],
                "name": f"Caregiver {mark}",
                "email": clinic.email(f"caregiver-{mark}@harborview.example"),
                "password": clinic.DATA.DEMO_PASSWORD,
                "role": "caregiver",
                "patient_ids": [ids["patient"]],
            }
        ],
        STAFF_USERS=[
            {
                "staff_user_id": ids["staff"],
                "name": f"Scheduler {mark}",
                "email": clinic.email(f"scheduler-{mark}@harborview.example"),
                "password": clinic.DATA.DEMO_PASSWORD,
                "permissions": ["scheduling"],
                "all_locations": False,
                "location_ids": [ids["location"]],
            }
        ],
    )


def test_after_the_fuzz_what_it_stored_answers_and_the_whole_story_works(stack) -> None:
    today = datetime.now(UTC).date()
    window = {"date_from": str(today), "date_to": str(today + timedelta(days=14))}
    # What the fuzz left in the clinic still answers: every case's slots, every location's calendar.
    with httpx.Client(base_url=stack.url("availability"), auth=stack.operator_auth("availability"), timeout=30) as http:
        for case in clinic.DATA.CASES:
            for visit_type_id in case["requestable_visit_type_ids"]:
                params = {"case_id": str(case["case_id"]), "visit_type_id": str(visit_type_id), **window}
                answer = http.get("/slots", params=params)
                assert answer.status_code < 500, (case["title"], answer.text)
        for location in clinic.DATA.LOCATIONS:
            answer = http.get("/calendar", params={"location_id": str(location["location_id"]), **window})
            assert answer.status_code < 500, (location["name"], answer.text)

    # The story, in a corner of the clinic the fuzz never saw, under the clinic's default policy
    # (the fuzz's admin may have changed it, and the clinic's switch, to anything valid).
    corner = _fresh_corner()
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth("settings"), timeout=30) as http:
        DemoLoader(http, corner).load()
        policy = {"request_policy": DEFAULT_REQUEST_POLICY.model_dump(mode="json")}
        assert http.patch(f"/clinics/{clinic.DATA.CLINIC_ID}", json=policy).status_code == 200
    case, therapist, location = corner.CASES[0], corner.THERAPISTS[0], corner.LOCATIONS[0]
    hours = {"periods": [{"effective_from": str(today), "hours": location["operating_hours"]}]}
    with httpx.Client(base_url=stack.url("availability"), auth=stack.operator_auth("availability"), timeout=30) as http:
        path = f"/therapists/{therapist['therapist_id']}/working-hours/{location['location_id']}"
        # Until the calendar's copy of the settings knows the therapist.
        wait_for(lambda: http.put(path, json=hours).status_code == 200, timeout=60)
    gateway = stack.url("gateway")
    caregiver, scheduler = Api(gateway, corner.PORTAL_USERS[0]["email"]), Api(gateway, corner.STAFF_USERS[0]["email"])
    visit_type_id = corner.VISIT_TYPES[0]["visit_type_id"]
    offered = portal_slots(caregiver, case["case_id"], visit_type_id)
    assert offered, "no slots in a week of open hours"
    request = _submitted(caregiver, offered[0]["start"], case, visit_type_id)
    listed = scheduler.ok("GET", "/api/scheduler/requests")["items"]
    assert [item["request_id"] for item in listed] == [request["request_id"]]
    caregiver.close()
    scheduler.close()
