"""When things go wrong: a service down is a quick 503 problem and one hanging a 504, not a hang; a
service that fails is a 500 or 502 problem at the client's path, with the gateway's request id; a
token that is expired, forged or of a deactivated account is a 401, at once.

The gateways with a service missing run in this process, each on an event loop in a thread of its
own: the page tests' Playwright keeps a loop running in the test thread all session long."""

import asyncio
import socket
import time
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from clinic_gateway.app import create_app
from clinic_gateway.config import GatewaySettings
from clinic_settings import demo_data as demo
from servicekit.http_guards import install_http_guards
from servicekit.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from servicekit.request_ids import HEADER as REQUEST_ID
from tests.demo_clinic import new_account, new_caregiver
from tests.gateway.gateway_api import CAREGIVER, LILY, LILY_CASE, Api, request_body, soon

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

SECRET = "a-secret-for-these-tests-only-0123456789"


@contextmanager
def closed_port() -> Iterator[str]:
    """An address nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{probe.getsockname()[1]}"


@contextmanager
def silent_service() -> Iterator[str]:
    """An address that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@asynccontextmanager
async def gateway_app(stack, services: dict[str, FastAPI] | None = None, **urls) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway in this process, with the real services unless told otherwise: `urls` where one
    is instead, or `services`, a service's app called in this process."""
    settings = GatewaySettings(
        settings_url=urls.get("settings", stack.url("settings")),
        availability_url=urls.get("availability", stack.url("availability")),
        requests_url=urls.get("requests", stack.url("requests")),
        service_timeout_seconds=1,
        token_secret=SECRET,
        internal_token_signing_key=stack.gateway_key.text(),
    )
    app = create_app(settings)
    for name, service in (services or {}).items():
        client = getattr(app.state.services, name)
        await client.http.aclose()
        client.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=service), base_url=f"http://{name}")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway") as client:
        yield client
    await app.state.services.close()


def token(email: str = CAREGIVER, minutes: float = 5, secret: str = SECRET, algorithm: str = "HS256") -> str:
    """A portal user's token, as the gateway would issue it: without signing in, which is slow on
    a busy machine (a deliberately slow password hash) and needs the settings service."""
    claims = {
        "sub": str(demo.demo_id(f"portal-user/{email.split('@')[0]}")),
        "kind": "portal",
        "clinic": str(demo.CLINIC_ID),
    }
    return jwt.encode(claims | {"exp": datetime.now(UTC) + timedelta(minutes=minutes)}, secret, algorithm=algorithm)


def signed_in() -> dict[str, str]:
    return {"Authorization": f"Bearer {token()}"}


def in_own_thread(scenario: Coroutine) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario).result()


