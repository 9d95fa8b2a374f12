"""What the settings routes share: their dependencies and request-body basics (errors are
answered by servicekit.problems: each one is a servicekit.errors.DomainError)."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from clinic_settings.domain.credentials import Credentials, UserKind
from clinic_settings.domain.one_time_links import LinkPolicy
from clinic_settings.domain.password_reset_limits import PasswordResetLimits
from clinic_settings.domain.sign_in_limits import SignInLimits
from clinic_settings.service_layer.one_time_links import LinkDelivery
from clinic_settings.service_layer.users import PasswordHashing
from servicekit.request_body import RequestBody
from servicekit.runtime import Runtime  # noqa: F401 - the routes take it from here


async def _passwords(request: Request) -> PasswordHashing:
    return request.app.state.passwords


async def _sign_in_limits(request: Request) -> SignInLimits:
    return request.app.state.sign_in_limits


async def _link_policy(request: Request) -> LinkPolicy:
    return request.app.state.links


async def _link_delivery(request: Request) -> LinkDelivery:
    return request.app.state.link_delivery


async def _password_reset_limits(request: Request) -> PasswordResetLimits:
    return request.app.state.password_reset_limits


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
