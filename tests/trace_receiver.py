"""A real OTLP/HTTP trace receiver inside the test run: the services export their spans to it as to
a collector or Jaeger (`OTEL_EXPORTER_OTLP_ENDPOINT`), and tests read what arrived.

It decodes `ExportTraceServiceRequest` with the protobuf classes of opentelemetry-proto (the
exporter's own dependency), so what it reads is what any OTLP backend would.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

# The spans of the whole run pass through; tests read the ones they just caused, so the latest do.
KEPT_SPANS = 50_000
KINDS = {
    Span.SPAN_KIND_INTERNAL: "internal",
    Span.SPAN_KIND_SERVER: "server",
    Span.SPAN_KIND_CLIENT: "client",
    Span.SPAN_KIND_PRODUCER: "producer",
    Span.SPAN_KIND_CONSUMER: "consumer",
}


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    kind: str
    trace_id: str
    span_id: str
    parent_id: str | None
    start_ns: int
    end_ns: int
    attributes: dict
    links: tuple[tuple[str, str], ...]  # (trace id, span id) of each link

    @property
    def milliseconds(self) -> float:
        return (self.end_ns - self.start_ns) / 1e6


def _value(any_value):
    return getattr(any_value, any_value.WhichOneof("value")) if any_value.WhichOneof("value") else None


def _spans_of(export: ExportTraceServiceRequest) -> Iterable[ReceivedSpan]:
    for resource_spans in export.resource_spans:
        resource = {item.key: _value(item.value) for item in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield ReceivedSpan(
                    service=resource.get("service.name", "?"),
                    name=span.name,
                    kind=KINDS.get(span.kind, "unspecified"),
                    trace_id=span.trace_id.hex(),
                    span_id=span.span_id.hex(),
                    parent_id=span.parent_span_id.hex() or None,
                    start_ns=span.start_time_unix_nano,
                    end_ns=span.end_time_unix_nano,
                    attributes={item.key: _value(item.value) for item in span.attributes},
                    links=tuple((link.trace_id.hex(), link.span_id.hex()) for link in span.links),
                )


class TraceReceiver:
    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, port
        self._spans: deque[ReceivedSpan] = deque(maxlen=KEPT_SPANS)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        """For OTEL_EXPORTER_OTLP_ENDPOINT: the exporter adds `/v1/traces`."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces":
                    self.send_error(404)
                    return
                export = ExportTraceServiceRequest.FromString(body)
                with receiver._lock:
                    receiver._spans.extend(_spans_of(export))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        threading.Thread(target=self._server.serve_forever, name="otlp-receiver", daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def spans(self, trace_id: str | None = None) -> list[ReceivedSpan]:
        with self._lock:
            return [span for span in self._spans if trace_id is None or span.trace_id == trace_id]

    def wait_for(
        self,
        found: Callable[[list[ReceivedSpan]], object],
        timeout: float = 60,
        describe: Callable[[list[ReceivedSpan]], str] | None = None,
    ) -> object:
        """Polls the spans received so far until `found` returns something truthy, and returns it;
        on timeout the failure shows `describe` of the spans received."""
        deadline = time.monotonic() + timeout
        while not (result := found(spans := self.spans())):
            if time.monotonic() > deadline:
                shown = f":\n{describe(spans)}" if describe else ""
                raise AssertionError(f"not received within {timeout}s{shown}")
            time.sleep(0.2)
        return result


def tree(spans: list[ReceivedSpan]) -> str:
    """One trace as an indented tree: service, span name and duration, children by start time."""
    children: dict[str | None, list[ReceivedSpan]] = {}
    for span in spans:
        children.setdefault(span.parent_id, []).append(span)
    lines: list[str] = []

    def add(span: ReceivedSpan, depth: int) -> None:
        label = f"{'  ' * depth}{span.service:<14}{span.name}"
        if event_type := span.attributes.get("clinic.event_type"):
            label += f" [{event_type}]"
        lines.append(f"{label:<84}{span.milliseconds:>8.1f} ms")
        for child in sorted(children.get(span.span_id, []), key=lambda each: each.start_ns):
            add(child, depth + 1)

    for root in sorted(children.get(None, []), key=lambda each: each.start_ns):
        add(root, 0)
    return "\n".join(lines)
