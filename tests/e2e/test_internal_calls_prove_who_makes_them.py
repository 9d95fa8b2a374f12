"""Every route of every back-end service refuses a call that does not prove who makes it.

The table names each route once; a route a service's OpenAPI lists but the table lacks (or the
other way round) fails the first test, so a new route cannot ship without a row. Each row is then
called, against the running services, without a token, with an expired one, one signed by a key
the services do not trust, one for another service, and one for the gateway on its own behalf.
"""

import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from clinic_settings import demo_data as demo
from servicekit.actor_http import ActorTokenAuth
from servicekit.actor_tokens import Actor, ActorTokenSigner, SigningKey, SystemActor
from tests.gateway.conftest import gateway  # noqa: F401 - the demo clinic, loaded once

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

OPEN = {"GET /healthz", "GET /readyz"}
# Not for actors: Prometheus scrapes it with the operator's metrics token (tests/e2e/test_metrics.py).
METRICS_TOKEN_ONLY = {"GET /metrics"}
ROUTES = {
    "settings": {
        "POST /clinics",
        "GET /clinics/{clinic_id}",
        "PATCH /clinics/{clinic_id}",
        "PUT /clinics/{clinic_id}/appointment-requests",
        "GET /clinics/{clinic_id}/locations",
        "POST /clinics/{clinic_id}/locations",
        "GET /locations/{location_id}",
        "PATCH /locations/{location_id}",
        "PUT /locations/{location_id}/operating-hours",
        "PUT /locations/{location_id}/closures",
        "PUT /locations/{location_id}/appointment-requests",
        "GET /clinics/{clinic_id}/visit-types",
        "POST /clinics/{clinic_id}/visit-types",
        "GET /visit-types/{visit_type_id}",
        "PATCH /visit-types/{visit_type_id}",
        "GET /clinics/{clinic_id}/therapists",
        "POST /clinics/{clinic_id}/therapists",
        "GET /therapists/{therapist_id}",
        "PATCH /therapists/{therapist_id}",
        "PUT /therapists/{therapist_id}/locations",
        "GET /clinics/{clinic_id}/patients",
        "GET /clinics/{clinic_id}/directory",
        "POST /clinics/{clinic_id}/patients",
        "GET /patients/{patient_id}",
        "PATCH /patients/{patient_id}",
        "GET /clinics/{clinic_id}/patient-cases",
        "POST /clinics/{clinic_id}/patient-cases",
        "GET /patient-cases/{case_id}",
        "PATCH /patient-cases/{case_id}",
        "PUT /patient-cases/{case_id}/status",
        "PUT /patient-cases/{case_id}/appointment-requests",
        "PUT /patient-cases/{case_id}/requestable-visit-types",
        "PUT /patient-cases/{case_id}/authorization",
        "GET /clinics/{clinic_id}/portal-users",
        "POST /clinics/{clinic_id}/portal-users",
        "GET /portal-users/{portal_user_id}",
        "GET /portal-users/{portal_user_id}/request-settings",
        "PATCH /portal-users/{portal_user_id}",
        "PUT /portal-users/{portal_user_id}/patients",
        "PUT /portal-users/{portal_user_id}/password",
        "GET /clinics/{clinic_id}/staff-users",
        "GET /clinics/{clinic_id}/changes",
        "POST /clinics/{clinic_id}/staff-users",
        "GET /staff-users/{staff_user_id}",
        "PATCH /staff-users/{staff_user_id}",
        "PUT /staff-users/{staff_user_id}/permissions",
        "PUT /staff-users/{staff_user_id}/locations",
        "PUT /staff-users/{staff_user_id}/password",
        "POST /clinics/{clinic_id}/imports",
        "POST /credentials/verify",
        "POST /clinics/{clinic_id}/invitations",
        "GET /clinics/{clinic_id}/invitations",
        "POST /invitations/{invitation_id}/resend",
        "POST /invitations/{invitation_id}/revoke",
        "POST /invitations/lookup",
        "POST /invitations/accept",
        "POST /password-resets",
        "POST /password-resets/complete",
        "POST /portal-users/{portal_user_id}/password-reset",
        "POST /staff-users/{staff_user_id}/password-reset",
        "GET /calendar-feeds",
        "POST /calendar-feeds",
        "POST /calendar-feeds/{feed_id}/revoke",
        "POST /calendar-feeds/open",
    },
    "availability": {
        "GET /slots",
        "POST /series-preview",
        "GET /calendar",
        "GET /calendar/snapshot",
        "POST /appointments",
        "GET /appointments/{appointment_id}",
        "POST /appointments/{appointment_id}/cancel",
        "POST /blocks",
        "DELETE /blocks/{block_id}",
        "GET /therapists/{therapist_id}/working-hours/{location_id}",
        "PUT /therapists/{therapist_id}/working-hours/{location_id}",
        "GET /therapists/{therapist_id}/time-off",
        "PUT /therapists/{therapist_id}/time-off",
        "GET /therapists/{therapist_id}/schedule-changes",
        "GET /settings-replica/clinics/{clinic_id}",
        "GET /family-appointments",
    },
    "requests": {
        "GET /requests",
        "POST /requests",
        "POST /requests/series",
        "POST /requests/series/{series_id}/decisions",
        "GET /requests/pending-count",
        "GET /requests/{request_id}",
        "POST /requests/{request_id}/approve",
        "POST /requests/{request_id}/edit",
        "POST /requests/{request_id}/decline",
        "POST /requests/{request_id}/cancel",
        "POST /requests/{request_id}/cancel-appointment",
        "POST /requests/{request_id}/offer",
        "POST /requests/{request_id}/offer/accept",
        "POST /requests/{request_id}/offer/decline",
        "POST /requests/preferred-times",
        "POST /requests/{request_id}/choose-time",
        "GET /waitlist",
        "POST /waitlist",
        "POST /waitlist/{entry_id}/leave",
        "PUT /waitlist/{entry_id}/priority",
        "GET /settings-replica/clinics/{clinic_id}",
    },
    "notifications": {
        "GET /clinics/{clinic_id}/emails",
        "POST /clinics/{clinic_id}/emails/{email_id}/retry",
        "GET /preferences/me",
        "PUT /preferences/me",
        "GET /settings-replica/clinics/{clinic_id}",
    },
}
# What the gateway may do before anyone signs in: check a password, and take the steps of a
# one-time link, whose token is the proof. Everything else refuses it (403).
GATEWAY_ALONE_MAY = {
    ("settings", route)
    for route in (
        "POST /credentials/verify",
        "POST /invitations/lookup",
        "POST /invitations/accept",
        "POST /password-resets",
        "POST /password-resets/complete",
        # A calendar feed's secret, from a calendar app's URL, is the proof.
        "POST /calendar-feeds/open",
    )
}
CALLS = [(service, route) for service, routes in ROUTES.items() for route in sorted(routes)]


