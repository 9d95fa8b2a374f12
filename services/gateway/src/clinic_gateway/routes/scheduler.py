"""The scheduler API: the Scheduling permission, and only patients the scheduler has access to.

A request for a patient the scheduler may not see answers 404, exactly like one that does not exist.
"""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime, BaseModel, Field

from clinic_gateway.directory import clinic_names, with_names
from clinic_gateway.identity import Scheduler, ServicesDep, not_found
from clinic_gateway.services import PassedOn, relay

router = APIRouter(prefix="/api/scheduler", tags=["scheduler"])

# Approve and edit wait this long for the calendar's answer before answering with the current state.
SETTLE_SECONDS = 2


class Edit(BaseModel):
    start: AwareDatetime | None = None
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


class Decline(BaseModel):
    reason: str = Field(min_length=1, max_length=1000, examples=["The therapist is away that week."])


def _visible(scheduler: Scheduler) -> dict:
    return {"visible_to_staff": str(scheduler.staff_user_id)}


async def visible_request(scheduler: Scheduler, request_id: UUID, gateway: ServicesDep) -> dict:
    response = await gateway.requests.get(f"/requests/{request_id}", params=_visible(scheduler))
    if response.status_code in (403, 404):
        raise not_found("request")
    if response.status_code != 200:
        raise PassedOn(response)
    return response.json()


@router.get("/requests")
async def request_list(
    scheduler: Scheduler,
    gateway: ServicesDep,
    status: Annotated[list[str] | None, Query(description="Default: pending")] = None,
    location_id: UUID | None = None,
    therapist_id: UUID | None = None,
    patient_id: UUID | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    order: Literal["newest", "soonest"] = "soonest",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict:
    """The request list: pending by default, with names, the portal user's note and the pending count."""
    filters = {
        "location_id": location_id,
        "therapist_id": therapist_id,
        "patient_id": patient_id,
        "starts_from": starts_from,
        "starts_before": starts_before,
    }
    params = {key: str(value) if not isinstance(value, datetime) else value.isoformat() for key, value in filters.items() if value}
    params |= _visible(scheduler)
    page = await gateway.requests.get_json(
        "/requests", params={**params, "status": status or ["pending"], "order": order, "limit": limit, "offset": offset}
    )
    count = await gateway.requests.get_json("/requests/pending-count", params=params)
    names = await clinic_names(gateway.settings, scheduler.clinic_id)
    return {**page, "items": [with_names(item, names) for item in page["items"]], "pending_count": count["pending"]}


@router.get("/requests/pending-count")
async def pending_count(scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """The badge: how many pending requests this scheduler may review."""
    return relay(await gateway.requests.get("/requests/pending-count", params=_visible(scheduler)))


@router.get("/requests/{request_id}")
async def one_request(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> dict:
    """One request with its history and names."""
    request = await visible_request(scheduler, request_id, gateway)
    return with_names(request, await clinic_names(gateway.settings, scheduler.clinic_id))


async def _review(scheduler: Scheduler, gateway: ServicesDep, request_id: UUID, action: str, body: dict, wait: bool) -> Response:
    await visible_request(scheduler, request_id, gateway)
    params = {"wait_seconds": SETTLE_SECONDS} if wait else None
    body = {**body, "staff_id": str(scheduler.staff_user_id)}
    return relay(await gateway.requests.send("POST", f"/requests/{request_id}/{action}", params=params, json=body))


@router.post("/requests/{request_id}/approve")
async def approve(request_id: UUID, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Approve: the appointment is booked (`approved`), or the request stays pending, marked conflicting."""
    return await _review(scheduler, gateway, request_id, "approve", {}, wait=True)


@router.post("/requests/{request_id}/edit")
async def edit(request_id: UUID, body: Edit, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Change the time, location, visit type or therapist; the new time is held before the old is released."""
    changes = body.model_dump(mode="json", exclude_none=True)
    return await _review(scheduler, gateway, request_id, "edit", changes, wait=True)


@router.post("/requests/{request_id}/decline")
async def decline(request_id: UUID, body: Decline, scheduler: Scheduler, gateway: ServicesDep) -> Response:
    """Decline with a reason the portal user will see."""
    return await _review(scheduler, gateway, request_id, "decline", body.model_dump(), wait=False)
