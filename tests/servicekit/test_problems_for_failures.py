"""A failure nobody foresaw is still a problem document: a 500 `internal-error` with the call's
request id, and no word of the exception, whose text and trace go to the log with that id.

The app is built here from servicekit's own installers, the ones every service and the gateway
call, so the answer is what they give."""

import logging

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from servicekit.db import create_engine
from servicekit.http_guards import install_http_guards
from servicekit.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from servicekit.request_ids import HEADER
from tests.infrastructure import free_port

SECRET = "relation patients_secret_table does not exist"


def app_that_fails(*, request_id_from_caller: bool) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    install_http_guards(app, request_id_from_caller=request_id_from_caller)

    @app.get("/calendar")
    async def calendar() -> dict:
        raise RuntimeError(SECRET)

    @app.get("/fine")
    async def fine() -> dict:
        return {"fine": True}

    return app


async def call(app: FastAPI, path: str, headers: dict | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path, headers=headers)


async def test_an_unhandled_exception_is_a_500_problem_with_the_request_id_and_nothing_more(caplog) -> None:
    with caplog.at_level(logging.INFO):
        answer = await call(app_that_fails(request_id_from_caller=False), "/calendar")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == PROBLEM_MEDIA_TYPE
    problem = answer.json()
    request_id = answer.headers[HEADER]
    assert {key: problem[key] for key in ("code", "status", "instance", "request_id")} == {
        "code": "internal-error",
        "status": 500,
        "instance": "/calendar",
        "request_id": request_id,
    }
    assert SECRET not in answer.text and "RuntimeError" not in answer.text and "Traceback" not in answer.text
    assert answer.headers["x-content-type-options"] == "nosniff", "inside the security headers"
    [failure] = [record for record in caplog.records if record.exc_info]
    assert request_id in failure.getMessage() and SECRET in str(failure.exc_info[1])


async def test_a_service_keeps_the_callers_request_id_and_the_gateway_makes_its_own() -> None:
    sent = {HEADER: "0b6f5b7e-5c1d-4e0a-9f3e-1d2c3b4a5f60"}
    service = await call(app_that_fails(request_id_from_caller=True), "/calendar", sent)
    assert service.headers[HEADER] == service.json()["request_id"] == sent[HEADER]
    gateway = await call(app_that_fails(request_id_from_caller=False), "/calendar", sent)
    assert gateway.headers[HEADER] == gateway.json()["request_id"] != sent[HEADER]


@pytest.mark.parametrize("sent", ["", "short", "a" * 65, "an id with spaces", "0b6f5b7e;level=ERROR"])
async def test_an_id_that_is_not_an_id_is_replaced_before_it_reaches_a_log(sent: str) -> None:
    answer = await call(app_that_fails(request_id_from_caller=True), "/fine", {HEADER: sent})
    assert answer.status_code == 200 and answer.headers[HEADER] != sent and len(answer.headers[HEADER]) == 36


async def test_a_database_that_is_not_answering_is_a_503_problem_the_caller_may_try_again() -> None:
    """What the gateway passes on while PostgreSQL restarts: 503 `service-unavailable`, not 500."""
    app = FastAPI()
    install_problem_handlers(app)
    install_http_guards(app, request_id_from_caller=True)
    engine = create_engine(f"postgresql+asyncpg://clinic:clinic@127.0.0.1:{free_port()}/clinic")

    @app.get("/calendar")
    async def calendar() -> dict:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return {}

    try:
        answer = await call(app, "/calendar")
    finally:
        await engine.dispose()
    assert answer.status_code == 503
    assert answer.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert answer.json()["code"] == "service-unavailable"
    assert "Connect call failed" not in answer.text and "127.0.0.1" not in answer.text
