"""Invitations and password resets through the gateway and the real services, in clinics of the
tests' own (the demo clinic's counts stay as they are): an admin invites, the person looks the
invitation up, accepts it and signs in; a forgotten password is reset; and an admin of another
clinic neither sees nor touches any of it."""

import uuid
from dataclasses import dataclass

import httpx
import pytest

from tests.gateway.gateway_api import Api, problem_code
from tests.settings.settings_api import links_logged_for

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

PASSWORD = "fernhill-admin-2026"
CHOSEN = "the password I chose"


def email(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@fernhill.example"


def token_of(link: str) -> str:
    return link.partition("#token=")[2]


@dataclass
class Clinic:
    clinic_id: str
    admin: Api
    patients: list[str]


def set_up_clinic(stack, gateway: str, name: str) -> Clinic:
    """A clinic made by the operator, with two patients and an admin who signs in."""
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as settings:

        def created(path: str, body: dict) -> dict:
            response = settings.post(path, json=body)
            assert response.status_code == 201, response.text
            return response.json()

        clinic = created("/clinics", {"name": name, "time_zone": "Europe/London"})
        path = f"/clinics/{clinic['clinic_id']}"
        patients = [created(f"{path}/patients", {"name": child})["patient_id"] for child in ("Ivy Marsh", "Leo Marsh")]
        admin = {"name": "Ada Okafor", "email": email("admin"), "password": PASSWORD, "permissions": ["admin"]}
        created(f"{path}/staff-users", admin)
    return Clinic(clinic["clinic_id"], Api(gateway, admin["email"], PASSWORD), patients)


@pytest.fixture(scope="module")
def fernhill(stack, gateway):
    clinic = set_up_clinic(stack, gateway, "Fernhill Physiotherapy")
    yield clinic
    clinic.admin.close()


@pytest.fixture(scope="module")
def elsewhere(stack, gateway):
    clinic = set_up_clinic(stack, gateway, "Elsewhere Physio")
    yield clinic
    clinic.admin.close()


@pytest.fixture
def anyone(gateway):
    api = Api(gateway)
    yield api
    api.close()


def invite_caregiver(clinic: Clinic, **fields) -> dict:
    body = {"kind": "portal", "name": "Rae Marsh", "email": email("rae"), "role": "caregiver"}
    return clinic.admin.ok("POST", "/api/admin/invitations", json=body | {"patient_ids": clinic.patients} | fields)


def accept(anyone: Api, link: str, password: str = CHOSEN) -> httpx.Response:
    return anyone.call("POST", "/api/invitations/accept", json={"token": token_of(link), "password": password})


def complete_reset(anyone: Api, link: str, password: str) -> httpx.Response:
    return anyone.call("POST", "/api/password-resets/complete", json={"token": token_of(link), "password": password})


def link_mailed_to(mail_sink, address: str, page: str, count: int = 1) -> list[str]:
    """The one-time links (`/invitation` or `/reset-password`) the notifications service has
    mailed to `address`, once `count` of them arrived; each email's link read from its text."""
    emails = mail_sink.wait_for(
        lambda email: email.to == [address] and f"{page}#token=" in email.text(), count=count, timeout=60
    )
    return [next(word for word in email.text().split() if f"{page}#token=" in word) for email in emails]


def signs_in(gateway: str, email: str, password: str) -> bool:
    with httpx.Client(base_url=gateway, timeout=20) as http:
        return http.post("/api/session", json={"email": email, "password": password}).status_code == 200


def test_an_invitation_is_mailed_to_the_invited_person_who_accepts_it_from_the_email(
    fernhill: Clinic, anyone: Api, gateway, mail_sink
) -> None:
    invitation = invite_caregiver(fernhill)
    (link,) = link_mailed_to(mail_sink, invitation["email"], "/invitation")
    assert link == invitation["link"]
    [received] = mail_sink.received(lambda email: email.to == [invitation["email"]])
    assert received.subject == "You are invited to Fernhill Physiotherapy's appointment portal"
    assert "#token=" not in received.subject and link in received.html()
    assert accept(anyone, link).status_code == 200
    assert signs_in(gateway, invitation["email"], CHOSEN)


def test_an_invited_caregiver_looks_up_accepts_and_signs_in(fernhill: Clinic, anyone: Api, gateway, stack) -> None:
    invitation = invite_caregiver(fernhill)
    assert set(invitation) >= {"invitation_id", "user_id", "kind", "name", "email", "status", "expires_at", "link"}
    assert (invitation["kind"], invitation["status"]) == ("portal", "pending")
    assert invitation["link"].startswith(f"{gateway}/invitation#token=")
    assert links_logged_for(stack, invitation["user_id"], "invitation") == [invitation["link"]]
    signed_out = anyone.call("POST", "/api/session", json={"email": invitation["email"], "password": CHOSEN})
    assert problem_code(signed_out) == "invalid-credentials"

    token = token_of(invitation["link"])
    preview = anyone.ok("POST", "/api/invitations/lookup", json={"token": token})
    assert preview == {
        "name": "Rae Marsh",
        "email": invitation["email"],
        "clinic_name": "Fernhill Physiotherapy",
        "expires_at": invitation["expires_at"],
    }
    too_short = accept(anyone, invitation["link"], "short")
    assert (too_short.status_code, problem_code(too_short)) == (422, "password-too-short")
    accepted = accept(anyone, invitation["link"])
    assert accepted.json() == {
        "kind": "portal",
        "user_id": invitation["user_id"],
        "clinic_id": fernhill.clinic_id,
        "email": invitation["email"],
    }
    again = accept(anyone, invitation["link"], "someone else's")
    assert (again.status_code, problem_code(again)) == (409, "invitation-already-used")

    caregiver = Api(gateway, invitation["email"], CHOSEN)
    try:
        me = caregiver.ok("GET", "/api/me")
        assert me["kind"] == "portal" and me["user"]["patient_ids"] == fernhill.patients
    finally:
        caregiver.close()
    listed = next(
        each for each in fernhill.admin.ok("GET", "/api/admin/invitations") if each["user_id"] == invitation["user_id"]
    )
    assert listed["status"] == "accepted" and listed["link"] is None


def test_a_staff_invitation_gives_the_permissions_it_names(fernhill: Clinic, anyone: Api, gateway) -> None:
    body = {"kind": "staff", "name": "Sam Ruiz", "email": email("sam"), "permissions": ["scheduling"]}
    body["all_locations"] = True
    invitation = fernhill.admin.ok("POST", "/api/admin/invitations", json=body)
    resent = fernhill.admin.ok("POST", f"/api/admin/invitations/{invitation['invitation_id']}/resend")
    old = anyone.call("POST", "/api/invitations/lookup", json={"token": token_of(invitation["link"])})
    assert (old.status_code, problem_code(old)) == (404, "invitation-not-found")
    assert accept(anyone, resent["link"]).status_code == 200
    scheduler = Api(gateway, body["email"], CHOSEN)
    try:
        me = scheduler.ok("GET", "/api/me")
        assert me["kind"] == "staff" and me["user"]["permissions"] == ["scheduling"] and me["user"]["all_locations"]
    finally:
        scheduler.close()


def test_a_revoked_invitation_cannot_be_accepted(fernhill: Clinic, anyone: Api) -> None:
    invitation = invite_caregiver(fernhill)
    revoked = fernhill.admin.ok("POST", f"/api/admin/invitations/{invitation['invitation_id']}/revoke")
    assert revoked["status"] == "revoked"
    refused = accept(anyone, invitation["link"])
    assert (refused.status_code, problem_code(refused)) == (410, "invitation-revoked")


def test_a_forgotten_password_is_reset_through_the_link_sent_to_the_account(
    fernhill: Clinic, anyone: Api, gateway, stack, mail_sink
) -> None:
    invitation = invite_caregiver(fernhill)
    assert accept(anyone, invitation["link"]).status_code == 200
    own_address = {"X-Forwarded-For": "192.0.2.44"}
    asked = anyone.http.post("/api/password-resets", json={"email": invitation["email"]}, headers=own_address)
    unknown = anyone.http.post("/api/password-resets", json={"email": email("nobody")}, headers=own_address)
    assert asked.status_code == unknown.status_code == 202
    assert asked.json() == unknown.json() and "#token=" not in asked.text
    (link,) = links_logged_for(stack, invitation["user_id"])
    assert link.startswith(f"{gateway}/reset-password#token=")
    # The same link reached the account's own mailbox, by email.
    assert link_mailed_to(mail_sink, invitation["email"], "/reset-password") == [link]

    done = complete_reset(anyone, link, "newer and better")
    assert done.status_code == 200 and done.json()["user_id"] == invitation["user_id"]
    assert not signs_in(gateway, invitation["email"], CHOSEN)
    assert signs_in(gateway, invitation["email"], "newer and better")
    used = complete_reset(anyone, link, "once more, again")
    assert (used.status_code, problem_code(used)) == (409, "password-reset-already-used")


def test_an_admin_starts_a_reset_and_passes_the_link_on(fernhill: Clinic, anyone: Api, gateway) -> None:
    invitation = invite_caregiver(fernhill)
    path = f"/api/admin/portal-users/{invitation['user_id']}/password-reset"
    not_yet = fernhill.admin.call("POST", path)
    assert (not_yet.status_code, problem_code(not_yet)) == (409, "invitation-not-accepted")
    assert accept(anyone, invitation["link"]).status_code == 200
    reset = fernhill.admin.ok("POST", path)
    assert reset["link"].startswith(f"{gateway}/reset-password#token=") and reset["kind"] == "portal"
    assert complete_reset(anyone, reset["link"], "set by a link").status_code == 200
    assert signs_in(gateway, invitation["email"], "set by a link")


def test_requests_from_one_address_are_limited_and_the_gateway_names_the_address(anyone: Api) -> None:
    def ask(address: str) -> httpx.Response:
        return anyone.http.post(
            "/api/password-resets", json={"email": email("guess")}, headers={"X-Forwarded-For": address}
        )

    assert {ask("192.0.2.77").status_code for _ in range(20)} == {202}
    refused = ask("192.0.2.77")
    assert (refused.status_code, problem_code(refused)) == (429, "too-many-password-resets")
    assert int(refused.headers["Retry-After"]) >= 1
    assert ask("192.0.2.78").status_code == 202


def test_an_admin_of_another_clinic_neither_sees_nor_touches_the_invitations(
    fernhill: Clinic, elsewhere: Clinic, anyone: Api
) -> None:
    invitation = invite_caregiver(fernhill)
    theirs = elsewhere.admin.ok("GET", "/api/admin/invitations")
    assert invitation["invitation_id"] not in str(theirs) and invitation["email"] not in str(theirs)
    for action in ("revoke", "resend"):
        refused = elsewhere.admin.call("POST", f"/api/admin/invitations/{invitation['invitation_id']}/{action}")
        assert (refused.status_code, problem_code(refused)) == (404, "invitation-not-found")
    reset = elsewhere.admin.call("POST", f"/api/admin/portal-users/{invitation['user_id']}/password-reset")
    assert (reset.status_code, problem_code(reset)) == (404, "portal-user-not-found")
    ivy = {"kind": "portal", "name": "Ivy", "email": email("ivy"), "role": "patient"}
    ivy["patient_ids"] = fernhill.patients[:1]
    foreign_patient = elsewhere.admin.call("POST", "/api/admin/invitations", json=ivy)
    assert (foreign_patient.status_code, problem_code(foreign_patient)) == (422, "reference-to-another-clinic")
    # Untouched: it still works for the person it was sent to.
    preview = anyone.ok("POST", "/api/invitations/lookup", json={"token": token_of(invitation["link"])})
    assert preview["name"] == "Rae Marsh"
