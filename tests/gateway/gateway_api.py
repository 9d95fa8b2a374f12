"""The gateway's API as each demo user sees it, and the demo clinic's ids.

The demo clinic is shared with the other suites on the same stack, so nothing here assumes a clean
slate: times are taken fresh from the slot list, idempotency keys are new each time, and whatever
a test changes in the clinic's settings it puts back.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

import httpx

from clinic_settings import demo_data as demo
from tests.kafka_tools import wait_until

T = TypeVar("T")

ADMIN = "admin@harborview.example"
SCHEDULER_DOWNTOWN = "scheduler.downtown@harborview.example"
SCHEDULER_PASADENA = "scheduler.pasadena@harborview.example"
CAREGIVER = "wei.chen@harborview.example"
GRACE = "grace.okafor@harborview.example"
RUBY = "ruby.nguyen@harborview.example"
HENRY = "henry.alvarez@harborview.example"

DANA = demo.demo_id("therapist/Dana Whitfield")
PRIYA = demo.demo_id("therapist/Priya Raman")
MARCUS = demo.demo_id("therapist/Marcus Oyelaran")


def patient(name: str) -> UUID:
    return demo.demo_id(f"patient/{name}")


def case(patient_name: str, title: str) -> UUID:
    return demo.demo_id(f"case/{patient_name}/{title}")


LILY, OWEN = patient("Lily Chen"), patient("Owen Chen")
LILY_CASE = case("Lily Chen", "Toe walking")  # Dana, Downtown: treatment and re-evaluation
OWEN_CASE = case("Owen Chen", "Developmental delay")  # Priya, Downtown: evaluation and treatment
THEO, THEO_CASE = patient("Theo Walsh"), case("Theo Walsh", "Post-fracture wrist")  # Dana, Downtown


def wait_for(check: Callable[[], T], *, timeout: float = 30, interval: float = 0.2) -> T:
    """Poll until `check` returns something truthy; its last AssertionError is raised on timeout.
    For what travels through Kafka: the services' copies of the settings lag the settings service."""

    async def checked() -> T:
        return check()

    return wait_until(checked, timeout=timeout, interval=interval)


class Api:
    """The gateway as one signed-in user (or nobody)."""

    def __init__(self, gateway: str, email: str | None = None, password: str = demo.DEMO_PASSWORD) -> None:
        self.http = httpx.Client(base_url=gateway, timeout=20)
        self.email = email
        if email is not None:
            session = self.http.post("/api/session", json={"email": email, "password": password})
            assert session.status_code == 200, session.text
            self.session = session.json()
            self.http.headers["Authorization"] = f"Bearer {self.session['token']}"

    def call(self, method: str, path: str, **kwargs) -> httpx.Response:
        return self.http.request(method, path, **kwargs)

    def get(self, path: str, **params) -> httpx.Response:
        return self.http.get(path, params=params)

    def ok(self, method: str, path: str, **kwargs):
        response = self.http.request(method, path, **kwargs)
        assert response.status_code in (200, 201), f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def close(self) -> None:
        self.http.close()


def problem_code(response: httpx.Response) -> str | None:
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        return response.json()["code"]
    return None


def new_key() -> str:
    return str(uuid.uuid4())


def slots(portal: Api, case_id: UUID, visit_type_id: UUID, days: int = 21, start: date | None = None) -> list[dict]:
    """The requestable times, once the calendar knows the case (its copy of the settings lags)."""
    date_from = start or date.today()
    params = {
        "visit_type_id": str(visit_type_id),
        "date_from": str(date_from),
        "date_to": str(date_from + timedelta(days=days)),
    }

    def listed():
        response = portal.get(f"/api/portal/cases/{case_id}/slots", **params)
        assert response.status_code == 200, response.text
        return response.json()["slots"]

    return wait_for(listed)


def submission(
    patient_id: UUID, case_id: UUID, visit_type_id: UUID, location_id: UUID = demo.DOWNTOWN, **asked
) -> dict:
    """A portal submission (a request, a series, preferred times) with a new idempotency key."""
    return {
        "idempotency_key": new_key(),
        "patient_id": str(patient_id),
        "case_id": str(case_id),
        "visit_type_id": str(visit_type_id),
        "location_id": str(location_id),
        **asked,
    }


def request_body(
    patient_id: UUID, case_id: UUID, visit_type_id: UUID, start: str, note: str = "", location_id: UUID = demo.DOWNTOWN
) -> dict:
    return submission(patient_id, case_id, visit_type_id, location_id, start=start, note=note)