def a_problem(response: httpx.Response, status: int, code: str, path: str) -> dict:
    """A problem of the gateway's at the path the client called, naming the call's request id."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE)
    problem = response.json()
    assert (problem["code"], problem["instance"]) == (code, path)
    assert problem["request_id"] == response.headers[REQUEST_ID]
    return problem


def quick_503(response: httpx.Response, started: float, service: str) -> None:
    assert time.monotonic() - started < 3, "a quick answer, not a hang"
    problem = a_problem(response, 503, "service-unavailable", response.request.url.path)
    assert service in problem["detail"]


def test_a_service_that_is_down_is_a_quick_503(stack, gateway) -> None:
    in_own_thread(_with_services_down(stack))


async def _with_services_down(stack) -> None:
    with closed_port() as nowhere:
        async with gateway_app(stack, availability=nowhere, requests=nowhere) as client:
            headers = signed_in()
            dates = "date_from=2030-01-07&date_to=2030-01-08"
            slots = f"/api/portal/cases/{LILY_CASE}/slots?visit_type_id={demo.TREATMENT}&{dates}"
            for method, path, service in (
                ("GET", "/api/portal/requests", "requests"),
                ("POST", f"/api/portal/requests/{uuid.uuid4()}/withdraw", "requests"),
                ("GET", slots, "availability"),
            ):
                started = time.monotonic()
                quick_503(await client.request(method, path, headers=headers), started, service)
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"] == {
                "settings": "ok",
                "availability": "unavailable",
                "requests": "unavailable",
            }
        async with gateway_app(stack, settings=nowhere) as client:
            started = time.monotonic()
            signing_in = await client.post("/api/session", json={"email": CAREGIVER, "password": demo.DEMO_PASSWORD})
            quick_503(signing_in, started, "settings")


def test_a_service_that_does_not_answer_is_a_504_after_the_timeout(stack, gateway) -> None:
    in_own_thread(_with_a_silent_service(stack))


async def _with_a_silent_service(stack) -> None:
    with silent_service() as silent:
        async with gateway_app(stack, requests=silent) as client:
            headers = signed_in()
            started = time.monotonic()
            response = await client.get("/api/portal/requests", headers=headers)
            assert time.monotonic() - started < 3, "a quick answer, not a hang"
            problem = a_problem(response, 504, "service-timed-out", "/api/portal/requests")
            assert "requests service did not answer in time" in problem["detail"]


def test_a_failing_service_is_a_problem_at_the_clients_path_with_the_gateways_request_id(stack, gateway) -> None:
    in_own_thread(_with_a_failing_service(stack))


def failing_requests_service(request_ids: list[str]) -> FastAPI:
    """A requests service, as servicekit builds every service's app, whose every answer fails: by an
    exception, or by a plain-text 500 such as a proxy in front of it might give."""
    service = FastAPI()
    install_problem_handlers(service)
    install_http_guards(service, request_id_from_caller=True)

    @service.get("/requests")
    async def listing(request: Request) -> dict:
        request_ids.append(request.headers[REQUEST_ID])
        raise RuntimeError("connection to server at 10.0.0.7 failed: FATAL: password authentication failed")

    @service.get("/requests/{request_id}")
    async def one() -> PlainTextResponse:
        return PlainTextResponse("Internal Server Error", status_code=500)

    return service


async def _with_a_failing_service(stack) -> None:
    request_ids: list[str] = []
    async with gateway_app(stack, services={"requests": failing_requests_service(request_ids)}) as client:
        failed = await client.get("/api/portal/requests", headers=signed_in())
        problem = a_problem(failed, 500, "internal-error", "/api/portal/requests")
        assert request_ids == [problem["request_id"]], "the service was called under the gateway's id"
        assert "10.0.0.7" not in failed.text and "RuntimeError" not in failed.text

        path = f"/api/portal/requests/{uuid.uuid4()}"
        a_problem(await client.get(path, headers=signed_in()), 502, "service-failed", path)

        # A real service's problem, relayed: at the client's path, not the service's own (`/slots`).
        slots = f"/api/portal/cases/{LILY_CASE}/slots?visit_type_id={demo.TREATMENT}&date_from=2030-01-08&date_to=2030-01-07"
        refused = await client.get(slots, headers=signed_in())
        assert refused.status_code == 422, refused.text
        assert (refused.json()["code"], refused.json()["instance"]) == (
            "invalid-date-range",
            f"/api/portal/cases/{LILY_CASE}/slots",
        )


def test_tokens_that_are_expired_forged_or_garbage_are_refused(stack, gateway) -> None:
    in_own_thread(_with_bad_tokens(stack))


async def _with_bad_tokens(stack) -> None:
    async with gateway_app(stack) as client:
        for authorization, says in (
            (f"Bearer {token(minutes=-1)}", "expired"),
            (f"Bearer {token(secret='another-secret-of-the-same-length-0123456')}", "not valid"),
            (f"Bearer {token(secret=None, algorithm='none')}", "not valid"),
            ("Bearer not-a-token", "not valid"),
            (f"Basic {token()}", "Bearer"),
            ("", "Bearer"),
        ):
            response = await client.get("/api/portal/patients", headers={"Authorization": authorization})
            assert response.status_code == 401, (authorization, response.text)
            assert response.json()["code"] == "not-signed-in" and says in response.json()["detail"]
        assert (await client.get("/api/portal/patients", headers=signed_in())).status_code == 200


def test_a_deactivated_account_is_refused_at_once(stack, gateway, admin) -> None:
    settings = httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20)
    suffix = uuid.uuid4().hex[:8]
    portal_user = new_caregiver(stack, "Sky Test", f"sky.{suffix}@harborview.example")
    staff_user = new_account(
        stack,
        "staff-users",
        "Casey Test",
        f"casey.{suffix}@harborview.example",
        permissions=["scheduling"],
        all_locations=True,
    )
    portal = Api(gateway, portal_user["email"])
    staff = Api(gateway, staff_user["email"])
    assert (
        portal.get("/api/me").status_code == 200
        and staff.get("/api/scheduler/requests/pending-count").status_code == 200
    )

    admin.ok("PUT", f"/api/admin/portal-users/{portal_user['portal_user_id']}/active", json={"active": False})
    for path in ("/api/me", "/api/portal/patients"):
        refused = portal.get(path)
        assert (refused.status_code, refused.json()["code"]) == (401, "not-signed-in"), refused.text
    # The portal's submission and slots read the account with the request's settings, in one call.
    today = datetime.now(UTC).date()
    slots = {"visit_type_id": str(demo.TREATMENT), "date_from": str(today), "date_to": str(today + timedelta(days=7))}
    for refused in (
        portal.call("POST", "/api/portal/requests", json=request_body(LILY, LILY_CASE, demo.TREATMENT, soon())),
        portal.call("GET", f"/api/portal/cases/{LILY_CASE}/slots", params=slots),
    ):
        assert (refused.status_code, refused.json()["code"]) == (401, "not-signed-in"), refused.text

    admin.ok("PUT", f"/api/admin/staff-users/{staff_user['staff_user_id']}/permissions", json=[])
    without = staff.get("/api/scheduler/requests/pending-count")
    assert (without.status_code, without.json()["code"]) == (403, "scheduling-permission-required")
    settings.patch(f"/staff-users/{staff_user['staff_user_id']}", json={"active": False}).raise_for_status()
    assert staff.get("/api/me").status_code == 401
    again = Api(gateway).call(
        "POST", "/api/session", json={"email": portal_user["email"], "password": demo.DEMO_PASSWORD}
    )
    assert (again.status_code, again.json()["code"]) == (401, "invalid-credentials")
    settings.close()
