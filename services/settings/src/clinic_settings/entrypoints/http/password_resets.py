"""Password resets: asked for by email (the same 202 whatever the email), or started by an admin
for a user of their clinic (the answer carries the link to pass on); completed with the link's
token and a new password."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from clinic_settings.domain.credentials import UserKind
from clinic_settings.entrypoints.http.common import (
    Delivery,
    Links,
    LinkUse,
    Passwords,
    PasswordSet,
    RequestBody,
    ResetLimits,
)
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import password_resets
from clinic_settings.service_layer.one_time_links import IssuedLink

router = APIRouter(tags=["password resets"])


class ResetRequest(RequestBody):
    email: str = Field(max_length=320)
    # The caller's address as the gateway saw it, for the limit per address (as for sign-in).
    client_address: str | None = Field(default=None, max_length=64)


class PasswordResetDocument(BaseModel):
    user_id: UUID
    kind: UserKind
    expires_at: datetime
    link: str

    @classmethod
    def of(cls, reset: IssuedLink) -> "PasswordResetDocument":
        link = reset.link
        return cls(user_id=link.user_id, kind=link.user_kind, expires_at=link.expires_at, link=reset.url)


@router.post("/password-resets", status_code=202)
async def request_reset(
    body: ResetRequest, uow: UnitOfWork, limits: ResetLimits, links: Links, delivery: Delivery
) -> None:
    """Always 202 and nothing else: whether the email has an account is not said. A 429 with
    Retry-After after too many from one client address."""
    await password_resets.request_password_reset(
        uow, limits, links, delivery, email=body.email, client_address=body.client_address
    )


@router.post("/password-resets/complete")
async def complete_reset(body: LinkUse, uow: UnitOfWork, passwords: Passwords) -> PasswordSet:
    return PasswordSet.of(await password_resets.complete_password_reset(uow, passwords, body.token, body.password))


@router.post("/portal-users/{portal_user_id}/password-reset", status_code=201)
async def start_portal_user_reset(
    portal_user_id: UUID, uow: UnitOfWork, links: Links, delivery: Delivery
) -> PasswordResetDocument:
    reset = await password_resets.start_password_reset(uow, links, delivery, UserKind.PORTAL, portal_user_id)
    return PasswordResetDocument.of(reset)


@router.post("/staff-users/{staff_user_id}/password-reset", status_code=201)
async def start_staff_user_reset(
    staff_user_id: UUID, uow: UnitOfWork, links: Links, delivery: Delivery
) -> PasswordResetDocument:
    reset = await password_resets.start_password_reset(uow, links, delivery, UserKind.STAFF, staff_user_id)
    return PasswordResetDocument.of(reset)
