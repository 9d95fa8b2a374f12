"""How the FHIR facade answers: `application/fhir+json`, and its errors as OperationOutcome.

The rest of the gateway answers errors as RFC 9457 problem+json; a FHIR client understands only
OperationOutcome. So the rule stays one rule: every refusal is still raised as a `Problem` (the
same access functions, the same codes, the same HTTP status), and only on the way out, for a path
under `/fhir`, is the problem written as an OperationOutcome. Its issue carries the problem's
code (`details.coding`, system PROBLEM_CODES), title and detail, so nothing is lost.
"""

import json

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clinic_gateway.clients.transport import PassedOn
from clinic_gateway.routes.fhir.validation import FHIR_MEDIA_TYPE, validated
from servicekit.problems import PROBLEM_MEDIA_TYPE, Problem

FHIR_PREFIX = "/fhir"
PROBLEM_CODES = "urn:clinic-appointment-requests:problem"

# HTTP status → OperationOutcome.issue.code (the IssueType value set).
_ISSUE_TYPES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    412: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "business-rule",
    429: "throttled",
    503: "transient",
    504: "timeout",
}


class FhirResponse(Response):
    media_type = FHIR_MEDIA_TYPE

    def render(self, content: dict) -> bytes:
        return json.dumps(validated(content), separators=(",", ":")).encode()


def operation_outcome(status: int, code: str, title: str, detail: str | None, extensions: dict) -> dict:
    issue = {
        "severity": "error" if status < 500 else "fatal",
        "code": _ISSUE_TYPES.get(status, "exception" if status >= 500 else "invalid"),
        "details": {"coding": [{"system": PROBLEM_CODES, "code": code, "display": title}], "text": detail or title},
    }
    issues = [issue]
    for error in extensions.get("errors", ()):  # a request's invalid fields, one issue each
        where = ".".join(str(part) for part in error.get("location", ()))
        issues.append({"severity": "error", "code": "invalid", "diagnostics": f"{where}: {error.get('message')}"})
    return {"resourceType": "OperationOutcome", "issue": issues}


def outcome_of(problem: Problem) -> Response:
    body = operation_outcome(problem.status, problem.code, problem.title, problem.detail, problem.extensions)
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
    return FhirResponse(body, problem.status, headers=headers)


def outcome_of_service(passed: PassedOn) -> Response:
    """A service's own problem, as an OperationOutcome (a 4xx keeps its status and code)."""
    response = passed.response
    try:
        problem = response.json() if response.headers.get("content-type", "").startswith(PROBLEM_MEDIA_TYPE) else None
    except ValueError:
        problem = None
    if not isinstance(problem, dict) or response.status_code < 400:
        detail = f"A part of the system answered {response.status_code} without saying why. Try again shortly."
        return outcome_of(Problem(502, "service-failed", "A part of the system failed", detail))
    extensions = {"errors": problem["errors"]} if isinstance(problem.get("errors"), list) else {}
    body = operation_outcome(
        response.status_code, str(problem.get("code", "")), problem.get("title", ""), problem.get("detail"), extensions
    )
    return FhirResponse(body, response.status_code)


def _is_fhir(path: str) -> bool:
    return path == FHIR_PREFIX or path.startswith(FHIR_PREFIX + "/")


class FhirRefusals:
    """Under /fhir, a problem document answered before any route ran (the guards every app puts
    in front: text that is not valid Unicode, a body too large) goes out as an OperationOutcome
    too, with the same status and code; malformed input is FHIR's 400 as in `invalid` below."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_fhir(scope["path"]):
            await self.app(scope, receive, send)
            return
        started: Message | None = None
        body = bytearray()

        async def rewrite(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                if Headers(raw=message["headers"]).get("content-type", "").startswith(PROBLEM_MEDIA_TYPE):
                    started = message
                    return
            elif started is not None and message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._as_outcome(started, bytes(body), send)
                return
            await send(message)

        await self.app(scope, receive, rewrite)

    @staticmethod
    async def _as_outcome(started: Message, body: bytes, send: Send) -> None:
        try:
            problem = json.loads(body)
        except ValueError:
            problem = {}
        status, code = started["status"], str(problem.get("code", ""))
        if status == 422 and code == "invalid-request":
            status = 400
        extensions = {"errors": problem["errors"]} if isinstance(problem.get("errors"), list) else {}
        outcome = operation_outcome(status, code, problem.get("title", ""), problem.get("detail"), extensions)
        payload = json.dumps(validated(outcome), separators=(",", ":")).encode()
        headers = MutableHeaders(raw=list(started["headers"]))
        headers["content-type"] = FHIR_MEDIA_TYPE
        headers["content-length"] = str(len(payload))
        await send({**started, "status": status, "headers": headers.raw})
        await send({"type": "http.response.body", "body": payload})


def install_outcomes(app: FastAPI) -> None:
    """Wrap the app's error handlers: under /fhir, OperationOutcome; elsewhere, as before. Added
    last, FhirRefusals is the outermost middleware: it sees what the guards answer too."""
    app.add_middleware(FhirRefusals)
    as_before = dict(app.exception_handlers)

    def fhir_or(kind: type, as_outcome) -> None:
        before = as_before[kind]

        async def handle(request: Request, error: Exception) -> Response:
            if _is_fhir(request.url.path):
                return as_outcome(error)
            return await before(request, error)

        app.add_exception_handler(kind, handle)

    def invalid(error: RequestValidationError) -> Response:
        errors = [{"location": list(e["loc"]), "message": e["msg"]} for e in error.errors()]
        return outcome_of(Problem(400, "invalid-request", "The request is not valid", "See the issues.", errors=errors))

    def framework(error: HTTPException) -> Response:
        status = error.status_code
        code = {404: "not-found", 405: "method-not-allowed"}.get(status, "bad-request")
        return outcome_of(Problem(status, code, str(error.detail)))

    fhir_or(Problem, outcome_of)
    fhir_or(PassedOn, outcome_of_service)
    fhir_or(RequestValidationError, invalid)
    fhir_or(HTTPException, framework)
