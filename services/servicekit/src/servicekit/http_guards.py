"""What every HTTP app of the system puts in front of its routes: the gateway and each service."""

from collections.abc import Mapping

from fastapi import FastAPI

from servicekit.http_body_limit import DEFAULT_MAX_BODY_BYTES, BodySizeLimit, BodyTooLarge, body_too_large
from servicekit.http_headers import SecurityHeaders
from servicekit.valid_unicode import ValidUnicode


def install_http_guards(
    app: FastAPI, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, larger_bodies: Mapping[str, int] | None = None
) -> None:
    """`larger_bodies`: the routes (templates) that take larger bodies, each with its bound."""
    app.add_exception_handler(BodyTooLarge, body_too_large)
    # Inside the size limit, which counts the bytes it reads.
    app.add_middleware(ValidUnicode)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes, larger=larger_bodies)
    # Added last, so it is the outer one and a 413 gets the headers too.
    app.add_middleware(SecurityHeaders)
