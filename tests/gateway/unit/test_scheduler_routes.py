"""A few scheduler routes through the whole gateway app (sign-in token, permission, problem
answers), in process, against the fake services."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from clinic_gateway.clients.transport import install_passing_on
from clinic_gateway.routes import scheduler
from servicekit.problems import install_problem_handlers
from tests.gateway.unit.fake_services import FakeClinic

START = datetime(2027, 3, 1, 17, tzinfo=UTC)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    """The scheduler's routes with the gateway's problem answers (the whole app adds the other
    routers, guards and metrics, and takes longer to build than these tests to run)."""
    app = FastAPI()
    install_problem_handlers(app)
    install_passing_on(app)
    app.include_router(scheduler.router)
    return app


@pytest.fixture
async def scheduler_api(app, clinic: FakeClinic) -> AsyncIterator[httpx.AsyncClient]:
    app.state.services = services = clinic.services()
    token, _ = services.tokens.issue(clinic.scheduler_signed_in())
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://gateway", headers=headers) as api:
        yield api


@pytest.fixture
def clinic() -> FakeClinic:
    return FakeClinic()


async def test_declining_answers_with_the_request_as_the_service_has_it(scheduler_api, clinic: FakeClinic) -> None:
    request = clinic.add_request(START)

    declined = await scheduler_api.post(
        f"/api/scheduler/requests/{request.request_id}/decline", json={"reason": "Away that week"}
    )

    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    assert clinic.calls[-1] == f"requests POST /requests/{request.request_id}/decline"


async def test_a_hidden_request_is_not_found_and_not_declined(scheduler_api, clinic: FakeClinic) -> None:
    request = clinic.add_request(START)
    clinic.hidden.add(request.request_id)

    refused = await scheduler_api.post(
        f"/api/scheduler/requests/{request.request_id}/decline", json={"reason": "Away that week"}
    )

    assert refused.status_code == 404 and refused.json()["code"] == "not-found"
    assert clinic.requests[request.request_id].status == "pending"


async def test_the_request_list_answers_the_documented_page(scheduler_api, clinic: FakeClinic) -> None:
    clinic.add_request(START)

    listed = await scheduler_api.get("/api/scheduler/requests")

    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert (page["total"], page["pending_count"], page["items"][0]["patient_name"]) == (1, 1, "Lily Chen")


async def test_without_a_token_nothing_reaches_the_services(app, clinic: FakeClinic) -> None:
    app.state.services = clinic.services()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://gateway") as anonymous:
        refused = await anonymous.get("/api/scheduler/requests")

    assert refused.status_code == 401
    assert clinic.calls == []
