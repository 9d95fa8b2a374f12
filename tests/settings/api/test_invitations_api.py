"""Invitations over real HTTP: an admin invites, the invited person (through the gateway) looks
the invitation up and accepts it with a password, and every way a link can no longer be used has
its own problem."""

import asyncio
import hashlib
import uuid

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from servicekit.actor_tokens import Actor
from tests.settings.settings_api import (
    PASSWORD,
    Practice,
    SettingsApi,
    assert_password_set,
    assert_problem,
    token_of,
    unique_email,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def database(service_database_urls) -> asyncpg.Connection:
    url = make_url(service_database_urls["settings"])
    return await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )


async def verify(api: SettingsApi, email: str, password: str = PASSWORD) -> httpx.Response:
    return await api.http.post("/credentials/verify", json={"email": email, "password": password})


async def accept(gateway_alone: httpx.AsyncClient, link: str, password: str = PASSWORD) -> httpx.Response:
    return await gateway_alone.post("/invitations/accept", json={"token": token_of(link), "password": password})


async def look_up(gateway_alone: httpx.AsyncClient, link: str) -> httpx.Response:
    return await gateway_alone.post("/invitations/lookup", json={"token": token_of(link)})


async def test_an_invited_caregiver_accepts_and_then_signs_in(
    api: SettingsApi, practice: Practice, gateway_alone, stack
) -> None:
    brother = await api.patient(practice.clinic, name="Owen Chen")
    invitation = await api.invitation(practice.clinic, practice.patient, brother, name="Wei Chen")
    assert invitation["kind"] == "portal" and invitation["status"] == "pending"
    assert invitation["link"].startswith(f"{stack.url('gateway')}/invitation#token=")
    # The account is there at once, active, and linked; without a password nobody signs in with it.
    user = await api.ok("GET", f"/portal-users/{invitation['user_id']}")
    assert user["active"] and user["patient_ids"] == [practice.patient["patient_id"], brother["patient_id"]]
    assert_problem(await verify(api, invitation["email"]), 401, "invalid-credentials")

    preview = await look_up(gateway_alone, invitation["link"])
    assert preview.status_code == 200, preview.text
    assert preview.json() == {
        "name": "Wei Chen",
        "email": invitation["email"],
        "clinic_name": practice.clinic["name"],
        "expires_at": invitation["expires_at"],
    }
    accepted = await accept(gateway_alone, invitation["link"])
    assert_password_set(accepted, practice, invitation["user_id"], invitation["email"])
    signed_in = await verify(api, invitation["email"])
    assert signed_in.status_code == 200 and signed_in.json()["user_id"] == invitation["user_id"]

    assert_problem(await accept(gateway_alone, invitation["link"], "another password"), 409, "invitation-already-used")
    assert_problem(await look_up(gateway_alone, invitation["link"]), 409, "invitation-already-used")
    assert (await verify(api, invitation["email"], "another password")).status_code == 401
    (listed,) = await api.ok("GET", f"{practice.clinic_path}/invitations")
    assert listed["status"] == "accepted" and listed["accepted_at"] and listed["link"] is None


async def test_only_the_tokens_hash_is_stored(api: SettingsApi, practice: Practice, service_database_urls) -> None:
    invitation = await api.invitation(practice.clinic)
    token = token_of(invitation["link"])
    assert len(token) >= 43  # 32 random bytes, URL-safe
    connection = await database(service_database_urls)
    try:
        row = await connection.fetchrow(
            "SELECT * FROM one_time_links WHERE link_id = $1", uuid.UUID(invitation["invitation_id"])
        )
    finally:
        await connection.close()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(dict(row))


async def test_an_unknown_or_wrong_token_is_not_found_alike(
    api: SettingsApi, practice: Practice, gateway_alone
) -> None:
    invitation = await api.invitation(practice.clinic)
    wrong = invitation["link"][:-4] + "AAAA"
    unknown = f"https://anywhere.example/invitation#token={'x' * 43}"
    answers = [
        assert_problem(await call(gateway_alone, link), 404, "invitation-not-found")
        for link in (wrong, unknown)
        for call in (look_up, accept)
    ]
    assert len({(answer["detail"], answer["title"]) for answer in answers}) == 1
    assert (await look_up(gateway_alone, invitation["link"])).status_code == 200, "the real one still works"


