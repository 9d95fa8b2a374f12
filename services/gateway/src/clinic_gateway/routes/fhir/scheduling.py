"""Schedule (one therapist at one location) and Slot (a time a portal user may request).

Slots are the portal's own list: the portal's checks of the case and visit type
(`requestable_visit_type`) and availability's `GET /slots`, the one computation of requestable
times. That list is computed for a patient's case, so Slot search is for portal users; a scheduler
sees the calendars in the scheduler API.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from clinic_gateway.identity import not_found, portal_only
from clinic_gateway.routes.fhir.caller import Caller, FhirCaller
from clinic_gateway.routes.fhir.outcomes import FhirResponse
from clinic_gateway.routes.fhir.references import (
    VISIT_TYPES,
    bad_parameter,
    instant,
    reference,
    schedule_id,
    schedule_parts,
)
from clinic_gateway.routes.fhir.search import TimeRange, searchset, time_range
from clinic_gateway.routes.portal import requestable_visit_type
from servicekit.problems import Problem

router = APIRouter()

# Without a `start`, a Slot search covers this long from now; availability answers at most 62 days.
DEFAULT_SLOT_SEARCH = timedelta(days=14)
_SLOT_IDS = uuid.UUID("6f0b7c1e-4a55-4f7e-9a53-3c1d2f8e0a11")  # namespace of the Slot ids (uuid5)


@dataclass(frozen=True)
class ScheduleSeen:
    therapist: dict
    location: dict
    visit_type_ids: tuple[str, ...] = ()

    def resource(self, names: dict[str, dict[str, dict]]) -> dict:
        therapist_id, location_id = self.therapist["therapist_id"], self.location["location_id"]
        resource = {
            "resourceType": "Schedule",
            "id": schedule_id(therapist_id, location_id),
            "active": self.therapist["active"] and self.location.get("active", True),
            "actor": [
                reference("Practitioner", therapist_id, self.therapist["name"]),
                reference("Location", location_id, self.location["name"]),
            ],
            "comment": f"{self.therapist['name']} at {self.location['name']}",
        }
        if self.visit_type_ids:
            visit_types = names["visit-types"]
            resource["serviceType"] = [
                {
                    "coding": [
                        {"system": VISIT_TYPES, "code": visit_type_id, "display": visit_types[visit_type_id]["name"]}
                    ]
                }
                for visit_type_id in self.visit_type_ids
                if visit_type_id in visit_types
            ]
        return resource


async def visible_schedules(caller: FhirCaller) -> tuple[dict[str, ScheduleSeen], dict[str, dict[str, dict]]]:
    """Schedule id → schedule, for the schedules this caller may see. A scheduler: each therapist of
    their scope at each of their locations the therapist works at. A portal user: the therapist and
    location of each of their patients' cases that take requests now, with its requestable visit
    types."""
    if caller.portal_user:
        cases = await caller.requestable_cases()
        settings = caller.gateway.settings
        id_fields = {"therapists": "therapist_id", "locations": "location_id", "visit-types": "visit_type_id"}
        names = {
            kind: {entity[field]: entity for entity in await settings.get_json(f"/clinics/{caller.clinic_id}/{kind}")}
            for kind, field in id_fields.items()
        }
        seen: dict[str, ScheduleSeen] = {}
        for case in cases:
            therapist = names["therapists"].get(str(case.primary_therapist_id))
            location = names["locations"].get(str(case.location_id))
            if therapist and location:
                key = schedule_id(case.primary_therapist_id, case.location_id)
                before = seen[key].visit_type_ids if key in seen else ()
                visit_types = tuple(dict.fromkeys((*before, *(str(v) for v in case.requestable_visit_type_ids))))
                seen[key] = ScheduleSeen(therapist, location, visit_types)
        return seen, names
    scope, names = await caller.scope()
    seen = {
        schedule_id(therapist_id, location_id): ScheduleSeen(therapist, names["locations"][location_id])
        for therapist_id, therapist in names["therapists"].items()
        if scope.sees_therapist(UUID(therapist_id))
        for location_id in therapist["location_ids"]
        if scope.sees_location(UUID(location_id)) and location_id in names["locations"]
    }
    return seen, names


@router.get("/Schedule", response_class=FhirResponse)
async def search_schedules(
    request: Request,
    caller: Caller,
    actor: Annotated[list[str] | None, Query(description="Practitioner/{id} or Location/{id} (AND)")] = None,
) -> FhirResponse:
    seen, names = await visible_schedules(caller)
    found = list(seen.values())
    for wanted in actor or ():
        kind, _, entity_id = wanted.rpartition("/")
        if kind not in ("Practitioner", "Location"):
            raise bad_parameter("actor", f"{wanted!r} is not a Practitioner or Location reference.")
        field = "therapist" if kind == "Practitioner" else "location"
        found = [schedule for schedule in found if getattr(schedule, field)[f"{field}_id"] == entity_id]
    return FhirResponse(searchset(request, [schedule.resource(names) for schedule in found]))


@router.get("/Schedule/{id}", response_class=FhirResponse)
async def read_schedule(id: str, caller: Caller) -> FhirResponse:
    seen, names = await visible_schedules(caller)
    if id not in seen:
        raise not_found("schedule")
    return FhirResponse(seen[id].resource(names))


def _visit_type(service_type: str) -> UUID:
    system, _, code = service_type.rpartition("|")
    if system and system != VISIT_TYPES:
        raise bad_parameter("service-type", f"the code system must be {VISIT_TYPES}.")
    try:
        return UUID(code)
    except ValueError:
        raise bad_parameter("service-type", f"{code!r} is not a visit type.") from None


def _searched_range(start: list[str] | None, now: datetime) -> TimeRange:
    asked = time_range(start, "start")
    starts_from = max(asked.starts_from or now, now)
    return TimeRange(starts_from, asked.starts_before or starts_from + DEFAULT_SLOT_SEARCH)


@router.get("/Slot", response_class=FhirResponse)
async def search_slots(
    request: Request,
    caller: Caller,
    schedule: Annotated[str, Query(description="Schedule/{id}")],
    service_type: Annotated[str, Query(alias="service-type", description="The visit type: [system|]id")],
    start: Annotated[list[str] | None, Query(description="ge/gt/le/lt/eq prefixes; default: the next 14 days")] = None,
    status: Annotated[str, Query(description="Only free slots are listed")] = "free",
) -> FhirResponse:
    """The free times a portal user may request at a schedule for a visit type: the portal's list."""
    portal_only(caller.signed_in)
    parts = schedule_parts(schedule)
    if parts is None:
        raise bad_parameter("schedule", f"{schedule!r} is not a Schedule of this server.")
    visit_type_id = _visit_type(service_type)
    statuses = set(status.split(","))
    if not statuses <= {"free", "busy", "busy-unavailable", "busy-tentative", "entered-in-error"}:
        raise bad_parameter("status", f"{status!r} is not a Slot status.")
    searched = _searched_range(start, datetime.now(UTC))
    therapist_id, location_id = parts
    cases = [
        case
        for case in await caller.requestable_cases()
        if (case.primary_therapist_id, case.location_id) == (therapist_id, location_id)
    ]
    if "free" not in statuses or not cases or searched.starts_before <= searched.starts_from:
        return FhirResponse(searchset(request, []))
    case = await _case_for_visit_type(caller, cases, visit_type_id)
    # Local dates in any zone lie within a day of the UTC dates; the times are then cut exactly.
    params = {
        "case_id": str(case.case_id),
        "visit_type_id": str(visit_type_id),
        "location_id": str(location_id),
        "date_from": str((searched.starts_from - timedelta(days=1)).date()),
        "date_to": str((searched.starts_before + timedelta(days=1)).date()),
    }
    listing = await caller.gateway.availability.get_json("/slots", params=params)
    slot_schedule = schedule_id(therapist_id, location_id)
    slots = [
        {
            "resourceType": "Slot",
            "id": str(uuid.uuid5(_SLOT_IDS, f"{slot_schedule}/{visit_type_id}/{instant(slot['start'])}")),
            "schedule": reference("Schedule", slot_schedule),
            "serviceType": [{"coding": [{"system": VISIT_TYPES, "code": str(visit_type_id)}]}],
            "status": "free",
            "start": instant(slot["start"]),
            "end": instant(slot["end"]),
        }
        for slot in listing["slots"]
        if searched.holds(datetime.fromisoformat(slot["start"]))
    ]
    return FhirResponse(searchset(request, slots))


async def _case_for_visit_type(caller: FhirCaller, cases: list, visit_type_id: UUID):
    """The first of the caller's cases at this schedule that may request the visit type, judged as
    the portal judges it; else the portal's refusal for the last one."""
    refused: Problem | None = None
    for case in cases:
        try:
            return await requestable_visit_type(
                caller.signed_in, case.case_id, visit_type_id, caller.gateway, case.location_id
            )
        except Problem as problem:
            refused = problem
    raise refused
