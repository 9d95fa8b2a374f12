"""What an operator's Prometheus reads from the running stack at `/metrics`, after real traffic:
each call timed under its route's template, every consumer's lag, the outbox's backlog, the
dead-lettered events, requests and emails by status; and only with the metrics token."""

import re
import uuid
from collections import defaultdict

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from clinic_contracts.topics import CLINIC_SETTINGS
from clinic_gateway.app import create_app as create_gateway
from clinic_gateway.config import GatewaySettings
from clinic_requests.bootstrap import create_app as create_requests
from clinic_requests.config import RequestsServiceSettings
from clinic_settings import demo_data as demo
from servicekit.actor_tokens import SigningKey
from tests.gateway.conftest import admin, caregiver, gateway, therapists_at_work  # noqa: F401 - the demo clinic
from tests.gateway.gateway_api import LILY, LILY_CASE, make_room, request_body, slots, wait_for, wait_for_gate
from tests.kafka_tools import publish_raw

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

SERVICES = ("gateway", "settings", "availability", "requests", "notifications")
BACK_END = SERVICES[1:]
# The settings service consumes nothing: it is where the settings come from.
CONSUMERS = ("availability", "requests", "notifications")
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def scrape(stack, service: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {stack.metrics_token}"}
    return httpx.get(f"{stack.url(service)}/metrics", headers=headers, timeout=20)


def samples(stack, service: str) -> dict[str, list]:
    """Each sample name with its samples (labels, value)."""
    response = scrape(stack, service)
    assert response.status_code == 200, response.text
    by_name = defaultdict(list)
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            by_name[sample.name].append(sample)
    return by_name


@pytest.fixture(scope="module")
def traffic(caregiver, therapists_at_work) -> dict:
    """A caregiver's request, submitted and read back by its id through the gateway."""
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")
    make_room(caregiver, LILY_CASE)
    free = slots(caregiver, LILY_CASE, demo.TREATMENT)
    submitted = caregiver.call(
        "POST",
        "/api/portal/requests",
        json=request_body(LILY, LILY_CASE, demo.TREATMENT, free[len(free) // 3]["start"]),
    )
    assert submitted.status_code in (201, 202), submitted.text
    request_id = submitted.json()["request_id"]
    wait_for(lambda: caregiver.ok("GET", f"/api/portal/requests/{request_id}")["status"] == "pending", timeout=60)
    caregiver.ok("GET", "/api/me/notification-preferences")
    return {"request_id": request_id}


@pytest.mark.parametrize("service", SERVICES)
def test_calls_are_timed_by_route_template_never_by_path(stack, traffic, service: str) -> None:
    counts = samples(stack, service)["clinic_http_request_duration_seconds_count"]
    served = {(s.labels["method"], s.labels["route"]) for s in counts if s.labels["status"] == "2xx"}
    ours = {route for _method, route in served if route not in ("/metrics", "/healthz", "/readyz")}
    assert ours, f"{service} timed no call of its own: {served}"
    assert all(s.labels["status"] in {"1xx", "2xx", "3xx", "4xx", "5xx"} for s in counts)
    # A route's ids stay in its template: one series per route, whatever the calls' ids.
    assert not [s.labels["route"] for s in counts if UUID_PATTERN.search(s.labels["route"])]
    if service == "gateway":
        assert ("GET", "/api/portal/requests/{request_id}") in served
        assert ("POST", "/api/portal/requests") in served
    if service == "requests":
        assert any("{" in route for route in ours), ours
    buckets = samples(stack, service)["clinic_http_request_duration_seconds_bucket"]
    assert {s.labels["le"] for s in buckets} >= {"0.005", "1.0", "+Inf"}


@pytest.mark.parametrize("service", CONSUMERS)
def test_each_consumer_group_shows_its_lag_per_partition(stack, traffic, service: str) -> None:
    prefix = stack.extra_env["CONSUMER_GROUP_PREFIX"]

    def lag_series():
        lags = samples(stack, service)["clinic_consumer_lag"]
        return lags or None

    lags = wait_for(lag_series, timeout=60)
    assert all(s.labels["consumer_group"].startswith(f"{prefix}{service}.") for s in lags)
    assert all(s.value >= 0 and s.labels["partition"].isdigit() for s in lags)
    assert CLINIC_SETTINGS.name in {s.labels["topic"] for s in lags}


@pytest.mark.parametrize("service", BACK_END)
def test_the_outbox_backlog_and_its_age_are_read_at_each_scrape(stack, traffic, service: str) -> None:
    found = samples(stack, service)
    (unsent,) = found["clinic_outbox_unsent_events"]
    (age,) = found["clinic_outbox_oldest_unsent_age_seconds"]
    assert unsent.value >= 0 and age.value >= 0
    # The relay keeps up: nothing waits long once the traffic is over.
    wait_for(lambda: samples(stack, service)["clinic_outbox_unsent_events"][0].value == 0, timeout=60)


async def test_dead_lettered_events_are_counted_by_group_and_topic(stack, kafka) -> None:
    prefix = stack.extra_env["CONSUMER_GROUP_PREFIX"]
    group = f"{prefix}requests.settings-replica"

    def dead_lettered() -> float:
        return sum(
            s.value
            for s in samples(stack, "requests")["clinic_dead_lettered_events_total"]
            if s.labels == {"consumer_group": group, "topic": CLINIC_SETTINGS.name}
        )

    before = dead_lettered()
    await publish_raw(kafka, CLINIC_SETTINGS.name, f"not an event {uuid.uuid4()}".encode(), key=b"garbage")
    wait_for(lambda: dead_lettered() == before + 1, timeout=60)


def test_requests_and_emails_are_counted_by_status(stack, traffic) -> None:
    requests = {s.labels["status"]: s.value for s in samples(stack, "requests")["clinic_appointment_requests"]}
    assert requests.get("pending", 0) >= 1, requests
    wait_for(lambda: samples(stack, "notifications")["clinic_emails"], timeout=60)
    emails = {s.labels["status"]: s.value for s in samples(stack, "notifications")["clinic_emails"]}
    assert sum(emails.values()) >= 1 and all(value >= 0 for value in emails.values()), emails


@pytest.mark.parametrize("service", SERVICES)
def test_metrics_answer_only_the_metrics_token(stack, service: str) -> None:
    url = f"{stack.url(service)}/metrics"
    refusals = {
        "no token": {},
        "a wrong token": {"Authorization": "Bearer not-the-metrics-token"},
        "the token in another scheme": {"Authorization": f"Basic {stack.metrics_token}"},
    }
    for what, headers in refusals.items():
        response = httpx.get(url, headers=headers, timeout=10)
        assert response.status_code == 401, what
        assert response.headers["content-type"] == "application/problem+json", what
        assert "clinic_" not in response.text, what
    assert scrape(stack, service).status_code == 200


async def test_without_a_metrics_token_there_are_no_metrics() -> None:
    key = SigningKey.generate("no-metrics")
    apps = {
        "gateway": create_gateway(
            GatewaySettings(internal_token_signing_key=key.text(), token_secret="s" * 40, metrics_token=None)
        ),
        "requests": create_requests(
            RequestsServiceSettings(
                internal_token_public_keys=key.public_text(), kafka_security_protocol="PLAINTEXT", metrics_token=None
            )
        ),
    }
    for name, app in apps.items():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as http:
            response = await http.get("/metrics", headers={"Authorization": "Bearer anything"})
        assert response.status_code == 404, name
        assert response.headers["content-type"] == "application/problem+json", name


def test_a_call_refused_before_routing_is_timed_under_its_route_template(stack) -> None:
    """No actor token: refused before the router chose a route, still counted under the route."""

    def refused_count() -> float:
        return sum(
            s.value
            for s in samples(stack, "requests")["clinic_http_request_duration_seconds_count"]
            if s.labels == {"route": "/requests/{request_id}/approve", "method": "POST", "status": "4xx"}
        )

    before = refused_count()
    response = httpx.post(f"{stack.url('requests')}/requests/{uuid.uuid4()}/approve", json={}, timeout=10)
    assert response.status_code == 401
    assert refused_count() == before + 1