async def test_an_expired_invitation_is_refused_and_a_new_one_can_be_sent(
    api: SettingsApi, practice: Practice, gateway_alone, service_database_urls
) -> None:
    invitation = await api.invitation(practice.clinic)
    connection = await database(service_database_urls)
    try:
        await connection.execute(
            "UPDATE one_time_links SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day'"
            " WHERE link_id = $1",
            uuid.UUID(invitation["invitation_id"]),
        )
    finally:
        await connection.close()
    assert_problem(await look_up(gateway_alone, invitation["link"]), 410, "invitation-expired")
    assert_problem(await accept(gateway_alone, invitation["link"]), 410, "invitation-expired")
    (listed,) = await api.ok("GET", f"{practice.clinic_path}/invitations")
    assert listed["status"] == "expired"

    resent = await api.ok("POST", f"/invitations/{invitation['invitation_id']}/resend")
    assert resent["status"] == "pending" and resent["expires_at"] > invitation["expires_at"]
    assert (await accept(gateway_alone, resent["link"])).status_code == 200


async def test_resending_makes_a_new_link_and_the_old_one_stops_working(
    api: SettingsApi, practice: Practice, gateway_alone
) -> None:
    invitation = await api.invitation(practice.clinic, kind="staff", permissions=["scheduling"], all_locations=True)
    resent = await api.ok("POST", f"/invitations/{invitation['invitation_id']}/resend")
    assert resent["invitation_id"] == invitation["invitation_id"] and resent["link"] != invitation["link"]
    assert resent["expires_at"] >= invitation["expires_at"]
    assert_problem(await look_up(gateway_alone, invitation["link"]), 404, "invitation-not-found")
    assert_problem(await accept(gateway_alone, invitation["link"]), 404, "invitation-not-found")
    accepted = await accept(gateway_alone, resent["link"])
    assert accepted.status_code == 200 and accepted.json()["kind"] == "staff"
    staff = await api.ok("GET", f"/staff-users/{invitation['user_id']}")
    assert staff["permissions"] == ["scheduling"] and staff["all_locations"] is True
    resend_used = await api.http.post(f"/invitations/{invitation['invitation_id']}/resend")
    assert_problem(resend_used, 409, "invitation-already-used")
    revoke_used = await api.http.post(f"/invitations/{invitation['invitation_id']}/revoke")
    assert_problem(revoke_used, 409, "invitation-already-used")


async def test_a_revoked_invitation_is_refused_until_sent_again(
    api: SettingsApi, practice: Practice, gateway_alone
) -> None:
    invitation = await api.invitation(practice.clinic)
    path = f"/invitations/{invitation['invitation_id']}"
    revoked = await api.ok("POST", f"{path}/revoke")
    assert revoked["status"] == "revoked" and revoked["link"] is None
    assert await api.ok("POST", f"{path}/revoke") == revoked, "revoking again changes nothing"
    assert_problem(await look_up(gateway_alone, invitation["link"]), 410, "invitation-revoked")
    assert_problem(await accept(gateway_alone, invitation["link"]), 410, "invitation-revoked")
    assert_problem(await verify(api, invitation["email"]), 401, "invalid-credentials")
    again = await api.ok("POST", f"{path}/resend")
    assert again["status"] == "pending"
    assert (await accept(gateway_alone, again["link"])).status_code == 200


async def test_a_patients_own_account_is_invited_for_exactly_one_patient(api: SettingsApi, practice: Practice) -> None:
    brother = await api.patient(practice.clinic, name="Owen Chen")
    path = f"{practice.clinic_path}/invitations"
    body = {"kind": "portal", "name": "Lily Chen", "email": unique_email(), "role": "patient"}
    for patients in ([practice.patient, brother], []):
        response = await api.http.post(path, json={**body, "patient_ids": [p["patient_id"] for p in patients]})
        assert_problem(response, 422, "patient-account-links-one-patient")
    own = await api.invitation(practice.clinic, practice.patient, **{k: v for k, v in body.items() if k != "email"})
    assert (await api.ok("GET", f"/portal-users/{own['user_id']}"))["role"] == "patient"


async def test_an_email_taken_in_the_clinic_is_refused_and_nothing_is_left_behind(
    api: SettingsApi, practice: Practice
) -> None:
    existing = await api.staff_user(practice.clinic)
    invited = await api.invitation(practice.clinic)
    for email in (existing["email"].upper(), invited["email"]):
        response = await api.http.post(
            f"{practice.clinic_path}/invitations", json={"kind": "staff", "name": "Sam", "email": email}
        )
        assert_problem(response, 409, "email-taken")
    assert len(await api.ok("GET", f"{practice.clinic_path}/invitations")) == 1
    assert len(await api.ok("GET", f"{practice.clinic_path}/staff-users")) == 1


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"email": "not-an-email"}, "invalid-email"),
        ({"name": " "}, "name-required"),
        ({"location_ids": [str(uuid.uuid4())]}, "unknown-location"),
        ({"all_locations": True, "location_ids": [str(uuid.uuid4())]}, "staff-locations-ambiguous"),
        ({"permissions": ["owner"]}, "invalid-request"),
        ({"kind": "robot"}, "invalid-request"),
    ],
)
async def test_a_bad_invitation_is_refused(api: SettingsApi, practice: Practice, fields: dict, code: str) -> None:
    body = {"kind": "staff", "name": "Sam", "email": unique_email(), **fields}
    response = await api.http.post(f"{practice.clinic_path}/invitations", json=body)
    assert_problem(response, 422, code)


