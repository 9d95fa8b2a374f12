"""A bound on request bodies, answered with a 413 problem.

Starlette's own limit (`FastAPI(max_body_size=...)`) answers a declared Content-Length that is too
large with plain text, not a problem document, so this counts the bytes itself: the declared
length when there is one, and the bytes actually streamed in either case (a chunked body has no
Content-Length to trust).

A few routes take more than the rest (a clinic's data to import): they are named, with their own
bound, where the app is built, so every larger limit can be read in one place.
"""

import re
from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http_middleware import HttpMiddleware, NotingSend
from servicekit.problems import Problem, problem_response

DEFAULT_MAX_BODY_BYTES = 64 * 1024
# For the import routes: a 5,000-patient clinic is a few hundred KiB of CSV; this leaves room.
DEFAULT_MAX_IMPORT_BODY_BYTES = 16 * 1024 * 1024


class BodyTooLarge(HTTPException):
    """An HTTPException, so that FastAPI's body parsing passes it on instead of calling it a 400."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, "The request body is too large")
        self.max_bytes = max_bytes


async def body_too_large(request: Request, error: BodyTooLarge) -> Response:
    problem = Problem(
        413, "request-too-large", "The request body is too large", f"Send at most {error.max_bytes} bytes."
    )
    return problem_response(problem, request.url.path)


def route_pattern(template: str) -> re.Pattern:
    """The paths a route template such as `/clinics/{clinic_id}/imports` matches."""
    parts = re.split(r"(\{[^/}]+\})", template)
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts))


class BodySizeLimit(HttpMiddleware):
    def __init__(
        self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES, larger: Mapping[str, int] | None = None
    ) -> None:
        """`larger` maps route templates to their own, larger bound."""
        super().__init__(app)
        self.max_bytes = max_bytes
        self.larger = [(route_pattern(template), limit) for template, limit in (larger or {}).items()]

    def _limit_of(self, path: str) -> int:
        return next((limit for pattern, limit in self.larger if pattern.fullmatch(path)), self.max_bytes)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        max_bytes = self._limit_of(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            await self._refuse(scope, receive, send, max_bytes)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLarge(max_bytes)
            return message

        noting_send = NotingSend(send)
        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            # Raised where no exception handler saw it (e.g. a route reading the body itself).
            if noting_send.started:
                raise
            await self._refuse(scope, receive, send, max_bytes)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        response = await body_too_large(Request(scope), BodyTooLarge(max_bytes))
        await response(scope, receive, send)
