"""Password resets over real HTTP: asked for by email with one answer for every email, the link
only in the service's log, single use, an hour long; started by an admin with the link in the
answer; and limited per email and per client address."""

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.settings.settings_api import (
    PASSWORD,
    Practice,
    SettingsApi,
    assert_password_set,
    assert_problem,
    links_logged_for,
    token_of,
    unique_email,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

NEW_PASSWORD = "a brand new password"


def an_address() -> str:
    """A client address of the test's own, so its requests count against no other test's."""
    return f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


async def ask(gateway_alone: httpx.AsyncClient, email: str, address: str) -> httpx.Response:
    return await gateway_alone.post("/password-resets", json={"email": email, "client_address": address})


async def complete(gateway_alone: httpx.AsyncClient, link: str, password: str = NEW_PASSWORD) -> httpx.Response:
    return await gateway_alone.post("/password-resets/complete", json={"token": token_of(link), "password": password})


async def verify(api: SettingsApi, email: str, password: str) -> int:
    return (await api.http.post("/credentials/verify", json={"email": email, "password": password})).status_code


async def test_a_forgotten_password_is_reset_through_the_logged_link_once(
    api: SettingsApi, practice: Practice, gateway_alone, stack
) -> None:
    parent = await api.portal_user(practice.clinic, practice.patient)
    asked = await ask(gateway_alone, parent["email"].upper(), an_address())
    assert (asked.status_code, asked.content) == (202, b"null")
    (link,) = links_logged_for(stack, parent["portal_user_id"])
    assert link.startswith(f"{stack.url('gateway')}/reset-password#token=")
    assert PASSWORD not in stack.services["settings"].log_path.read_text()

    done = await complete(gateway_alone, link)
    assert_password_set(done, practice, parent["portal_user_id"], parent["email"])
    assert await verify(api, parent["email"], NEW_PASSWORD) == 200
    assert await verify(api, parent["email"], PASSWORD) == 401
    assert_problem(await complete(gateway_alone, link, "yet another password"), 409, "password-reset-already-used")
    assert NEW_PASSWORD not in stack.services["settings"].log_path.read_text()


async def test_an_unknown_email_gets_the_same_answer_and_no_link_is_made(
    api: SettingsApi, practice: Practice, gateway_alone, stack
) -> None:
    staff = await api.staff_user(practice.clinic)
    invited = await api.invitation(practice.clinic)
    deactivated = await api.portal_user(practice.clinic)
    await api.ok("PATCH", f"/portal-users/{deactivated['portal_user_id']}", {"active": False})
    known = await ask(gateway_alone, staff["email"], an_address())
    answers = [
        await ask(gateway_alone, email, an_address())
        for email in (unique_email("nobody"), "not an email", invited["email"], deactivated["email"])
    ]
    assert {(answer.status_code, answer.content, answer.headers["content-type"]) for answer in answers} == {
        (known.status_code, known.content, known.headers["content-type"])
    }
    assert len(links_logged_for(stack, staff["staff_user_id"])) == 1
    # Who has not accepted their invitation, or was deactivated, gets no reset link.
    assert links_logged_for(stack, invited["user_id"]) == links_logged_for(stack, deactivated["portal_user_id"]) == []
    assert len(links_logged_for(stack, invited["user_id"], "invitation")) == 1


async def test_an_admin_starts_a_reset_and_only_the_newest_link_works(
    api: SettingsApi, practice: Practice, gateway_alone, stack
) -> None:
    staff = await api.staff_user(practice.clinic, permissions=["scheduling"])
    await ask(gateway_alone, staff["email"], an_address())
    (asked,) = links_logged_for(stack, staff["staff_user_id"])
    started = await api.created(f"/staff-users/{staff['staff_user_id']}/password-reset", {})
    assert set(started) == {"user_id", "kind", "expires_at", "link"}
    assert started["link"] == links_logged_for(stack, staff["staff_user_id"])[-1]
    assert_problem(await complete(gateway_alone, asked), 410, "password-reset-revoked")
    assert (await complete(gateway_alone, started["link"])).status_code == 200
    assert await verify(api, staff["email"], NEW_PASSWORD) == 200


async def test_an_expired_reset_link_is_refused(
    api: SettingsApi, practice: Practice, gateway_alone, service_database_urls
) -> None:
    parent = await api.portal_user(practice.clinic)
    started = await api.created(f"/portal-users/{parent['portal_user_id']}/password-reset", {})
    url = make_url(service_database_urls["settings"])
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )
    try:
        await connection.execute(
            "UPDATE one_time_links SET expires_at = now() - interval '1 minute' WHERE user_id = $1",
            uuid.UUID(parent["portal_user_id"]),
        )
    finally:
        await connection.close()
    assert_problem(await complete(gateway_alone, started["link"]), 410, "password-reset-expired")
    assert await verify(api, parent["email"], PASSWORD) == 200


async def test_a_reset_link_is_good_for_one_hour(api: SettingsApi, practice: Practice) -> None:
    parent = await api.portal_user(practice.clinic)
    started = await api.created(f"/portal-users/{parent['portal_user_id']}/password-reset", {})
    lifetime = datetime.fromisoformat(started["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=55) < lifetime <= timedelta(hours=1)


async def test_an_admin_cannot_reset_an_account_still_invited_or_deactivated(
    api: SettingsApi, practice: Practice
) -> None:
    invited = await api.invitation(practice.clinic, kind="staff")
    not_yet = await api.http.post(f"/staff-users/{invited['user_id']}/password-reset")
    assert_problem(not_yet, 409, "invitation-not-accepted")
    parent = await api.portal_user(practice.clinic)
    await api.ok("PATCH", f"/portal-users/{parent['portal_user_id']}", {"active": False})
    inactive = await api.http.post(f"/portal-users/{parent['portal_user_id']}/password-reset")
    assert_problem(inactive, 422, "account-inactive")
    assert_problem(await api.http.post(f"/portal-users/{uuid.uuid4()}/password-reset"), 404, "portal-user-not-found")


async def test_an_unknown_reset_token_is_not_found(gateway_alone) -> None:
    response = await gateway_alone.post("/password-resets/complete", json={"token": "x" * 43, "password": NEW_PASSWORD})
    assert_problem(response, 404, "password-reset-not-found")


async def test_a_flood_for_one_email_makes_three_links_and_answers_the_same(
    api: SettingsApi, practice: Practice, gateway_alone, stack
) -> None:
    parent = await api.portal_user(practice.clinic)
    answers = [await ask(gateway_alone, parent["email"], an_address()) for _ in range(6)]
    assert {answer.status_code for answer in answers} == {202}
    assert len(links_logged_for(stack, parent["portal_user_id"])) == 3


async def test_many_requests_from_one_address_are_refused_for_a_while(gateway_alone) -> None:
    address = an_address()
    for _ in range(20):
        assert (await ask(gateway_alone, unique_email("guess"), address)).status_code == 202
    refused = await ask(gateway_alone, unique_email("guess"), address)
    problem = assert_problem(refused, 429, "too-many-password-resets")
    assert int(refused.headers["Retry-After"]) == problem["retry_after_seconds"] > 0
    assert (await ask(gateway_alone, unique_email("guess"), an_address())).status_code == 202
