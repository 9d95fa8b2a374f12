"""Making, listing, revoking and opening calendar feeds (clinic_settings.domain.calendar_feeds).

Every step but opening is the owner's own: a feed of someone else answers as one that does not
exist. Opening is what the gateway does with a secret from a calendar app's URL: it learns whose
feed it is and acts as that person, with their access as it is now.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from clinic_settings.domain.calendar_feeds import CalendarFeed, new_feed, secret_hash
from clinic_settings.domain.credentials import UserKind
from clinic_settings.service_layer.unit_of_work import EntityNotFound, SettingsUnitOfWork


class FeedNotFound(EntityNotFound):
    """Answered as any missing entity is (404 `calendar-feed-not-found`), naming nothing."""

    def __init__(self) -> None:
        LookupError.__init__(self, "No such calendar feed.")
        self.kind = "calendar-feed"


@dataclass(frozen=True)
class Owner:
    kind: UserKind
    user_id: UUID
    clinic_id: UUID


async def make_feed(uow: SettingsUnitOfWork, owner: Owner, therapist_id: UUID | None) -> tuple[CalendarFeed, str]:
    """A new feed and its secret, which is never shown again."""
    async with uow:
        if therapist_id is not None:
            await uow.referenced(uow.therapists, therapist_id, owner.clinic_id)
        open_feeds = await uow.calendar_feeds.count_open(owner.user_id)
        feed, secret = new_feed(owner.clinic_id, owner.kind, owner.user_id, therapist_id, open_feeds, datetime.now(UTC))
        await uow.calendar_feeds.add(feed)
    return feed, secret


async def feeds_of(uow: SettingsUnitOfWork, owner: Owner) -> list[CalendarFeed]:
    async with uow:
        return await uow.calendar_feeds.of_owner(owner.user_id)


async def revoke_feed(uow: SettingsUnitOfWork, owner: Owner, feed_id: UUID) -> CalendarFeed:
    async with uow:
        feed = await uow.calendar_feeds.get(feed_id, for_update=True)
        if feed is None or feed.owner_id != owner.user_id:
            raise FeedNotFound()
        revoked = feed.revoked(datetime.now(UTC))
        if revoked is not feed:
            await uow.calendar_feeds.save(revoked)
    return revoked


async def open_feed(uow: SettingsUnitOfWork, secret: str) -> CalendarFeed:
    """The open feed with this secret, while its owner's account is active; else not found (one
    answer for a secret never given, a revoked feed and a deactivated owner, so none is told apart)."""
    async with uow:
        feed = await uow.calendar_feeds.with_secret_hash(secret_hash(secret))
        if feed is None or not feed.open or not await _owner_is_active(uow, feed):
            raise FeedNotFound()
    return feed


async def _owner_is_active(uow: SettingsUnitOfWork, feed: CalendarFeed) -> bool:
    users = uow.staff_users if feed.owner_kind is UserKind.STAFF else uow.portal_users
    owner = await users.get(feed.owner_id)
    return owner is not None and owner.active and owner.clinic_id == feed.clinic_id
