"""What every answer carries and what every door refuses (servicekit.http_guards): security
headers on the gateway's API and pages and on the services' answers, a 413 problem for a body over
the limit however it is sent, and no demo passwords in /docs outside dev mode."""

import httpx
import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import CAREGIVER, offline_gateway_app

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

LIMIT = 64 * 1024
EVERYWHERE = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


def assert_api_headers(response: httpx.Response) -> None:
    assert EVERYWHERE.items() <= response.headers.items(), response.headers
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_api_answers_of_the_gateway_and_the_services_carry_the_security_headers(stack, gateway) -> None:
    assert_api_headers(httpx.get(f"{gateway}/healthz"))
    refused = httpx.get(f"{gateway}/api/me")
    assert refused.status_code == 401
    assert_api_headers(refused)
    signed_in = httpx.post(f"{gateway}/api/session", json={"email": CAREGIVER, "password": demo.DEMO_PASSWORD})
    assert signed_in.status_code == 200
    assert_api_headers(signed_in)
    for service in ("settings", "availability", "requests"):
        assert_api_headers(httpx.get(f"{stack.url(service)}/healthz"))
        assert_api_headers(httpx.get(f"{stack.url(service)}/no-such-thing"))


def test_pages_keep_their_own_policy_and_get_the_common_headers(gateway) -> None:
    for path in ("/", "/assets/api.js"):
        page = httpx.get(gateway + path)
        assert page.status_code == 200, path
        assert EVERYWHERE.items() <= page.headers.items()
        assert page.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self'")
        assert page.headers["cache-control"] == "no-cache"


def assert_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "request-too-large" and str(LIMIT) in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"


def streamed(total: int):
    """A body sent without Content-Length (chunked), so only counting its bytes can stop it."""
    sent = 0
    while sent < total:
        piece = b"a" * min(8 * 1024, total - sent)
        sent += len(piece)
        yield piece


@pytest.mark.parametrize("door", ["gateway", "settings", "requests"])
def test_a_body_over_the_limit_is_a_413_problem_with_or_without_content_length(stack, gateway, door) -> None:
    url = (
        stack.url(door) + {"gateway": "/api/session", "settings": "/credentials/verify", "requests": "/requests"}[door]
    )
    headers = {"content-type": "application/json"}
    # A service refuses a call without an actor token before reading its body: sign this one, so
    # it is the size that is refused.
    auth = stack.operator_auth() if door != "gateway" else None
    assert_too_large(httpx.post(url, content=b"a" * (LIMIT + 1), headers=headers, auth=auth))
    chunked = httpx.post(url, content=streamed(4 * LIMIT), headers=headers, auth=auth)
    assert "content-length" not in chunked.request.headers
    assert_too_large(chunked)


def test_a_body_within_the_limit_is_read_as_usual(gateway) -> None:
    padded = {"email": CAREGIVER, "password": demo.DEMO_PASSWORD, "padding": "a" * (LIMIT - 200)}
    assert httpx.post(f"{gateway}/api/session", json=padded).status_code == 200


def test_docs_offer_the_demo_passwords_only_in_dev_mode(gateway) -> None:
    assert demo.DEMO_PASSWORD not in httpx.get(f"{gateway}/openapi.json").text
    docs = httpx.get(f"{gateway}/docs")
    assert docs.status_code == 200 and docs.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert demo.DEMO_PASSWORD not in str(offline_gateway_app(dev_mode=False).openapi())
    assert demo.DEMO_PASSWORD in str(offline_gateway_app(dev_mode=True).openapi())
