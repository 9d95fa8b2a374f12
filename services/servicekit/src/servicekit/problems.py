"""RFC 9457 problem details for every HTTP error a service returns, a failure of its own too."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from servicekit.errors import DomainError
from servicekit.http_middleware import HttpMiddleware, NotingSend
from servicekit.outages import is_outage
from servicekit.request_ids import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://clinic-appointment-requests.example/problems/"


class Problem(Exception):
    """Raise to answer with a problem document; `code` becomes the stable `type` URI."""

    def __init__(self, status: int, code: str, title: str, detail: str | None = None, **extensions) -> None:
        super().__init__(detail or title)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.extensions = extensions


def problem_response(problem: Problem, instance: str) -> JSONResponse:
    body = {
        "type": PROBLEM_BASE + problem.code,
        "title": problem.title,
        "status": problem.status,
        "instance": instance,
        "code": problem.code,
    }
    if problem.detail:
        body["detail"] = problem.detail
    body.update(problem.extensions)
    if problem.status >= 500 and (request_id := current_request_id()):
        # What someone reporting the failure can quote, to find it in the logs.
        body.setdefault("request_id", request_id)
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE)


def invalid_request(errors: list[dict]) -> Problem:
    """What the request got wrong, each error with its `location`, `message` and `kind`."""
    return Problem(422, "invalid-request", "The request is not valid", "See `errors`.", errors=errors)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, problem: Problem) -> JSONResponse:
        return problem_response(problem, request.url.path)

    @app.exception_handler(DomainError)
    async def _refused(request: Request, refused: DomainError) -> JSONResponse:
        """Every service's own refusals (servicekit.errors)."""
        problem = Problem(refused.status, refused.code, refused.title, str(refused) or None, **refused.extensions())
        response = problem_response(problem, request.url.path)
        response.headers.update(refused.headers())
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [{"location": list(e["loc"]), "message": e["msg"], "kind": e["type"]} for e in error.errors()]
        return problem_response(invalid_request(errors), request.url.path)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        """The framework's own refusals (no such route, a body it cannot parse)."""
        status = error.status_code
        code = _FRAMEWORK_CODES.get(status, "bad-request" if status < 500 else "internal-error")
        return problem_response(Problem(status, code, str(error.detail)), request.url.path)


_FRAMEWORK_CODES = {400: "bad-request", 404: "not-found", 405: "method-not-allowed"}

log = logging.getLogger(__name__)


def internal_error() -> Problem:
    """What a caller learns of a failure: that it happened, and the id to quote. The exception's
    text and trace go to the log only: they may name tables, queries or a patient's data."""
    return Problem(
        500,
        "internal-error",
        "Something went wrong on our side",
        "The failure has been logged; if it happens again, quote its request id to the clinic's support.",
    )


def unavailable() -> Problem:
    """A service whose database is away (restarting, unreachable): the caller may try again."""
    return Problem(
        503,
        "service-unavailable",
        "A part of the system is not answering",
        "Its database is not answering at the moment. Try again shortly.",
    )


class UnhandledErrors(HttpMiddleware):
    """An exception no handler answers becomes a 500 problem, logged with the call's id (a 503 when
    it says the database is away: servicekit.outages).

    Starlette's own last resort (ServerErrorMiddleware) answers such an exception in plain text,
    outside every other middleware; this one answers inside them, so the 500 also has the request
    id and the security headers, and the exception is logged once, with the id.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        noting_send = NotingSend(send)
        try:
            await self.app(scope, receive, noting_send)
        except Exception as error:
            outage = is_outage(error)
            if outage:  # the database is away: said in one line, not a trace per call
                call = f"{scope['method']} {scope['path']} (request id {current_request_id()})"
                log.warning("%s: the database is not answering: %s", call, error)
            else:
                log.exception("%s %s failed (request id %s)", scope["method"], scope["path"], current_request_id())
            if noting_send.started:  # too late for another answer; the server closes the connection
                raise
            problem = unavailable() if outage else internal_error()
            await problem_response(problem, scope["path"])(scope, receive, send)
