"""The request service's errors as RFC 9457 problems with stable codes."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from clinic_requests.adapters.replicated_settings import UnknownSetting
from clinic_requests.domain.appointment_request import TransitionRefused
from clinic_requests.domain.rules import Breach, RuleBroken
from clinic_requests.service_layer.submission import IdempotencyKeyReused
from clinic_requests.service_layer.unit_of_work import RequestNotFound
from clinic_requests.service_layer.waitlist import EntryNotFound
from servicekit.problems import Problem, problem_response

_BREACHES = {
    Breach.INVALID: (422, "The appointment request breaks a rule"),
    Breach.CONFLICT: (409, "The appointment request conflicts with what is already there"),
    Breach.FORBIDDEN: (403, "Not allowed"),
}


def install_request_problems(app: FastAPI) -> None:
    @app.exception_handler(RuleBroken)
    async def _rule_broken(request: Request, broken: RuleBroken) -> JSONResponse:
        status, title = _BREACHES[broken.breach]
        return problem_response(Problem(status, broken.code, title, broken.message), request.url.path)

    @app.exception_handler(TransitionRefused)
    async def _refused(request: Request, refused: TransitionRefused) -> JSONResponse:
        # `status` is the HTTP status in a problem document, hence `request_status`.
        problem = Problem(
            409,
            refused.code,
            "The appointment request is not in a state that allows this",
            refused.message,
            request_status=refused.status.value,
        )
        return problem_response(problem, request.url.path)

    @app.exception_handler(RequestNotFound)
    async def _missing(request: Request, missing: RequestNotFound) -> JSONResponse:
        return problem_response(Problem(404, "request-not-found", "Not found", str(missing)), request.url.path)

    @app.exception_handler(EntryNotFound)
    async def _no_entry(request: Request, missing: EntryNotFound) -> JSONResponse:
        problem = Problem(404, "waitlist-entry-not-found", "Not found", str(missing))
        return problem_response(problem, request.url.path)

    @app.exception_handler(UnknownSetting)
    async def _unknown(request: Request, unknown: UnknownSetting) -> JSONResponse:
        problem = Problem(422, f"unknown-{unknown.kind}", "The request refers to something unknown", str(unknown))
        return problem_response(problem, request.url.path)

    @app.exception_handler(IdempotencyKeyReused)
    async def _reused(request: Request, _reused: IdempotencyKeyReused) -> JSONResponse:
        problem = Problem(
            409,
            "idempotency-key-reused",
            "The idempotency key was used for a different request",
            "This portal user already submitted a different request with this idempotency key; use a new key.",
        )
        return problem_response(problem, request.url.path)
