"""Signing in, and who am I."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, FastAPI, Request
from pydantic import BaseModel, Field

from clinic_contracts.events import PortalUserChanged, StaffUserChanged
from clinic_gateway.client_address import client_address
from clinic_gateway.clients.transport import PassedOn
from clinic_gateway.identity import AnyUser, ServicesDep, SignedInDep
from clinic_gateway.problems import FAILURES, INVALID, SIGNED_IN, Example, problems
from clinic_gateway.tokens import SignedIn, UserKind
from servicekit.actor_tokens import Actor, SystemActor

router = APIRouter(prefix="/api", tags=["session"])


class Credentials(BaseModel):
    email: str = Field(examples=["someone@clinic.example"])
    password: str = Field(examples=["their password"])
    clinic_id: UUID | None = None


INVALID_CREDENTIALS = Example.of("invalid-credentials", "Check both and try again.")
# The settings service's answer, passed on with its Retry-After header.
TOO_MANY_ATTEMPTS = Example.of(
    "too-many-sign-in-attempts", "Too many failed sign-ins; try again in 4 seconds.", retry_after_seconds=4
)
SIGN_IN_EXAMPLES = {"someone": {"summary": "A user", "value": {"email": "someone@clinic.example", "password": "…"}}}
# Only in dev mode (the local run command): elsewhere /docs must not hand out working passwords.
DEMO_SIGN_IN_EXAMPLES = {
    email.split("@")[0]: {"summary": summary, "value": {"email": email, "password": "harborview-demo-2026"}}
    for email, summary in (
        ("wei.chen@harborview.example", "A caregiver (the demo clinic)"),
        ("scheduler.downtown@harborview.example", "A scheduler at Downtown"),
        ("admin@harborview.example", "An admin"),
    )
}


def show_demo_accounts(app: FastAPI) -> None:
    """The sign-in call's examples in the OpenAPI document become the demo clinic's accounts."""
    build = app.openapi

    def openapi() -> dict:
        document = build()
        body = document["paths"]["/api/session"]["post"]["requestBody"]["content"]["application/json"]
        body["examples"] = DEMO_SIGN_IN_EXAMPLES
        return document

    app.openapi = openapi


class Session(BaseModel):
    token: str
    token_type: str = "Bearer"
    expires_at: datetime
    kind: UserKind
    user_id: UUID
    clinic_id: UUID


@router.post("/session", responses=problems(INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, INVALID, *FAILURES))
async def sign_in(
    credentials: Annotated[Credentials, Body(openapi_examples=SIGN_IN_EXAMPLES)],
    gateway: ServicesDep,
    request: Request,
) -> Session:
    """Sign in with email and password; send the token as `Authorization: Bearer <token>`.

    After a few failed attempts for one email (or many from one address) sign-in is refused for a
    while, twice as long each time: a 429 whose `Retry-After` says how many seconds to wait."""
    attempt = credentials.model_dump(mode="json")
    # The settings service counts failures per client address too; only the gateway knows it.
    attempt["client_address"] = client_address(request, request.app.state.trusted_proxies)
    # Checked by the gateway on its own behalf, whatever token the caller may still carry.
    settings = gateway.settings.acting_for(Actor.system(SystemActor.GATEWAY))
    response = await settings.send("POST", "/credentials/verify", json=attempt)
    if response.status_code == 401:
        raise INVALID_CREDENTIALS.problem()
    if response.status_code != 200:
        raise PassedOn(response)
    verified = response.json()
    user = SignedIn(UserKind(verified["kind"]), UUID(verified["user_id"]), UUID(verified["clinic_id"]))
    token, expires = gateway.tokens.issue(user)
    return Session(token=token, expires_at=expires, kind=user.kind, user_id=user.user_id, clinic_id=user.clinic_id)


class Me(BaseModel):
    kind: UserKind
    user: StaffUserChanged | PortalUserChanged


@router.get("/me", responses=problems(*SIGNED_IN))
async def me(signed_in: SignedInDep, user: AnyUser) -> Me:
    """The signed-in user's current state: a staff user (with their permissions and locations) or a
    portal user (with the patients linked to them)."""
    return Me(kind=signed_in.kind, user=user)
