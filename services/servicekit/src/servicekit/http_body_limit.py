"""A bound on request bodies, answered with a 413 problem.

Starlette's own limit (`FastAPI(max_body_size=...)`) answers a declared Content-Length that is too
large with plain text, not a problem document, so this counts the bytes itself: the declared
length when there is one, and the bytes actually streamed in either case (a chunked body has no
Content-Length to trust).
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.problems import Problem, problem_response

DEFAULT_MAX_BODY_BYTES = 64 * 1024


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


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            # Raised where no exception handler saw it (e.g. a route reading the body itself).
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await body_too_large(Request(scope), BodyTooLarge(self.max_bytes))
        await response(scope, receive, send)