async def test_an_unacceptable_password_leaves_the_invitation_usable(
    api: SettingsApi, practice: Practice, gateway_alone
) -> None:
    invitation = await api.invitation(practice.clinic)
    assert_problem(await accept(gateway_alone, invitation["link"], "short"), 422, "password-too-short")
    assert (await accept(gateway_alone, invitation["link"])).status_code == 200


async def test_of_two_acceptances_at_once_exactly_one_sets_the_password(
    api: SettingsApi, practice: Practice, gateway_alone
) -> None:
    invitation = await api.invitation(practice.clinic)
    tries = (accept(gateway_alone, invitation["link"], f"password number {n}") for n in range(3))
    answers = await asyncio.gather(*tries)
    assert sorted(answer.status_code for answer in answers) == [200, 409, 409]
    winner = next(n for n, answer in enumerate(answers) if answer.status_code == 200)
    assert (await verify(api, invitation["email"], f"password number {winner}")).status_code == 200


async def test_who_may_invite_list_resend_and_revoke(api: SettingsApi, practice: Practice, stack) -> None:
    """Admins of the clinic; not schedulers, not portal users, not another clinic's admin (to whom
    the invitation does not exist), and admins make accounts only by invitation."""
    invitation = await api.invitation(practice.clinic)
    admin = await api.staff_user(practice.clinic, permissions=["admin"])
    scheduler = await api.staff_user(practice.clinic, permissions=["scheduling"], all_locations=True)
    parent = await api.portal_user(practice.clinic, practice.patient)
    elsewhere = await api.clinic(name="Elsewhere")
    other_admin = await api.staff_user(elsewhere, permissions=["admin"])
    clinic_id = uuid.UUID(practice.clinic["clinic_id"])

    def acting(actor: Actor) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"), timeout=20)

    invitations = f"{practice.clinic_path}/invitations"
    invitation_path = f"/invitations/{invitation['invitation_id']}"
    new = {"kind": "portal", "name": "Ada", "role": "caregiver"}
    async with acting(Actor.staff_user(uuid.UUID(admin["staff_user_id"]), clinic_id)) as as_admin:
        assert (await as_admin.get(invitations)).status_code == 200
        made = await as_admin.post(invitations, json={**new, "email": unique_email()})
        assert made.status_code == 201 and made.json()["link"]
        assert (await as_admin.post(f"{invitation_path}/resend")).status_code == 200
        with_password = {**new, "email": unique_email(), "password": PASSWORD}
        direct = await as_admin.post(f"{practice.clinic_path}/portal-users", json=with_password)
        assert_problem(direct, 403, "actor-may-not")
        staff = {"name": "Sam", "email": unique_email(), "password": PASSWORD}
        assert_problem(await as_admin.post(f"{practice.clinic_path}/staff-users", json=staff), 403, "actor-may-not")
        password = await as_admin.put(f"/portal-users/{parent['portal_user_id']}/password", json={"password": PASSWORD})
        assert_problem(password, 403, "actor-may-not")
    async with acting(Actor.staff_user(uuid.UUID(scheduler["staff_user_id"]), clinic_id)) as as_scheduler:
        assert_problem(await as_scheduler.get(invitations), 403, "actor-may-not")
        assert_problem(await as_scheduler.post(f"{invitation_path}/revoke"), 403, "actor-may-not")
    async with acting(Actor.portal_user(uuid.UUID(parent["portal_user_id"]), clinic_id)) as as_parent:
        assert_problem(await as_parent.get(invitations), 403, "actor-may-not")
        assert_problem(await as_parent.post(f"{invitation_path}/revoke"), 403, "actor-may-not")
    other = Actor.staff_user(uuid.UUID(other_admin["staff_user_id"]), uuid.UUID(elsewhere["clinic_id"]))
    async with acting(other) as as_other_admin:
        hidden = await as_other_admin.post(f"{invitation_path}/revoke")
        missing = await as_other_admin.post(f"/invitations/{uuid.uuid4()}/revoke")
        assert_problem(hidden, 404, "invitation-not-found")
        assert_problem(missing, 404, "invitation-not-found")
        assert_problem(await as_other_admin.get(invitations), 404, "clinic-not-found")
    listed = await api.ok("GET", invitations)
    assert {each["status"] for each in listed} == {"pending"} and len(listed) == 2