def documented_routes(stack, service: str) -> set[str]:
    document = httpx.get(f"{stack.url(service)}/openapi.json", auth=stack.operator_auth(), timeout=10).json()
    return {f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations}


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_the_table_has_a_row_for_every_route_the_service_serves(stack, service: str) -> None:
    assert documented_routes(stack, service) - OPEN - METRICS_TOKEN_ONLY == ROUTES[service]
    assert METRICS_TOKEN_ONLY <= documented_routes(stack, service)


def call(stack, service: str, route: str, authorization: str | None) -> httpx.Response:
    method, path = route.split(" ")
    # Ids are random: the call must be refused before anything is looked up.
    url = stack.url(service) + re.sub(r"\{[a-z_]+\}", lambda _: str(uuid.uuid4()), path)
    headers = {"Authorization": authorization} if authorization else {}
    return httpx.request(method, url, headers=headers, json={} if method != "GET" else None, timeout=10)


def bearer(token: str) -> str:
    return f"Bearer {token}"


def untrusted_tokens(stack, service: str) -> dict[str, str]:
    """Each a way of not proving who calls, named by what is wrong with it."""
    operator = Actor.system(SystemActor.OPERATOR)
    signer = ActorTokenSigner(stack.operator_key)
    other_service = next(name for name in ROUTES if name != service)
    # Same key id as the real gateway key, different key: only the signature tells them apart.
    impostor = ActorTokenSigner(SigningKey.generate(stack.gateway_key.key_id))
    unsigned = jwt.encode({"sub": "operator", "kind": "system", "aud": service}, None, algorithm="none")
    return {
        "no token": "",
        "not a bearer token": f"Basic {signer.token(operator, service)}",
        "not a token at all": bearer("not-a-token"),
        "expired": bearer(signer.token(operator, service, now=datetime.now(UTC) - timedelta(minutes=5))),
        "signed by another key": bearer(impostor.token(operator, service)),
        "signed by an unknown key id": bearer(
            ActorTokenSigner(SigningKey.generate("stranger")).token(operator, service)
        ),
        "for another service": bearer(signer.token(operator, other_service)),
        "unsigned": bearer(unsigned),
    }


@pytest.mark.parametrize(("service", "route"), CALLS, ids=[f"{s}:{r}" for s, r in CALLS])
def test_a_call_that_does_not_prove_who_makes_it_is_refused(stack, service: str, route: str) -> None:
    for what, authorization in untrusted_tokens(stack, service).items():
        response = call(stack, service, route, authorization)
        assert response.status_code == 401, (what, response.text)
        assert response.headers["content-type"] == "application/problem+json", what
        assert response.json()["code"] == "not-authenticated", what
        assert response.headers["www-authenticate"].startswith("Bearer"), what


