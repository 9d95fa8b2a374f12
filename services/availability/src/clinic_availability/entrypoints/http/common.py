"""What the availability routes share: who may call them, and what a scheduler may see."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from clinic_availability.adapters.replicated_settings import UnknownSetting
from clinic_availability.service_layer.errors import ItemNotFound
from clinic_availability.service_layer.unit_of_work import reading
from clinic_contracts.access import SchedulerScope, may_administer, may_schedule
from servicekit.actor_auth import CurrentActor, actor_may_not, kind_may_not
from servicekit.actor_tokens import Actor, ActorKind, SystemActor
from servicekit.problems import Problem
from servicekit.runtime import Runtime


async def staff_or_operator(actor: CurrentActor) -> Actor:
    """Calendars name patients: clinic staff read and change them, and operators' jobs (the demo
    loader sets working hours); portal users and the gateway on its own behalf do not."""
    if actor.kind is ActorKind.STAFF or actor.is_system(SystemActor.OPERATOR):
        return actor
    raise kind_may_not(actor)


async def person_or_operator(actor: CurrentActor) -> Actor:
    """Requestable times name nobody: anyone signed in may ask for them."""
    if actor.kind is not ActorKind.SYSTEM or actor.is_system(SystemActor.OPERATOR):
        return actor
    raise kind_may_not(actor)


async def acting_staff_user(actor: CurrentActor) -> UUID:
    """Who books, cancels or blocks time: a staff user, named by the token, never by the body."""
    if actor.staff_user_id is None:
        raise kind_may_not(actor)
    return actor.staff_user_id


async def _scope(actor: CurrentActor, runtime: Runtime) -> SchedulerScope | None:
    """What a scheduler may see (`clinic_contracts.access.scheduler_scope`), from this service's
    copy of the settings; None for an operator's job, which sees everything."""
    if actor.staff_user_id is None:
        return None
    async with reading(runtime) as uow:
        try:
            staff = await uow.settings.staff_user(actor.staff_user_id)
        except UnknownSetting:
            staff = None
        if staff is None or not may_schedule(staff):
            raise Problem(403, "scheduling-permission-required", "You may not do this", "Calendars are for schedulers.")
        return await uow.settings.scope_of(staff)


ADMIN_READS = frozenset({"/therapists/{therapist_id}/schedule-changes"})


async def _keeps_schedules(request: Request, actor: CurrentActor, runtime: Runtime) -> None:
    """A therapist's working hours and time off: read by the staff of the therapist's clinic,
    changed by its admins (and operators' jobs, such as the demo loader), who alone read who
    changed them. Another clinic's therapist answers as a missing one."""
    if actor.is_system(SystemActor.OPERATOR):
        return
    if actor.kind is not ActorKind.STAFF:
        raise kind_may_not(actor)
    try:
        therapist_id = UUID(str(request.path_params["therapist_id"]))
    except ValueError:
        return  # not even an id: the route's own validation answers (422)
    async with reading(runtime) as uow:
        staff = await _known(uow.settings.staff_user(actor.staff_user_id))
        therapist = await _known(uow.settings.therapist(therapist_id))
    if staff is None or not staff.active or therapist is None or therapist.clinic_id != staff.clinic_id:
        raise ItemNotFound("therapist", therapist_id)
    changes = request.method not in ("GET", "HEAD") or request.scope["route"].path in ADMIN_READS
    if changes and not may_administer(staff):
        raise actor_may_not("Only staff with the Admin permission may change working hours and time off.")


async def _known(lookup):
    try:
        return await lookup
    except UnknownSetting:
        return None


def not_here(what: str) -> Problem:
    """What a scheduler is told of what is not theirs: the same as for an id that exists nowhere."""
    return Problem(404, "not-found", "Not found", f"No such {what} here.")


StaffOrOperator = [Depends(staff_or_operator)]
KeepsSchedules = [Depends(_keeps_schedules)]
Scope = Annotated[SchedulerScope | None, Depends(_scope)]
ActingStaffUser = Annotated[UUID, Depends(acting_staff_user)]
