"""Traces: one submission followed across every service, over HTTP and over Kafka.

Each process calls `configure_tracing` once with its service's name. Spans are exported over
OTLP/HTTP only when the standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) is set;
without it nothing leaves the process, but the trace context still travels (W3C `traceparent` and
`tracestate`), so the spans of the services that do export still make one trace.

Where the context travels: HTTP calls (servicekit.http_tracing), and events: the outbox stores
the context of the call that staged an event (`staged_event_span`), the relay sends it as the Kafka
message's headers, and the consumer handles the event inside a span continuing it
(`consuming_event`), so the events its handler stages continue the same trace.

Span attributes are ids, topics and route templates only: never a name, an email or a note.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
# W3C Trace Context only: no baggage, which would carry whatever a caller put in it.
PROPAGATOR = TraceContextTextMapPropagator()

tracer = trace.get_tracer("servicekit")


def configure_tracing(service_name: str) -> None:
    """Once per process, before it serves: the tracer provider naming the service, exporting
    when an OTLP endpoint is configured. Sampling follows the standard OTEL_TRACES_SAMPLER."""
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    if any(os.environ.get(variable) for variable in ENDPOINT_VARIABLES):
        # Imported only when used: the exporter reads its endpoint and headers from the environment.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


def current_trace_headers() -> dict[str, str] | None:
    """`traceparent` (and `tracestate`) of the current span, or None outside a trace."""
    headers: dict[str, str] = {}
    PROPAGATOR.inject(headers)
    return headers or None


def context_from(headers: Mapping[str, str] | None) -> Context:
    """The trace context a caller or a producer sent; an empty one (a new trace) without it."""
    return PROPAGATOR.extract(dict(headers or {}))


def failed(span: Span, error: BaseException) -> None:
    """Marks a span failed by the kind of error only: an error's message may quote what was sent."""
    span.set_status(Status(StatusCode.ERROR, type(error).__name__))


def staged_event_span(topic: str, event_type: str, event_id: str) -> dict[str, str] | None:
    """A producer span marking an event staged in the outbox; returns the headers the relay sends
    with it, so its consumers continue this trace. Staging is one insert: the span is a moment."""
    attributes = {
        "messaging.system": "kafka",
        "messaging.operation.type": "create",
        "messaging.destination.name": topic,
        "messaging.message.id": event_id,
        "clinic.event_type": event_type,
    }
    with tracer.start_as_current_span(f"create {topic}", kind=SpanKind.PRODUCER, attributes=attributes):
        return current_trace_headers()


@contextmanager
def consuming_event(
    topic: str, partition: int, offset: int, group_id: str, headers: Mapping[str, str] | None
) -> Iterator[Span]:
    """A consumer span around handling one Kafka message, a child of the span that staged it."""
    attributes = {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.destination.name": topic,
        "messaging.destination.partition.id": str(partition),
        "messaging.kafka.offset": offset,
        "messaging.consumer.group.name": group_id,
    }
    with tracer.start_as_current_span(
        f"process {topic}",
        context=context_from(headers),
        kind=SpanKind.CONSUMER,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield span
        except BaseException as error:
            failed(span, error)
            raise
