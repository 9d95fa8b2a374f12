"""Calendar feeds: a subscribe URL for a calendar app, with a secret in it, that anyone signed in
can make, copy and revoke (settings keeps them: clinic_settings.domain.calendar_feeds).

- A scheduler follows one therapist whose calendar they may open; on the feed, an item of a
  patient they have no access to is "Busy", without a name, exactly as on the scheduler calendar
  (availability decides it, as for that calendar). Pending requests are there as TENTATIVE.
- A portal user's feed holds the booked appointments of the patients linked to them, whoever
  booked them, each with the visit type and the patient's first name.

The feed's own route (`/ical/{secret}.ics`, outside the JSON API) takes no session (a calendar app cannot sign in): the secret is the
credential. The gateway opens it on its own behalf, then reads the calendar as the feed's owner,
with an actor token for that person, so a revoked feed, a deactivated owner and an owner who lost
the access all close the feed at once. Unknown, revoked and closed answer the same 404, and a
secret has 256 random bits, so guessing one is hopeless and no answer tells which secrets exist.
"""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel

from clinic_contracts.access import may_schedule
from clinic_contracts.events import StaffUserChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.calendar_feed import MEDIA_TYPE, EventStatus, FeedEvent, feed_document
from clinic_gateway.clients.transport import PassedOn, relay
from clinic_gateway.composition.directory import clinic_names
from clinic_gateway.composition.scheduler_scope import scope_of
from clinic_gateway.identity import AnyUser, Services, ServicesDep, not_found
from clinic_gateway.problems import NOT_FOUND, SIGNED_IN, Example, problems
from servicekit.actor_tokens import Actor, SystemActor

FEEDS = "/api/me/calendar-feeds"
router = APIRouter(tags=["calendar feeds"])

# The window a feed shows: the last month, and half a year ahead.
DAYS_BACK = 30
DAYS_AHEAD = 180
# Availability opens a calendar at most 31 days at a time; a feed reads its window in such spans.
CALENDAR_SPAN_DAYS = 30

FEED_NOT_FOUND = Example.of("calendar-feed-not-found", "No such calendar feed.")
NEEDS_SCHEDULING_FOR_FEED = Example.of(
    "scheduling-permission-required", "Only staff with the Scheduling permission may follow a therapist's calendar."
)
FEED_RULES = (
    Example.of("calendar-feed-therapist-required", "Choose the therapist whose calendar to follow."),
    Example.of("calendar-feed-therapist-not-allowed", "A family's feed holds its own appointments, not a therapist's."),
    Example.of("too-many-calendar-feeds", "You have 10 calendar feeds already; revoke one you no longer use first."),
)


class NewFeed(BaseModel):
    """A scheduler names the therapist to follow; a portal user names none (their family's feed)."""

    therapist_id: UUID | None = None


NEW_FEED_EXAMPLES = {
    "family": {"summary": "A portal user: their family's appointments", "value": {}},
    "therapist": {"summary": "A scheduler: one therapist's calendar", "value": {"therapist_id": demo.DANA}},
}


class Feed(BaseModel):
    feed_id: UUID
    kind: Literal["therapist", "family"]
    therapist_id: UUID | None
    therapist_name: str | None
    created_at: datetime
    revoked_at: datetime | None


class NewFeedAnswer(Feed):
    """The URL carries the secret: it is shown this once (only its hash is kept)."""

    url: str
    path: str


def _feed(document: dict, therapists: dict[str, dict]) -> Feed:
    therapist = therapists.get(document["therapist_id"] or "")
    return Feed(
        feed_id=document["feed_id"],
        kind="therapist" if document["therapist_id"] else "family",
        therapist_id=document["therapist_id"],
        therapist_name=therapist["name"] if therapist else None,
        created_at=document["created_at"],
        revoked_at=document["revoked_at"],
    )


async def _therapists(gateway: Services, user) -> dict[str, dict]:
    """Therapists by id, for naming a scheduler's feeds (a portal user's name none)."""
    if not isinstance(user, StaffUserChanged):
        return {}
    therapists = await gateway.settings.get_json(f"/clinics/{user.clinic_id}/therapists")
    return {therapist["therapist_id"]: therapist for therapist in therapists}


@router.get(FEEDS, responses=problems(*SIGNED_IN))
async def my_feeds(user: AnyUser, gateway: ServicesDep) -> list[Feed]:
    """The caller's calendar feeds, newest first, revoked ones too (without their URLs)."""
    feeds, therapists = await asyncio.gather(gateway.settings.get_json("/calendar-feeds"), _therapists(gateway, user))
    return [_feed(document, therapists) for document in feeds]


