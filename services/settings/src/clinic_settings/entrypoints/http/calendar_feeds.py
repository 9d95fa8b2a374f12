"""Calendar feeds (clinic_settings.domain.calendar_feeds): a person makes, lists and revokes their
own; the gateway, on its own behalf, opens one by its secret when a calendar app asks for it."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from clinic_settings.domain.calendar_feeds import CalendarFeed
from clinic_settings.domain.credentials import UserKind
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import calendar_feeds
from clinic_settings.service_layer.calendar_feeds import Owner
from servicekit.actor_auth import CurrentActor, kind_may_not
from servicekit.actor_tokens import Actor, ActorKind

router = APIRouter(prefix="/calendar-feeds", tags=["calendar feeds"])


class NewFeed(RequestBody):
    """A scheduler names the therapist whose calendar to follow; a portal user names none."""

    therapist_id: UUID | None = None


class FeedSecret(RequestBody):
    secret: str = Field(min_length=1, max_length=200)


class FeedDocument(BaseModel):
    feed_id: UUID
    clinic_id: UUID
    owner_kind: UserKind
    owner_id: UUID
    therapist_id: UUID | None
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, feed: CalendarFeed, **extra) -> "FeedDocument":
        fields = {name: getattr(feed, name) for name in FeedDocument.model_fields}
        return cls(**fields, **extra)


class NewFeedDocument(FeedDocument):
    # Shown this once: only its hash is kept.
    secret: str


def _owner(actor: Actor) -> Owner:
    """Only a person has feeds (settings.access has checked they are active)."""
    kinds = {ActorKind.STAFF: UserKind.STAFF, ActorKind.PORTAL: UserKind.PORTAL}
    if actor.kind not in kinds:
        raise kind_may_not(actor)
    return Owner(kinds[actor.kind], UUID(actor.id), actor.clinic_id)


@router.get("")
async def own_feeds(actor: CurrentActor, uow: UnitOfWork) -> list[FeedDocument]:
    """The caller's feeds, newest first, revoked ones too; never their secrets."""
    return [FeedDocument.of(feed) for feed in await calendar_feeds.feeds_of(uow, _owner(actor))]


@router.post("", status_code=201)
async def make_feed(body: NewFeed, actor: CurrentActor, uow: UnitOfWork) -> NewFeedDocument:
    """A new feed of the caller's; the answer carries its secret, this once."""
    feed, secret = await calendar_feeds.make_feed(uow, _owner(actor), body.therapist_id)
    return NewFeedDocument.of(feed, secret=secret)


@router.post("/{feed_id}/revoke")
async def revoke_feed(feed_id: UUID, actor: CurrentActor, uow: UnitOfWork) -> FeedDocument:
    """Its URL stops answering at once. Revoking again changes nothing."""
    return FeedDocument.of(await calendar_feeds.revoke_feed(uow, _owner(actor), feed_id))


@router.post("/open")
async def open_feed(body: FeedSecret, uow: UnitOfWork) -> FeedDocument:
    """Whose open feed this secret is (404 for an unknown or revoked one, or a deactivated owner's):
    the gateway then reads the appointments as that person. In the body, so no log keeps it."""
    return FeedDocument.of(await calendar_feeds.open_feed(uow, body.secret))
