"""Who is calling: the token says who signed in; the settings service says what they may do now.

The user's current state is read on every call, so deactivating a user or removing a permission
takes effect at once, not when their token expires.
"""

from typing import Annotated

from fastapi import Depends, Header, Request

from clinic_contracts.access import may_administer, may_schedule
from clinic_contracts.events import PortalUserChanged, StaffUserChanged
from clinic_gateway.clients import Services
from clinic_gateway.tokens import SignedIn, UserKind, not_signed_in
from servicekit.actor_tokens import Actor, SystemActor
from servicekit.problems import Problem


async def _token(request: Request, authorization: Annotated[str | None, Header()] = None) -> SignedIn | Problem:
    """The caller's sign-in token, read once per call (FastAPI caches a dependency per request)."""
    return request.app.state.services.tokens.reading(authorization)


TokenDep = Annotated[SignedIn | Problem, Depends(_token)]


async def services(request: Request, token: TokenDep) -> Services:
    """The services, called for whoever signed in; before sign-in, for the gateway itself, which
    the services let do one thing only: check a password."""
    gateway: Services = request.app.state.services
    signed = isinstance(token, SignedIn)
    return gateway.acting_for(token.actor() if signed else Actor.system(SystemActor.GATEWAY))


ServicesDep = Annotated[Services, Depends(services)]


async def gateway_alone(request: Request) -> Services:
    """The services called by the gateway on its own behalf, whoever calls and whatever token they
    still carry: for what anyone may do without signing in (a one-time link's token is the proof)."""
    return request.app.state.services.acting_for(Actor.system(SystemActor.GATEWAY))


GatewayAlone = Annotated[Services, Depends(gateway_alone)]


async def signed_in(token: TokenDep) -> SignedIn:
    if isinstance(token, Problem):
        raise token
    return token


SignedInDep = Annotated[SignedIn, Depends(signed_in)]


def not_found(what: str) -> Problem:
    """Someone else's data, or nothing at all: the answer is the same, so it reveals nothing."""
    return Problem(404, "not-found", "Not found", f"No such {what.rstrip('s').replace('-', ' ')} here.")


def forbidden(code: str, detail: str) -> Problem:
    return Problem(403, code, "You may not do this", detail)


async def current_staff(user: SignedInDep, gateway: ServicesDep) -> StaffUserChanged:
    if user.kind is not UserKind.STAFF:
        raise forbidden("staff-only", "This part is for clinic staff.")
    staff = await gateway.settings.staff_user(user.user_id)
    if staff is None:
        raise not_signed_in("This account no longer exists.")
    if not staff.active:
        raise not_signed_in("This account is no longer active.")
    return staff


def portal_only(user: SignedIn) -> None:
    if user.kind is not UserKind.PORTAL:
        raise forbidden("portal-only", "This part is for patients and caregivers.")


def active_portal_user(portal_user: PortalUserChanged | None) -> PortalUserChanged:
    """The portal user as the settings service has them now, if their account still exists and is
    active."""
    if portal_user is None:
        raise not_signed_in("This account no longer exists.")
    if not portal_user.active:
        raise not_signed_in("This account is no longer active.")
    return portal_user


async def current_portal_user(user: SignedInDep, gateway: ServicesDep) -> PortalUserChanged:
    portal_only(user)
    return active_portal_user(await gateway.settings.portal_user(user.user_id))


async def current_user(user: SignedInDep, gateway: ServicesDep) -> StaffUserChanged | PortalUserChanged:
    """Whoever signed in, of either kind, while their account is active."""
    if user.kind is UserKind.STAFF:
        return await current_staff(user, gateway)
    return await current_portal_user(user, gateway)


async def admin(staff: Annotated[StaffUserChanged, Depends(current_staff)]) -> StaffUserChanged:
    if not may_administer(staff):
        raise forbidden("admin-permission-required", "Only staff with the Admin permission may change settings.")
    return staff


async def scheduler(staff: Annotated[StaffUserChanged, Depends(current_staff)]) -> StaffUserChanged:
    if not may_schedule(staff):
        raise forbidden("scheduling-permission-required", "Only staff with the Scheduling permission may see requests.")
    return staff


Admin = Annotated[StaffUserChanged, Depends(admin)]
Scheduler = Annotated[StaffUserChanged, Depends(scheduler)]
PortalUser = Annotated[PortalUserChanged, Depends(current_portal_user)]
AnyUser = Annotated[StaffUserChanged | PortalUserChanged, Depends(current_user)]