@router.post(FEEDS, status_code=201, responses=problems(*SIGNED_IN, NEEDS_SCHEDULING_FOR_FEED, NOT_FOUND, *FEED_RULES))
async def make_feed(
    body: Annotated[NewFeed, Body(openapi_examples=NEW_FEED_EXAMPLES)],
    request: Request,
    user: AnyUser,
    gateway: ServicesDep,
) -> NewFeedAnswer:
    """A new feed: a scheduler's of a therapist whose calendar they may open (404 for another),
    a portal user's of their own appointments. Copy `url` into the calendar app now: it is not
    shown again."""
    if isinstance(user, StaffUserChanged):
        if not may_schedule(user):
            raise NEEDS_SCHEDULING_FOR_FEED.problem()
        if body.therapist_id is not None:
            seen, _ = await scope_of(gateway, user)
            if not seen.sees_therapist(body.therapist_id):
                raise not_found("therapist")
    made = await gateway.settings.send("POST", "/calendar-feeds", json=body.model_dump(mode="json"))
    if made.status_code != 201:
        raise PassedOn(made)
    document = made.json()
    path = f"/ical/{document['secret']}.ics"
    feed = _feed(document, await _therapists(gateway, user))
    return NewFeedAnswer(**feed.model_dump(), path=path, url=str(request.base_url).rstrip("/") + path)


@router.post(f"{FEEDS}/{{feed_id}}/revoke", responses=problems(*SIGNED_IN, FEED_NOT_FOUND))
async def revoke_feed(feed_id: UUID, user: AnyUser, gateway: ServicesDep) -> Feed:
    """Its URL answers 404 from now on. Revoking again changes nothing; another's feed is 404."""
    revoked = await gateway.settings.send("POST", f"/calendar-feeds/{feed_id}/revoke")
    if revoked.status_code != 200:
        return relay(revoked)
    return _feed(revoked.json(), await _therapists(gateway, user))


@router.get(
    "/ical/{secret}.ics",
    response_class=Response,
    responses={200: {"content": {MEDIA_TYPE: {}}, "description": "The feed (RFC 5545)"}, **problems(FEED_NOT_FOUND)},
)
async def calendar_feed(secret: str, request: Request) -> Response:
    """The feed a calendar app polls: no session, the secret in the URL is the credential. About a
    month back and half a year ahead, in each location's time zone."""
    services: Services = request.app.state.services
    feed = await _open(services, secret)
    clinic_id = UUID(feed["clinic_id"])
    now = datetime.now(UTC)
    if feed["owner_kind"] == "staff":
        owner = services.acting_for(Actor.staff_user(UUID(feed["owner_id"]), clinic_id))
        name, events = await _therapist_feed(owner, clinic_id, UUID(feed["therapist_id"]), now.date())
    else:
        owner_id = UUID(feed["owner_id"])
        owner = services.acting_for(Actor.portal_user(owner_id, clinic_id))
        name, events = await _family_feed(owner, owner_id, clinic_id, now)
    return Response(
        feed_document(name, events, now),
        media_type=f"{MEDIA_TYPE}; charset=utf-8",
        # A private thing: no shared cache keeps it.
        headers={"Cache-Control": "private, max-age=300"},
    )


async def _open(services: Services, secret: str) -> dict:
    opened = await services.acting_for(Actor.system(SystemActor.GATEWAY)).settings.send(
        "POST", "/calendar-feeds/open", json={"secret": secret}
    )
    if opened.status_code in (404, 422):  # unknown, revoked, its owner gone, or not even a secret
        raise FEED_NOT_FOUND.problem()
    if opened.status_code != 200:
        raise PassedOn(opened)
    return opened.json()


def _closed(response_status: int) -> bool:
    """The owner may no longer read it (permission or access gone): the feed is closed."""
    return response_status in (401, 403, 404)


async def _read(client, path: str, **params):
    response = await client.get(path, params=params)
    if _closed(response.status_code):
        raise FEED_NOT_FOUND.problem()
    if response.status_code != 200:
        raise PassedOn(response)
    return response.json()


def _first_name(name: str) -> str:
    """What a family calls the patient; the feed may sit on a shared calendar."""
    return (name.split() or [""])[0]