def soon() -> str:
    """A start inside the minimum notice: a submission with it is refused by the first closed gate,
    or by the notice when every gate is open, and so never creates a request."""
    return (datetime.now(UTC) + timedelta(hours=1)).replace(second=0, microsecond=0).isoformat()


def first_closed_gate(
    portal: Api, patient_id: UUID, case_id: UUID, visit_type_id: UUID, location_id: UUID = demo.DOWNTOWN
) -> str | None:
    response = portal.call(
        "POST",
        "/api/portal/requests",
        json=request_body(patient_id, case_id, visit_type_id, soon(), location_id=location_id),
    )
    assert response.status_code in (404, 409, 422), response.text
    return problem_code(response) if response.status_code != 404 else response.text


def wait_for_gate(
    portal: Api, patient_id: UUID, case_id: UUID, visit_type_id: UUID, code: str, location_id: UUID = demo.DOWNTOWN
) -> None:
    """Until the request service's copy of the settings answers with this code."""

    def closed_by_it() -> bool:
        closed_by = first_closed_gate(portal, patient_id, case_id, visit_type_id, location_id)
        assert closed_by == code, f"the first closed gate is {closed_by}, not {code}"
        return True

    wait_for(closed_by_it)


def book_theo(scheduler: Api, start: str) -> dict:
    """Theo's treatment with Dana at Downtown at `start`, booked by a scheduler: another of Dana's
    patients taking a time first. The appointment."""
    booking = {
        "patient_id": str(THEO),
        "case_id": str(THEO_CASE),
        "visit_type_id": str(demo.TREATMENT),
        "therapist_id": str(DANA),
        "location_id": str(demo.DOWNTOWN),
        "start": start,
    }
    return scheduler.ok("POST", "/api/scheduler/appointments", json=booking)


def make_room(portal: Api, case_id: UUID) -> None:
    """Withdraw this user's requests still waiting on the case, so the per-case cap has room."""
    for status in ("pending", "submitted"):
        for request in portal.ok("GET", "/api/portal/requests", params={"status": status, "limit": 200})["items"]:
            if request["case_id"] == str(case_id):
                portal.call("POST", f"/api/portal/requests/{request['request_id']}/withdraw")


def lilys_withdrawn_request(caregiver: Api, note: str, *, position: int) -> tuple[dict, list[dict]]:
    """Lily's treatment requested at the free time `1/position` of the way through the list, with
    `note`, once the gate opens; seen pending, then withdrawn. Returns the request and the free times."""
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")
    make_room(caregiver, LILY_CASE)
    free = slots(caregiver, LILY_CASE, demo.TREATMENT)
    body = request_body(LILY, LILY_CASE, demo.TREATMENT, free[len(free) // position]["start"], note=note)
    submitted = caregiver.call("POST", "/api/portal/requests", json=body)
    assert submitted.status_code in (201, 202), submitted.text
    request = submitted.json()
    path = f"/api/portal/requests/{request['request_id']}"
    wait_for(lambda: caregiver.ok("GET", path)["status"] == "pending", timeout=60)
    caregiver.ok("POST", f"{path}/withdraw")
    return request, free


def offline_gateway_app(*, dev_mode: bool = True):
    """A gateway app with keys of its own and no services behind it: for reading its OpenAPI."""
    import secrets

    from clinic_gateway.app import create_app
    from clinic_gateway.config import GatewaySettings
    from servicekit.actor_tokens import SigningKey

    settings = GatewaySettings(
        internal_token_signing_key=SigningKey.generate("offline").text(),
        token_secret=secrets.token_urlsafe(32),
        dev_mode=dev_mode,
    )
    return create_app(settings)


def until_the_calendar_has(stack, clinic: dict) -> None:
    """Until availability's copy of the clinic's settings has this revision of them. It judges a
    hold by its copy, which follows the settings topics a moment behind: right after a test put
    back the clinic's policy and the next one changed it again, a slot listed by the older copy
    could be judged, a moment later, by the one in between (a 60-day horizon put back, then 400
    again: "beyond-booking-horizon" for a time the portal had just offered)."""

    def caught_up() -> bool:
        answer = httpx.get(
            f"{stack.url('availability')}/settings-replica/clinics/{demo.CLINIC_ID}",
            auth=stack.operator_auth("availability"),
            timeout=10,
        )
        return answer.status_code == 200 and answer.json()["revision"] >= clinic["revision"]

    wait_for(caught_up, timeout=30)
