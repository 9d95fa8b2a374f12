"""Who may read or change which settings: decided here, from the actor token and this service's
own data, for every route at once (each router includes `ACCESS`).

- An operator's job may do everything (it loads a clinic, imports, repairs, starts a clinic).
- The gateway on its own behalf, before anyone signed in, may check a password and take the steps
  of a one-time link (look up and accept an invitation, ask for and complete a password reset):
  `GATEWAY_ROUTES`. A link's secret token is the proof there.
- Staff see their own clinic; changing it takes the Admin permission, read here, now. The
  invitations list and the audit trail too: they name people who have not even signed in yet and
  every change (`ADMIN_READS`).
- Nobody but an operator chooses someone else's password: creating an account with a password,
  or setting one, is `OPERATOR_ONLY` (the demo loader). A clinic invites people instead.
- Any active person keeps their own calendar feeds (`OWN_FEEDS`); the gateway opens one by its
  secret on its own behalf.
- A portal user reads only what the portal shows them: their own account, the patients they are
  linked to and those patients' cases, and their clinic's locations, visit types and therapists.

Whatever an actor may not see answers exactly as if it did not exist (the same 404), so an id
from another clinic or family reveals nothing.
"""

from dataclasses import dataclass
from uuid import UUID

from fastapi import Depends, Request

from clinic_contracts.access import may_administer
from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.entrypoints.http.transactions import ReadingUnitOfWork
from clinic_settings.service_layer.unit_of_work import EntityNotFound, SettingsUnitOfWork
from servicekit.actor_auth import CurrentActor, actor_may_not
from servicekit.actor_tokens import Actor, ActorKind, SystemActor

# A route's path parameter names the entity it is about; this is where each kind is kept.
REPOSITORY_OF = {
    "clinic_id": "clinics",
    "location_id": "locations",
    "visit_type_id": "visit_types",
    "therapist_id": "therapists",
    "patient_id": "patients",
    "case_id": "patient_cases",
    "portal_user_id": "portal_users",
    "staff_user_id": "staff_users",
    "invitation_id": "invitations",
}
GATEWAY_ROUTES = frozenset(
    {
        ("POST", "/credentials/verify"),
        ("POST", "/invitations/lookup"),
        ("POST", "/invitations/accept"),
        ("POST", "/password-resets"),
        ("POST", "/password-resets/complete"),
        # A calendar app's URL carries a feed's secret, the proof there (service_layer.calendar_feeds).
        ("POST", "/calendar-feeds/open"),
    }
)
# A person's own calendar feeds: any active person may keep theirs (the routes take the owner
# from the token), staff without the Admin permission and portal users too.
OWN_FEEDS = frozenset(
    {
        ("GET", "/calendar-feeds"),
        ("POST", "/calendar-feeds"),
        ("POST", "/calendar-feeds/{feed_id}/revoke"),
    }
)
OPERATOR_ONLY = frozenset(
    {
        ("POST", "/clinics/{clinic_id}/portal-users"),
        ("POST", "/clinics/{clinic_id}/staff-users"),
        ("PUT", "/portal-users/{portal_user_id}/password"),
        ("PUT", "/staff-users/{staff_user_id}/password"),
    }
)
# What even reading takes the Admin permission for: invitations and the audit trail.
ADMIN_READS = frozenset({"/clinics/{clinic_id}/invitations", "/clinics/{clinic_id}/changes"})
# What a portal user may list in their own clinic.
PORTAL_LISTS = frozenset(
    {"/clinics/{clinic_id}/locations", "/clinics/{clinic_id}/visit-types", "/clinics/{clinic_id}/therapists"}
)
PORTAL_READS = frozenset({"clinic_id", "location_id", "visit_type_id", "therapist_id"})


@dataclass(frozen=True)
class Target:
    """What a call is about: the entity its path names (none for `/clinics` itself)."""

    parameter: str | None = None
    entity_id: str | None = None
    kind: str = ""
    entity: SettingsEntity | None = None

    def hidden(self) -> Exception:
        """What a caller who may not see it is told: what a missing id is told."""
        if self.parameter is None:
            return actor_may_not("Only an operator may do this.")
        return EntityNotFound(self.kind, self.entity_id)


