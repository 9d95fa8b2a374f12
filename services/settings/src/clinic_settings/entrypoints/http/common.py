"""What the settings routes share: their dependencies, request-body basics and error answers."""

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from servicekit.problems import Problem, problem_response
from servicekit.runtime import ServiceRuntime

from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.service_layer.sign_in import SignInRefused
from clinic_settings.service_layer.unit_of_work import EntityNotFound
from clinic_settings.service_layer.users import PasswordHashing


def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


def _passwords(request: Request) -> PasswordHashing:
    return request.app.state.passwords


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
Passwords = Annotated[PasswordHashing, Depends(_passwords)]


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
