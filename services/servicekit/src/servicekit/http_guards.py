"""What every HTTP app of the system puts in front of its routes: the gateway and each service."""

from collections.abc import Mapping

from fastapi import FastAPI

from servicekit.http_body_limit import DEFAULT_MAX_BODY_BYTES, BodySizeLimit, BodyTooLarge, body_too_large
from servicekit.http_headers import SecurityHeaders
from servicekit.http_tracing import ServerSpans
from servicekit.problems import UnhandledErrors
from servicekit.request_ids import RequestIds
from servicekit.valid_unicode import ValidUnicode


def install_http_guards(
    app: FastAPI,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    larger_bodies: Mapping[str, int] | None = None,
    request_id_from_caller: bool = False,
) -> None:
    """`larger_bodies`: the routes (templates) that take larger bodies, each with its bound.
    `request_id_from_caller`: keep the request id, and continue the trace, the caller sends (only
    the gateway calls services)."""
    app.add_exception_handler(BodyTooLarge, body_too_large)
    # Inside the size limit, which counts the bytes it reads.
    app.add_middleware(ValidUnicode)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes, larger=larger_bodies)
    app.add_middleware(UnhandledErrors)
    # Outside UnhandledErrors, so the failure it logs and answers has the call's id.
    app.add_middleware(RequestIds, from_caller=request_id_from_caller)
    # Outside RequestIds, so each span names the call's id; outside UnhandledErrors, so a 500 is in it.
    app.add_middleware(ServerSpans, caller_context=request_id_from_caller)
    # Added last, so it is the outer one and a 413 gets the headers too.
    app.add_middleware(SecurityHeaders)
