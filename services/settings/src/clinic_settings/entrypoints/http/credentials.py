from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from clinic_settings.domain.credentials import UserKind
from clinic_settings.entrypoints.http.common import Limits, Passwords, RequestBody
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import sign_in

router = APIRouter(prefix="/credentials", tags=["sign-in"])


class SignInAttempt(RequestBody):
    email: str
    password: str
    # The gateway passes it when it knows the clinic (e.g. from the portal's address).
    clinic_id: UUID | None = None
    # The caller's address as the gateway saw it, for the limit on failures per address; absent,
    # only the limit per email applies.
    client_address: str | None = Field(default=None, max_length=64)


class SignedInUser(BaseModel):
    kind: UserKind
    user_id: UUID
    clinic_id: UUID


@router.post("/verify")
async def verify(body: SignInAttempt, uow: UnitOfWork, passwords: Passwords, limits: Limits) -> SignedInUser:
    """Who these credentials belong to, or a 401 problem that does not say what was wrong; a 429
    with Retry-After after too many failures for the email or the client address."""
    user = await sign_in.verify_credentials(
        uow,
        passwords,
        limits,
        email=body.email,
        password=body.password,
        clinic_id=body.clinic_id,
        client_address=body.client_address,
    )
    return SignedInUser(kind=user.kind, user_id=user.user_id, clinic_id=user.clinic_id)
