"""Traces over HTTP: a server span for every call an app answers, a client span for every call
the gateway makes to a service, and the trace context carried between them.

A back-end service continues the trace its caller sends (only the gateway and operators' jobs can
call it). The gateway, the public door, never does: anyone could send a `traceparent`, to join
their requests to traces of ours, or to turn our sampling off with its flag. It starts a trace of
its own for every call and keeps an outside caller's context only as a link, so a partner's trace
and ours can still be found from each other.
"""

import httpx
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link, SpanKind
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http_middleware import HttpMiddleware
from servicekit.request_ids import HEADER as REQUEST_ID
from servicekit.tracing import PROPAGATOR, context_from, failed, tracer

# FastAPI's own telemetry (on by default once a tracer provider is set) is off, ours instead: its
# server span continues any caller's `traceparent` (at the gateway too), its attributes hold the raw
# path and query, and its logs the rejected input, where ids, search terms or names may be.
FASTAPI_TELEMETRY = {"tracing": False, "logs": False}

# Probes are called every few seconds by the orchestrator: traces of them would bury the others.
UNTRACED_PATHS = frozenset({"/healthz", "/readyz"})


def _outside_link(headers: Headers) -> list[Link]:
    outside = trace.get_current_span(context_from(headers)).get_span_context()
    return [Link(outside, {"clinic.link": "outside-caller"})] if outside.is_valid else []


class ServerSpans(HttpMiddleware):
    """A server span per HTTP call, named by method and route template (never a path with ids)."""

    def __init__(self, app: ASGIApp, *, caller_context: bool) -> None:
        """`caller_context`: continue the trace the caller sends (a service called by the gateway);
        otherwise start a new one, linked to the caller's (the gateway)."""
        super().__init__(app)
        self.caller_context = caller_context

    def passes(self, scope: Scope) -> bool:
        return scope["path"] in UNTRACED_PATHS

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        if self.caller_context:
            parent, links = context_from(headers), []
        else:
            parent, links = Context(), _outside_link(headers)
        method = scope["method"]
        with tracer.start_as_current_span(
            method,
            context=parent,
            kind=SpanKind.SERVER,
            links=links,
            attributes={"http.request.method": method},
            record_exception=False,
            set_status_on_exception=False,
        ) as span:

            async def send_traced(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status = message["status"]
                    span.set_attribute("http.response.status_code", status)
                    if request_id := Headers(raw=message.get("headers", [])).get(REQUEST_ID):
                        span.set_attribute("clinic.request_id", request_id)
                    if status >= 500:
                        span.set_status(trace.StatusCode.ERROR)
                await send(message)

            try:
                await self.app(scope, receive, send_traced)
            except BaseException as error:
                failed(span, error)
                raise
            finally:
                # Known once the router has matched the call; a call no route matched keeps the method.
                if (route := getattr(scope.get("route"), "path", None)) is not None:
                    span.update_name(f"{method} {route}")
                    span.set_attribute("http.route", route)


class TracedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that makes each call a client span of the current trace and sends its
    context along. Outside a trace (a health probe) calls go untraced: no trace of their own."""

    def __init__(self, service: str, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.service = service
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not trace.get_current_span().is_recording():
            return await self.inner.handle_async_request(request)
        attributes = {"http.request.method": request.method, "server.address": self.service}
        # Named by the service called: the path may hold ids, and the service's own span has the route.
        with tracer.start_as_current_span(
            f"{request.method} {self.service}",
            kind=SpanKind.CLIENT,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            carrier: dict[str, str] = {}
            PROPAGATOR.inject(carrier)
            request.headers.update(carrier)
            try:
                response = await self.inner.handle_async_request(request)
            except BaseException as error:
                failed(span, error)
                raise
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                span.set_status(trace.StatusCode.ERROR)
            return response

    async def aclose(self) -> None:
        await self.inner.aclose()