def _place(location: dict | None) -> str:
    if location is None:
        return ""
    return ", ".join(part for part in (location["name"], location["address"]) if part)


async def _therapist_feed(
    owner: Services, clinic_id: UUID, therapist_id: UUID, today: date
) -> tuple[str, list[FeedEvent]]:
    """The therapist's calendar as the owner's scheduler calendar shows it (the same call)."""
    first = today - timedelta(days=DAYS_BACK)
    days = DAYS_BACK + DAYS_AHEAD
    spans = [
        (first + timedelta(days=offset), first + timedelta(days=min(offset + CALENDAR_SPAN_DAYS, days) - 1))
        for offset in range(0, days, CALENDAR_SPAN_DAYS)
    ]
    therapist = str(therapist_id)
    views = await asyncio.gather(
        *(
            _read(owner.availability, "/calendar", therapist_id=therapist, date_from=str(start), date_to=str(end))
            for start, end in spans
        )
    )
    names = await clinic_names(owner.settings, clinic_id)
    followed = names["therapists"].get(therapist)
    items = {item["item_id"]: item for view in views for item in view["items"]}  # a span's edge repeats some
    events = [event for item in items.values() if (event := _staff_event(item, names)) is not None]
    return f"{followed['name'] if followed else 'Therapist'}: appointments", sorted(events, key=lambda e: e.start)


def _staff_event(item: dict, names: dict) -> FeedEvent | None:
    kind = item["kind"]
    if kind == "block":  # time off and the like: not an appointment
        return None
    if kind == "busy":
        summary, status = "Busy", EventStatus.CONFIRMED
    else:
        visit_type = names["visit-types"].get(item["visit_type_id"] or "")
        patient = names["patients"].get(item["patient_id"] or "")
        what = " – ".join(part for part in (visit_type and visit_type["name"], patient and patient["name"]) if part)
        if kind == "pending_request":
            summary, status = f"Requested: {what or 'appointment'}", EventStatus.TENTATIVE
        else:
            summary, status = what or "Appointment", EventStatus.CONFIRMED
    return FeedEvent(
        item_id=UUID(item["item_id"]),
        start=datetime.fromisoformat(item["start"]),
        end=datetime.fromisoformat(item["end"]),
        time_zone=item["time_zone"],
        summary=summary,
        location=_place(names["locations"].get(item["location_id"] or "")),
        status=status,
    )


async def _family_feed(owner: Services, owner_id: UUID, clinic_id: UUID, now: datetime) -> tuple[str, list[FeedEvent]]:
    """The booked appointments of the owner's patients, each named by visit type and first name."""
    window = {
        "starts_from": (now - timedelta(days=DAYS_BACK)).isoformat(),
        "starts_before": (now + timedelta(days=DAYS_AHEAD)).isoformat(),
    }
    items, account, clinic, locations, visit_types = await asyncio.gather(
        _read(owner.availability, "/family-appointments", **window),
        _read(owner.settings, f"/portal-users/{owner_id}"),
        _read(owner.settings, f"/clinics/{clinic_id}"),
        _read(owner.settings, f"/clinics/{clinic_id}/locations"),
        _read(owner.settings, f"/clinics/{clinic_id}/visit-types"),
    )
    locations = {location["location_id"]: location for location in locations}
    visit_types = {visit_type["visit_type_id"]: visit_type for visit_type in visit_types}
    # Availability reads the links from its copy of the settings, which may lag an unlinking by a
    # moment; the settings service's own answer is the last word.
    linked = set(account["patient_ids"])
    items = [item for item in items if item["patient_id"] in linked]
    patient_ids = sorted({item["patient_id"] for item in items})
    patients = await asyncio.gather(*(_read(owner.settings, f"/patients/{patient_id}") for patient_id in patient_ids))
    first_names = {patient["patient_id"]: _first_name(patient["name"]) for patient in patients}
    events = []
    for item in items:
        visit_type = visit_types.get(item["visit_type_id"] or "")
        what = " – ".join(
            part for part in (visit_type and visit_type["name"], first_names.get(item["patient_id"] or "")) if part
        )
        events.append(
            FeedEvent(
                item_id=UUID(item["item_id"]),
                start=datetime.fromisoformat(item["start"]),
                end=datetime.fromisoformat(item["end"]),
                time_zone=item["time_zone"],
                summary=what or "Appointment",
                location=_place(locations.get(item["location_id"] or "")),
            )
        )
    return f"{clinic['name']}: our appointments", events
