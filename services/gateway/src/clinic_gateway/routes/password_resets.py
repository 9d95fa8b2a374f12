"""Password resets: anyone may ask for a link by email (always the same 202: no answer says
whether an account has the email; the link goes only to the account's owner), an admin may start
one for a user of their clinic (the answer carries the link to pass on), and the link's page
(`/reset-password#token=...`) sets the new password. A link lasts an hour and works once."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, Field

from clinic_gateway.client_address import client_address
from clinic_gateway.clients import Services
from clinic_gateway.clients.transport import PassedOn
from clinic_gateway.identity import Admin, GatewayAlone, ServicesDep
from clinic_gateway.problems import FAILURES, INVALID, NEEDS_ADMIN, SIGNED_IN, STAFF_ONLY, Example, problems
from clinic_gateway.routes.invitations import LINK_USE, PASSWORD_TOO_SHORT, LinkUse, PasswordSet
from clinic_gateway.tokens import UserKind

admin_router = APIRouter(prefix="/api/admin", tags=["admin"])
public_router = APIRouter(prefix="/api/password-resets", tags=["password resets"])

RESET_REFUSALS = Example.table(
    {
        "password-reset-not-found": (
            "This password reset link is not valid. Check that the whole link was copied, or ask for a new one."
        ),
        "password-reset-already-used": "This password reset link has already been used.",
        "password-reset-expired": "This password reset link has expired. Ask for a new one.",
        "password-reset-revoked": "A newer password reset link has been made since; use that one.",
    }
)
TOO_MANY_RESETS = Example.of(
    "too-many-password-resets",
    "Too many password resets were asked for from here; try again in 900 seconds.",
    retry_after_seconds=900,
)
NOT_ACCEPTED = Example.of(
    "invitation-not-accepted", "Wei Chen has not accepted their invitation yet; send the invitation again instead."
)
INACTIVE = Example.of("account-inactive", "Wei Chen's account is deactivated; reactivate it first.")
ADMIN_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_ACCEPTED, INACTIVE)
# Another clinic's user, or none: the settings service's own answer.
PORTAL_USER_NOT_FOUND = Example.of("portal-user-not-found", "No portal user has id 0c6f....")
STAFF_USER_NOT_FOUND = Example.of("staff-user-not-found", "No staff user has id 0c6f....")
ON_ITS_WAY = (
    "If an account uses this email, a link to choose a new password is on its way to it. The link works"
    " once, for an hour."
)


class ResetRequest(BaseModel):
    email: str = Field(max_length=320)


class ResetRequested(BaseModel):
    detail: str = Field(examples=[ON_ITS_WAY])


class PasswordReset(BaseModel):
    user_id: UUID
    kind: UserKind
    expires_at: datetime
    link: str = Field(description="The link to pass on: `<public base URL>/reset-password#token=...`")


EMAIL = {"someone": {"summary": "Someone's email", "value": {"email": "wei.chen@harborview.example"}}}


@public_router.post("", status_code=202, responses=problems(TOO_MANY_RESETS, INVALID, *FAILURES))
async def request_reset(
    body: Annotated[ResetRequest, Body(openapi_examples=EMAIL)], gateway: GatewayAlone, request: Request
) -> ResetRequested:
    """No sign-in. Always this 202, whether or not an account has the email. A few links per email
    at most (more asks answer the same and make none); from one client address, a 429 with
    Retry-After after 20."""
    asked = {**body.model_dump(), "client_address": client_address(request, request.app.state.trusted_proxies)}
    response = await gateway.settings.send("POST", "/password-resets", json=asked)
    if response.status_code != 202:
        raise PassedOn(response)
    return ResetRequested(detail=ON_ITS_WAY)


@public_router.post(
    "/complete",
    response_model=PasswordSet,
    responses=problems(*RESET_REFUSALS, PASSWORD_TOO_SHORT, INVALID, *FAILURES),
)
async def complete_reset(body: Annotated[LinkUse, Body(openapi_examples=LINK_USE)], gateway: GatewayAlone) -> Response:
    """No sign-in: the new password (at least 10 characters); the link is then used up."""
    return (
        await gateway.settings.write(PasswordSet, "POST", "/password-resets/complete", json=body.model_dump())
    ).response()


def _reset_route(user_path: str, user_not_found: Example) -> Callable:
    """An admin's password reset for one kind of user (`/{user_path}/password-reset`): 201 with the link."""
    return admin_router.post(
        f"/{user_path}/password-reset",
        status_code=201,
        response_model=PasswordReset,
        responses=problems(*ADMIN_PROBLEMS, user_not_found),
    )


async def _reset(gateway: Services, collection: str, user_id: UUID) -> Response:
    return (await gateway.settings.write(PasswordReset, "POST", f"/{collection}/{user_id}/password-reset")).response()


@_reset_route("portal-users/{portal_user_id}", PORTAL_USER_NOT_FOUND)
async def reset_portal_user(portal_user_id: UUID, admin: Admin, gateway: ServicesDep) -> Response:
    """A password reset link for a portal user of the admin's clinic, to pass on; their earlier
    reset links stop working."""
    return await _reset(gateway, "portal-users", portal_user_id)


@_reset_route("staff-users/{staff_user_id}", STAFF_USER_NOT_FOUND)
async def reset_staff_user(staff_user_id: UUID, admin: Admin, gateway: ServicesDep) -> Response:
    """A password reset link for a staff user of the admin's clinic, to pass on."""
    return await _reset(gateway, "staff-users", staff_user_id)
