"""Password resets: asked for by email (the same 202 whatever the email), or started by an admin
for a user of their clinic (the answer carries the link to pass on); completed with the link's
token and a new password."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.entrypoints.http.common import (
    Delivery,
    Links,
    LinkUse,
    Passwords,
    PasswordSet,
    RequestBody,
    ResetLimits,
)
from clinic_settings.entrypoints.http.entity_routes import PathId
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


def _admin_starts_reset(user_type: type[PortalUser] | type[StaffUser], collection: str) -> None:
    async def start_reset(
        user_id: PathId(user_type),  # type: ignore[valid-type]
        uow: UnitOfWork,
        links: Links,
        delivery: Delivery,
    ) -> PasswordResetDocument:
        reset = await password_resets.start_password_reset(uow, links, delivery, user_type.user_kind, user_id)
        return PasswordResetDocument.of(reset)

    name = user_type.kind.replace("-", "_")
    path = f"/{collection}/{{{user_type.id_field}}}/password-reset"
    router.add_api_route(path, start_reset, methods=["POST"], status_code=201, name=f"start_{name}_reset")


_admin_starts_reset(PortalUser, "portal-users")
_admin_starts_reset(StaffUser, "staff-users")
