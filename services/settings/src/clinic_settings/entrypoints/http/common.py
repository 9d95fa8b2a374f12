"""What the settings routes share: their dependencies, request-body basics and error answers."""

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from servicekit.problems import Problem, problem_response
from servicekit.runtime import ServiceRuntime

from clinic_settings.adapters.password_hasher import PasswordHashingBusy
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.sign_in_limits import SignInLimits
from clinic_settings.service_layer.sign_in import SignInRefused
from clinic_settings.service_layer.sign_in_limits import SignInThrottled
from clinic_settings.service_layer.unit_of_work import EntityNotFound
from clinic_settings.service_layer.users import PasswordHashing


def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


def _passwords(request: Request) -> PasswordHashing:
    return request.app.state.passwords


def _sign_in_limits(request: Request) -> SignInLimits:
    return request.app.state.sign_in_limits


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
Passwords = Annotated[PasswordHashing, Depends(_passwords)]
Limits = Annotated[SignInLimits, Depends(_sign_in_limits)]


class RequestBody(BaseModel):
    # A misspelt field is an error, not a change silently ignored.
    model_config = ConfigDict(extra="forbid")


class Switch(RequestBody):
    enabled: bool


class NewPassword(RequestBody):
    password: str


def changes_in(body: BaseModel) -> dict:
    """The fields a PATCH body sets; null means "leave as it is"."""
    return {name: getattr(body, name) for name in body.model_fields_set if getattr(body, name) is not None}


def install_settings_problems(app: FastAPI) -> None:
    @app.exception_handler(SettingsRuleBroken)
    async def _broken(request: Request, broken: SettingsRuleBroken) -> JSONResponse:
        status = 409 if isinstance(broken, SettingsConflict) else 422
        return problem_response(
            Problem(status, broken.code, "The settings were not changed", broken.message), request.url.path
        )

    @app.exception_handler(EntityNotFound)
    async def _missing(request: Request, missing: EntityNotFound) -> JSONResponse:
        return problem_response(Problem(404, f"{missing.kind}-not-found", "Not found", str(missing)), request.url.path)

    @app.exception_handler(SignInRefused)
    async def _refused(request: Request, _refused: SignInRefused) -> JSONResponse:
        problem = Problem(401, "invalid-credentials", "The email or password is wrong")
        return problem_response(problem, request.url.path)

    @app.exception_handler(SignInThrottled)
    async def _throttled(request: Request, throttled: SignInThrottled) -> JSONResponse:
        seconds = throttled.retry_after_seconds
        problem = Problem(
            429,
            "too-many-sign-in-attempts",
            "Too many failed sign-ins",
            f"Too many failed sign-ins; try again in {seconds} second{'s' if seconds != 1 else ''}.",
            retry_after_seconds=seconds,
        )
        return _retry_after(problem_response(problem, request.url.path), seconds)

    @app.exception_handler(PasswordHashingBusy)
    async def _busy(request: Request, _busy: PasswordHashingBusy) -> JSONResponse:
        # The service's own capacity, not the caller's rate: a 503, to be tried again at once.
        problem = Problem(503, "passwords-busy", "Too many sign-ins at once", "Try again in a moment.")
        return _retry_after(problem_response(problem, request.url.path), 1)


def _retry_after(response: JSONResponse, seconds: int) -> JSONResponse:
    response.headers["Retry-After"] = str(seconds)
    return response
