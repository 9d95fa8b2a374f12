"""Calendar feeds: a secret URL a calendar app (Google, Apple, Outlook) polls for someone's
appointments, since such an app cannot sign in.

A feed belongs to the person who made it and acts with their access, now: a scheduler's feed is
one therapist's appointments as that scheduler may see them, a portal user's feed the
appointments of the patients linked to them. The secret is random (`secrets.token_urlsafe(32)`,
256 bits) and only its SHA-256 is stored, as for one-time links, so a copy of the database opens
no feed; the secret is shown once, when the feed is made. Revoking a feed, or deactivating its
owner, closes it at once; a closed feed and a secret nobody was given are the same "not found".
"""

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID, uuid4

from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken

# Enough for a few devices and a shared family calendar; more is a leak waiting to happen.
MOST_OPEN_FEEDS_PER_PERSON = 10


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class CalendarFeed:
    feed_id: UUID
    clinic_id: UUID
    owner_kind: UserKind
    owner_id: UUID
    # A scheduler's feed is one therapist's calendar; a portal user's names none (their family's).
    therapist_id: UUID | None
    secret_hash: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.revoked_at is None

    def revoked(self, at: datetime) -> "CalendarFeed":
        """Revoking again changes nothing."""
        return self if not self.open else replace(self, revoked_at=at)


def new_feed(
    clinic_id: UUID,
    owner_kind: UserKind,
    owner_id: UUID,
    therapist_id: UUID | None,
    open_feeds: int,
    now: datetime,
) -> tuple[CalendarFeed, str]:
    """A feed and its secret (returned this once, never stored)."""
    staff_feed_names_a_therapist(owner_kind, therapist_id)
    person_has_room_for_another_feed(open_feeds)
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed(uuid4(), clinic_id, owner_kind, owner_id, therapist_id, secret_hash(secret), now)
    return feed, secret


def staff_feed_names_a_therapist(owner_kind: UserKind, therapist_id: UUID | None) -> None:
    if owner_kind is UserKind.STAFF and therapist_id is None:
        raise SettingsRuleBroken("calendar-feed-therapist-required", "Choose the therapist whose calendar to follow.")
    if owner_kind is UserKind.PORTAL and therapist_id is not None:
        raise SettingsRuleBroken(
            "calendar-feed-therapist-not-allowed", "A family's feed holds its own appointments, not a therapist's."
        )


def person_has_room_for_another_feed(open_feeds: int) -> None:
    if open_feeds >= MOST_OPEN_FEEDS_PER_PERSON:
        raise SettingsConflict(
            "too-many-calendar-feeds",
            f"You have {open_feeds} calendar feeds already; revoke one you no longer use first.",
        )
