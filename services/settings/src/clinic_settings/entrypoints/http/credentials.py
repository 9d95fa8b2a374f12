from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from clinic_settings.domain.credentials import UserKind
from clinic_settings.entrypoints.http.common import Passwords, RequestBody, Runtime
from clinic_settings.service_layer import sign_in

router = APIRouter(prefix="/credentials", tags=["sign-in"])


class SignInAttempt(RequestBody):
    email: str
    password: str
    # The gateway passes it when it knows the clinic (e.g. from the portal's address).
    clinic_id: UUID | None = None


class SignedInUser(BaseModel):
    kind: UserKind
    user_id: UUID
    clinic_id: UUID


@router.post("/verify")
async def verify(body: SignInAttempt, runtime: Runtime, passwords: Passwords) -> SignedInUser:
    """Who these credentials belong to, or a 401 problem that does not say what was wrong."""
    user = await sign_in.verify_credentials(
        runtime, passwords, email=body.email, password=body.password, clinic_id=body.clinic_id
    )
    return SignedInUser(kind=user.kind, user_id=user.user_id, clinic_id=user.clinic_id)
