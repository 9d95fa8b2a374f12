"""Every service's refusals are DomainErrors, answered by servicekit's one problem handler: the
error's code, status and title, its message as the detail, its extensions and headers."""

import asyncio
import uuid

import httpx
from fastapi import FastAPI

from servicekit.background import every
from servicekit.errors import DomainError, NotFound, TryLater
from servicekit.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers


class SlotTaken(DomainError):
    code = "slot-taken"
    status = 409
    title = "The time is taken"

    def extensions(self) -> dict[str, object]:
        return {"reason_code": "conflicts_with_calendar"}


MISSING = uuid.UUID(int=7)


def app_that_refuses() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/taken")
    async def taken() -> None:
        raise SlotTaken("Another appointment is there.")

    @app.get("/missing")
    async def missing() -> None:
        raise NotFound("waitlist-entry", MISSING)

    @app.get("/later")
    async def later() -> None:
        raise TryLater("Too many tries.", 30)

    return app


async def answer(path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app_that_refuses())
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path)


async def test_a_refusal_answers_with_its_code_status_title_detail_and_extensions() -> None:
    response = await answer("/taken")
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert (body["code"], body["title"], body["detail"]) == (
        "slot-taken",
        "The time is taken",
        "Another appointment is there.",
    )
    assert body["reason_code"] == "conflicts_with_calendar"


async def test_not_found_names_the_kind_in_its_code_and_message() -> None:
    body = (await answer("/missing")).json()
    assert (body["status"], body["code"]) == (404, "waitlist-entry-not-found")
    assert body["detail"] == f"No waitlist entry has id {MISSING}."


async def test_try_later_says_when_in_the_document_and_the_header() -> None:
    response = await answer("/later")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    assert response.json()["retry_after_seconds"] == 30


async def test_a_background_job_runs_in_rounds_and_outlives_a_failed_one() -> None:
    rounds: list[int] = []

    async def job() -> int:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("the database is away")
        return 1

    wake = asyncio.Event()
    async with every(3600, job, name="test-job", wake=wake):
        while len(rounds) < 3:
            wake.set()
            await asyncio.sleep(0.01)
    assert len(rounds) >= 3
