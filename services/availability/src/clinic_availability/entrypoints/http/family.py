"""A family's own appointments, for their calendar feed: a portal user reads those of the patients
linked to them (from this service's copy of the settings), and nobody else's."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from clinic_availability.entrypoints.http.documents import CalendarItemDocument
from clinic_availability.service_layer import calendar_views
from clinic_contracts.calendar_range import Instant
from servicekit.actor_auth import CurrentActor, kind_may_not
from servicekit.actor_tokens import ActorKind
from servicekit.runtime import Runtime


async def portal_user_only(actor: CurrentActor) -> UUID:
    if actor.kind is not ActorKind.PORTAL:
        raise kind_may_not(actor)
    return actor.portal_user_id


PortalUserId = Annotated[UUID, Depends(portal_user_only)]
# The clinic's own words on an item (a title, who booked it) are not the family's to read.
_CLINICS_OWN = {"title": "", "booked_by": None}

router = APIRouter(prefix="/family-appointments", tags=["calendar"])


@router.get("")
async def family_appointments(
    starts_from: Instant, starts_before: Instant, runtime: Runtime, portal_user_id: PortalUserId
) -> list[CalendarItemDocument]:
    """The booked appointments of the caller's linked patients overlapping the window (at most
    400 days), in time order, each in its location's time zone. Cancelled ones are not here."""
    entries = await calendar_views.family_appointments(runtime, portal_user_id, starts_from, starts_before)
    return [CalendarItemDocument.of(entry).model_copy(update=_CLINICS_OWN) for entry in entries]
