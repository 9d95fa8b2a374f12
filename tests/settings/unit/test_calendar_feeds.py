"""Calendar feeds as plain Python: a random secret kept only as its hash, whose feed it may be, how
many a person may keep open, and revoking."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_settings.domain.calendar_feeds import MOST_OPEN_FEEDS_PER_PERSON, new_feed, secret_hash
from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CLINIC, PERSON, THERAPIST = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def test_a_new_feed_keeps_only_the_hash_of_a_long_url_safe_secret() -> None:
    (feed, secret), (_other, other_secret) = (new_feed(CLINIC, UserKind.PORTAL, PERSON, None, 0, NOW) for _ in range(2))
    assert feed.secret_hash == secret_hash(secret) != secret and secret not in repr(feed)
    # 32 random bytes: 256 bits, in the characters a URL's path takes as they are.
    assert len(secret) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", secret) and secret != other_secret
    assert feed.open and feed.created_at == NOW and feed.owner_id == PERSON


def test_a_schedulers_feed_names_a_therapist_and_a_familys_names_none() -> None:
    assert new_feed(CLINIC, UserKind.STAFF, PERSON, THERAPIST, 0, NOW)[0].therapist_id == THERAPIST
    for kind, therapist, code in (
        (UserKind.STAFF, None, "calendar-feed-therapist-required"),
        (UserKind.PORTAL, THERAPIST, "calendar-feed-therapist-not-allowed"),
    ):
        with pytest.raises(SettingsRuleBroken) as broken:
            new_feed(CLINIC, kind, PERSON, therapist, 0, NOW)
        assert broken.value.code == code


def test_a_person_keeps_at_most_so_many_feeds_open() -> None:
    new_feed(CLINIC, UserKind.PORTAL, PERSON, None, MOST_OPEN_FEEDS_PER_PERSON - 1, NOW)
    with pytest.raises(SettingsConflict) as refused:
        new_feed(CLINIC, UserKind.PORTAL, PERSON, None, MOST_OPEN_FEEDS_PER_PERSON, NOW)
    assert refused.value.code == "too-many-calendar-feeds"


def test_revoking_closes_a_feed_once() -> None:
    feed, _ = new_feed(CLINIC, UserKind.PORTAL, PERSON, None, 0, NOW)
    revoked = feed.revoked(NOW + timedelta(hours=1))
    assert not revoked.open and revoked.revoked_at == NOW + timedelta(hours=1)
    assert revoked.revoked(NOW + timedelta(days=1)) is revoked
