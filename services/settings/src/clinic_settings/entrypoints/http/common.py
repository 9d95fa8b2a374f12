"""What the settings routes share: their dependencies, request-body basics and error answers."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from clinic_settings.adapters.password_hasher import PasswordHashingBusy
from clinic_settings.domain.credentials import Credentials, UserKind
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.one_time_links import LinkPolicy, LinkRefused
from clinic_settings.domain.password_reset_limits import PasswordResetLimits
from clinic_settings.domain.sign_in_limits import SignInLimits
from clinic_settings.service_layer.one_time_links import LinkDelivery
from clinic_settings.service_layer.password_resets import PasswordResetsThrottled
from clinic_settings.service_layer.sign_in import SignInRefused
from clinic_settings.service_layer.sign_in_limits import SignInThrottled
from clinic_settings.service_layer.unit_of_work import EntityNotFound
from clinic_settings.service_layer.users import PasswordHashing
from servicekit.problems import Problem, problem_response
from servicekit.request_body import RequestBody
from servicekit.runtime import ServiceRuntime


def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


def _passwords(request: Request) -> PasswordHashing:
    return request.app.state.passwords


def _sign_in_limits(request: Request) -> SignInLimits:
    return request.app.state.sign_in_limits


def _link_policy(request: Request) -> LinkPolicy:
    return request.app.state.links


def _link_delivery(request: Request) -> LinkDelivery:
    return request.app.state.link_delivery


def _password_reset_limits(request: Request) -> PasswordResetLimits:
    return request.app.state.password_reset_limits


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
Passwords = Annotated[PasswordHashing, Depends(_passwords)]
Limits = Annotated[SignInLimits, Depends(_sign_in_limits)]
Links = Annotated[LinkPolicy, Depends(_link_policy)]
Delivery = Annotated[LinkDelivery, Depends(_link_delivery)]
ResetLimits = Annotated[PasswordResetLimits, Depends(_password_reset_limits)]


class Switch(RequestBody):
    enabled: bool


class NewPassword(RequestBody):
    password: str


class LinkUse(RequestBody):
    """A one-time link's token and the password the person chose."""

    token: str = Field(max_length=200)
    password: str


class PasswordSet(BaseModel):
    """Whose password a one-time link has just set: they sign in next."""

    kind: UserKind
    user_id: UUID
    clinic_id: UUID
    email: str

    @classmethod
    def of(cls, credentials: Credentials) -> "PasswordSet":
        return cls(
            kind=credentials.kind, user_id=credentials.user_id, clinic_id=credentials.clinic_id, email=credentials.email
        )


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

    @app.exception_handler(LinkRefused)
    async def _link_refused(request: Request, refused: LinkRefused) -> JSONResponse:
        problem = Problem(refused.status, refused.code, "The link cannot be used", refused.message)
        return problem_response(problem, request.url.path)

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

    @app.exception_handler(PasswordResetsThrottled)
    async def _resets_throttled(request: Request, throttled: PasswordResetsThrottled) -> JSONResponse:
        seconds = throttled.retry_after_seconds
        problem = Problem(
            429,
            "too-many-password-resets",
            "Too many password resets asked for",
            f"Too many password resets were asked for from here; try again in {seconds} seconds.",
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