@pytest.mark.parametrize(("service", "route"), CALLS, ids=[f"{s}:{r}" for s, r in CALLS])
def test_the_gateway_on_its_own_behalf_may_only_check_a_password_or_use_a_link(stack, service: str, route: str) -> None:
    gateway_alone = ActorTokenAuth(ActorTokenSigner(stack.gateway_key), Actor.system(SystemActor.GATEWAY), service)
    method, path = route.split(" ")
    url = stack.url(service) + re.sub(r"\{[a-z_]+\}", lambda _: str(uuid.uuid4()), path)
    response = httpx.request(method, url, json={} if method != "GET" else None, auth=gateway_alone, timeout=10)
    if (service, route) in GATEWAY_ALONE_MAY:
        assert response.status_code == 422, response.text  # past the door; the empty body is wrong
    else:
        assert response.status_code == 403, response.text


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_a_key_speaks_only_for_the_actors_it_is_for(stack, service: str) -> None:
    """The gateway's key cannot mint the operator; the operator's key cannot mint a person."""
    person = Actor.staff_user(demo.demo_id("staff-user/admin"), demo.CLINIC_ID)
    for key, actor in ((stack.gateway_key, Actor.system(SystemActor.OPERATOR)), (stack.operator_key, person)):
        auth = ActorTokenAuth(ActorTokenSigner(key), actor, service)
        response = httpx.get(f"{stack.url(service)}/openapi.json", auth=auth, timeout=10)
        assert response.status_code == 401 and "may not speak for" in response.json()["detail"], key.key_id


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_health_probes_and_nothing_else_answer_without_a_token(stack, service: str) -> None:
    for probe in ("/healthz", "/readyz"):
        assert httpx.get(stack.url(service) + probe, timeout=10).status_code == 200
    assert httpx.get(stack.url(service) + "/openapi.json", timeout=10).status_code == 401
    assert httpx.get(stack.url(service) + "/docs", timeout=10).status_code == 401


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_no_actor_token_opens_the_metrics(stack, service: str) -> None:
    """Not the operator's, not the gateway's for a person: only the metrics token."""
    person = Actor.staff_user(demo.demo_id("staff-user/admin"), demo.CLINIC_ID)
    tokens = {
        **untrusted_tokens(stack, service),
        "the operator's": bearer(
            ActorTokenSigner(stack.operator_key).token(Actor.system(SystemActor.OPERATOR), service)
        ),
        "a person's, from the gateway": bearer(ActorTokenSigner(stack.gateway_key).token(person, service)),
    }
    for route in METRICS_TOKEN_ONLY:
        for what, authorization in tokens.items():
            response = call(stack, service, route, authorization)
            assert response.status_code == 401, (what, response.text)
            assert response.headers["content-type"] == "application/problem+json", what
        assert call(stack, service, route, bearer(stack.metrics_token)).status_code == 200


# --- another family's data is not there -------------------------------------------------------

WEI = demo.demo_id("portal-user/wei.chen")
GRACE = demo.demo_id("portal-user/grace.okafor")


def as_portal_user(stack, portal_user_id: uuid.UUID) -> httpx.Client:
    actor = Actor.portal_user(portal_user_id, demo.CLINIC_ID)
    return httpx.Client(base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"), timeout=10)


def without_ids(response: httpx.Response, *ids: uuid.UUID) -> tuple[int, dict]:
    text = response.text
    for entity_id in ids:
        text = text.replace(str(entity_id), "<id>")
    return response.status_code, httpx.Response(200, text=text).json()


@pytest.mark.usefixtures("gateway")
@pytest.mark.parametrize(
    ("path", "theirs"),
    [
        ("/patients/{}", demo.demo_id("patient/Grace Okafor")),
        (
            "/patient-cases/{}",
            next(case["case_id"] for case in demo.CASES if case["patient_id"] == demo.demo_id("patient/Grace Okafor")),
        ),
        ("/portal-users/{}", GRACE),
    ],
)
def test_another_familys_settings_answer_as_if_they_did_not_exist(stack, path: str, theirs: uuid.UUID) -> None:
    missing = uuid.uuid4()
    with as_portal_user(stack, WEI) as wei, as_portal_user(stack, GRACE) as grace:
        assert grace.get(path.format(theirs)).status_code == 200  # it is there, for its own family
        hidden = wei.get(path.format(theirs))
        absent = wei.get(path.format(missing))
    assert hidden.status_code == 404
    assert without_ids(hidden, theirs) == without_ids(absent, missing)
