"""One submission is one trace: through the gateway, every service's HTTP API and every Kafka hop,
as the services export it over OTLP/HTTP to a real receiver (tests/trace_receiver.py)."""

import secrets

import pytest

from clinic_contracts.topics import APPOINTMENT_REQUESTS, CALENDAR
from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import LILY, LILY_CASE, make_room, request_body, slots
from tests.gateway.test_story import submit
from tests.trace_receiver import ReceivedSpan, TraceReceiver, tree

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

SERVICES = {"gateway", "settings", "requests", "availability", "notifications"}


@pytest.fixture
def lilys_case_open(admin, therapists_at_work, settings_restored) -> None:
    admin.ok("PUT", f"/api/admin/locations/{demo.DOWNTOWN}/appointment-requests", json={"enabled": True})
    admin.ok("PUT", f"/api/admin/patient-cases/{LILY_CASE}/appointment-requests", json={"enabled": True})
    admin.ok("PUT", f"/api/admin/patient-cases/{LILY_CASE}/requestable-visit-types", json=[str(demo.TREATMENT)])
    admin.ok("PUT", "/api/admin/clinic/appointment-requests", json={"enabled": True})


def gateway_span_of(receiver: TraceReceiver, request_id: str) -> ReceivedSpan:
    """The gateway's server span of the call it answered with this request id."""

    def answered_it(span: ReceivedSpan) -> bool:
        return (span.service, span.kind, span.attributes.get("clinic.request_id")) == ("gateway", "server", request_id)

    def found(spans: list[ReceivedSpan]) -> ReceivedSpan | None:
        return next((span for span in spans if answered_it(span)), None)

    return receiver.wait_for(found, describe=lambda spans: f"{len(spans)} spans, none of request {request_id}")


class Trace:
    def __init__(self, spans: list[ReceivedSpan]) -> None:
        self.spans = spans
        self.by_id = {span.span_id: span for span in spans}

    def orphans(self) -> list[ReceivedSpan]:
        return [span for span in self.spans if span.parent_id is not None and span.parent_id not in self.by_id]

    def children(self, parent: ReceivedSpan, service: str, kind: str, **attributes) -> list[ReceivedSpan]:
        return [
            span
            for span in self.spans
            if span.parent_id == parent.span_id
            and (span.service, span.kind) == (service, kind)
            and all(span.attributes.get(key) == value for key, value in attributes.items())
        ]

    def one_child(self, parent: ReceivedSpan, service: str, kind: str, **attributes) -> ReceivedSpan:
        found = self.children(parent, service, kind, **attributes)
        where = f"{service} {kind} {attributes} under {parent.service} {parent.name}"
        assert len(found) == 1, f"{where}: {found}\n{tree(self.spans)}"
        return found[0]

    def staged(self, parent: ReceivedSpan, service: str, event_type: str) -> ReceivedSpan:
        """The producer span of the event `service` staged while in `parent`."""
        return self.one_child(parent, service, "producer", **{"clinic.event_type": event_type})

    def handled(self, producer: ReceivedSpan, service: str) -> ReceivedSpan:
        """`service`'s consumer span of the event staged in `producer`."""
        topic = producer.attributes["messaging.destination.name"]
        return self.one_child(producer, service, "consumer", **{"messaging.destination.name": topic})


def test_one_submission_is_one_trace_across_every_service_and_kafka_hop(
    caregiver, lilys_case_open, trace_receiver
) -> None:
    make_room(caregiver, LILY_CASE)
    first = slots(caregiver, LILY_CASE, demo.TREATMENT)[0]
    response, request = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, first["start"]))
    assert request["status"] == "pending", request
    root = gateway_span_of(trace_receiver, response.headers["X-Request-Id"])
    assert (root.name, root.parent_id) == ("POST /api/portal/requests", None)

    def told_pending(spans: list[ReceivedSpan]) -> Trace | None:
        """The trace, once the notifications service handled the RequestPending and no span of
        the trace lacks its parent (a parent ends, and is exported, after its children)."""
        trace = Trace([span for span in spans if span.trace_id == root.trace_id])
        pending = [span for span in trace.spans if span.attributes.get("clinic.event_type") == "RequestPending"]
        told = pending and trace.children(pending[0], "notifications", "consumer")
        return trace if told and not trace.orphans() else None

    trace = trace_receiver.wait_for(
        told_pending, describe=lambda spans: tree([span for span in spans if span.trace_id == root.trace_id])
    )
    print(f"\nOne submission, trace {root.trace_id}:\n{tree(trace.spans)}")

    assert {span.service for span in trace.spans} == SERVICES
    assert [span for span in trace.spans if span.parent_id is None] == [root], "one root: the gateway's call"
    assert trace.orphans() == []
    # Gateway -> settings (what the request is judged by) and gateway -> requests, over HTTP.
    calls = trace.children(root, "gateway", "client")
    assert {span.name for span in calls} >= {"GET settings", "POST requests"}
    by_name = {span.name: span for span in calls}
    assert trace.children(by_name["GET settings"], "settings", "server")
    submitted_over_http = trace.one_child(by_name["POST requests"], "requests", "server")
    assert submitted_over_http.name == "POST /requests"
    # requests -> availability -> requests -> notifications, over Kafka.
    submitted = trace.staged(submitted_over_http, "requests", "RequestSubmitted")
    assert submitted.attributes["messaging.destination.name"] == APPOINTMENT_REQUESTS.name
    placing_hold = trace.handled(submitted, "availability")
    hold_placed = trace.staged(placing_hold, "availability", "HoldPlaced")
    assert hold_placed.attributes["messaging.destination.name"] == CALENDAR.name
    going_pending = trace.handled(hold_placed, "requests")
    pending = trace.staged(going_pending, "requests", "RequestPending")
    trace.handled(pending, "notifications")
    # Ids and route templates only: no path with an id in it, nothing the caregiver wrote.
    for span in trace.spans:
        assert request["request_id"] not in span.name and str(LILY) not in span.name, span
        assert not {"url.path", "url.query"} & set(span.attributes), span


@pytest.mark.parametrize("sampled", ["01", "00"])
def test_the_gateway_starts_its_own_trace_and_links_an_outside_callers(caregiver, trace_receiver, sampled) -> None:
    """A public door does not let a caller join our traces, nor switch their sampling off with the
    flag (`00`): an outside `traceparent` is kept as a link only."""
    outside_trace, outside_span = secrets.token_hex(16), secrets.token_hex(8)
    response = caregiver.call(
        "GET", "/api/portal/patients", headers={"traceparent": f"00-{outside_trace}-{outside_span}-{sampled}"}
    )
    assert response.status_code == 200, response.text
    ours = gateway_span_of(trace_receiver, response.headers["X-Request-Id"])
    assert ours.trace_id != outside_trace and ours.parent_id is None
    assert ours.links == ((outside_trace, outside_span),)
    # The services it called for the caller are in our trace; nothing is in the caller's.
    trace_receiver.wait_for(lambda spans: any(s.trace_id == ours.trace_id and s.service == "settings" for s in spans))
    assert [span for span in trace_receiver.spans() if span.trace_id == outside_trace] == []
