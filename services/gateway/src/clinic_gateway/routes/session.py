"""Signing in, and who am I."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from servicekit.problems import Problem

from clinic_gateway.identity import ServicesDep, SignedInDep
from clinic_gateway.services import PassedOn
from clinic_gateway.tokens import SignedIn, UserKind

router = APIRouter(prefix="/api", tags=["session"])


class Credentials(BaseModel):
    email: str = Field(examples=["wei.chen@harborview.example"])
    password: str = Field(examples=["harborview-demo-2026"])
    clinic_id: UUID | None = None


class Session(BaseModel):
    token: str
    token_type: str = "Bearer"
    expires_at: datetime
    kind: UserKind
    user_id: UUID
    clinic_id: UUID


@router.post("/session", responses={401: {"description": "Wrong email or password"}})
async def sign_in(credentials: Credentials, gateway: ServicesDep) -> Session:
    """Sign in with email and password; send the token as `Authorization: Bearer <token>`."""
    response = await gateway.settings.send("POST", "/credentials/verify", json=credentials.model_dump(mode="json"))
    if response.status_code == 401:
        raise Problem(401, "invalid-credentials", "Wrong email or password", "Check both and try again.")
    if response.status_code != 200:
        raise PassedOn(response)
    verified = response.json()
    user = SignedIn(UserKind(verified["kind"]), UUID(verified["user_id"]), UUID(verified["clinic_id"]))
    token, expires = gateway.tokens.issue(user)
    return Session(token=token, expires_at=expires, kind=user.kind, user_id=user.user_id, clinic_id=user.clinic_id)


@router.get("/me")
async def me(user: SignedInDep, gateway: ServicesDep) -> dict:
    """The signed-in user's current state: a staff user or a portal user."""
    path = f"/staff-users/{user.user_id}" if user.kind is UserKind.STAFF else f"/portal-users/{user.user_id}"
    return {"kind": user.kind, "user": await gateway.settings.get_json(path)}