async def _target(uow: SettingsUnitOfWork, path_params: dict) -> Target | None:
    """None when the path's id is not even an id: the route's own validation answers that (422)."""
    for parameter, repository_name in REPOSITORY_OF.items():
        if parameter in path_params:
            raw = str(path_params[parameter])
            try:
                entity_id = UUID(raw)
            except ValueError:
                return None
            repository = getattr(uow, repository_name)
            return Target(parameter, raw, repository.kind, await repository.get(entity_id))
    return Target()


async def settings_access(request: Request, actor: CurrentActor, reading: ReadingUnitOfWork) -> None:
    if actor.is_system(SystemActor.OPERATOR):
        return
    route = request.scope["route"].path
    if actor.kind is ActorKind.SYSTEM:
        if actor.is_system(SystemActor.GATEWAY) and (request.method, route) in GATEWAY_ROUTES:
            return
        raise actor_may_not("Sign in first.")
    if (request.method, route) in OPERATOR_ONLY:
        raise actor_may_not("People choose their own passwords: invite them, or start a password reset.")
    async with reading as uow:
        if (request.method, route) in OWN_FEEDS:
            await _person_is_active(uow, actor)
            return
        target = await _target(uow, request.path_params)
        if target is None:
            return
        if target.entity is None or target.entity.clinic_id != actor.clinic_id:
            raise target.hidden()
        if request.method == "GET" and _is_own_account(actor, target):
            return  # even when deactivated: that is how the gateway learns it was
        if actor.kind is ActorKind.STAFF:
            await _staff_may(uow, actor, request.method, route)
        else:
            await _portal_user_may(uow, actor, request, route, target)


async def _person_is_active(uow: SettingsUnitOfWork, actor: Actor) -> None:
    users = uow.staff_users if actor.kind is ActorKind.STAFF else uow.portal_users
    person = await users.get(UUID(actor.id))
    if person is None or not person.active or person.clinic_id != actor.clinic_id:
        raise actor_may_not("This account is not active.")


async def _staff_may(uow: SettingsUnitOfWork, actor: Actor, method: str, route: str) -> None:
    staff = await uow.staff_users.get(actor.staff_user_id)
    if staff is None or not staff.active:
        raise actor_may_not("This account is not active.")
    changes = method not in ("GET", "HEAD")
    if (changes or route in ADMIN_READS) and not may_administer(staff.as_event()):
        raise actor_may_not(
            "Only staff with the Admin permission may change settings, invite people or read the audit trail."
        )


async def _portal_user_may(uow: SettingsUnitOfWork, actor: Actor, request: Request, route: str, target: Target) -> None:
    if request.method not in ("GET", "HEAD"):
        raise actor_may_not("Portal users do not change the clinic's settings.")
    portal_user = await uow.portal_users.get(actor.portal_user_id)
    if portal_user is None or not portal_user.active:
        raise actor_may_not("This account is not active.")
    if route == "/clinics/{clinic_id}/patient-cases":
        # The portal lists one patient's cases at a time, and only a linked patient's.
        patient = request.query_params.get("patient_id")
        if patient is None or not _linked(portal_user, patient):
            raise actor_may_not("Name one of your patients with ?patient_id=.")
        return
    if route.startswith("/clinics/{clinic_id}/") and route not in PORTAL_LISTS:
        raise actor_may_not("This list is for clinic staff.")
    parameter, entity = target.parameter, target.entity
    allowed = (
        parameter in PORTAL_READS
        or (parameter == "portal_user_id" and entity.entity_id == portal_user.entity_id)
        or (parameter == "patient_id" and _linked(portal_user, entity.entity_id))
        or (parameter == "case_id" and _linked(portal_user, entity.patient_id))
    )
    if not allowed:
        raise target.hidden()


def _is_own_account(actor: Actor, target: Target) -> bool:
    own = {ActorKind.PORTAL: "portal_user_id", ActorKind.STAFF: "staff_user_id"}[actor.kind]
    return target.parameter == own and target.entity_id == actor.id


def _linked(portal_user: PortalUser, patient_id) -> bool:
    return str(patient_id) in {str(linked) for linked in portal_user.patient_ids}


ACCESS = [Depends(settings_access)]
