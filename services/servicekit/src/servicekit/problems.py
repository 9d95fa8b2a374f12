"""RFC 9457 problem details for every HTTP error a service returns."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

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
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE)


def invalid_request(errors: list[dict]) -> Problem:
    """What the request got wrong, each error with its `location`, `message` and `kind`."""
    return Problem(422, "invalid-request", "The request is not valid", "See `errors`.", errors=errors)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, problem: Problem) -> JSONResponse:
        return problem_response(problem, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": list(e["loc"]), "message": e["msg"], "kind": e["type"]} for e in error.errors()
        ]
        return problem_response(invalid_request(errors), request.url.path)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed", 401: "unauthorized", 403: "forbidden"}
        code = codes.get(error.status_code, f"http-{error.status_code}")
        return problem_response(Problem(error.status_code, code, str(error.detail)), request.url.path)
