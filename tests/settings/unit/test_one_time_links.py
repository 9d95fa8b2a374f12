"""One-time links as plain Python: how a link's status follows from its moments, and what each
status refuses, for both purposes."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.one_time_links import (
    LinkPolicy,
    LinkPurpose,
    LinkRefused,
    LinkStatus,
    OneTimeLink,
    token_hash,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def issued(purpose: LinkPurpose = LinkPurpose.INVITATION) -> tuple[OneTimeLink, str]:
    return OneTimeLink.issue(
        purpose, clinic_id=uuid.uuid4(), user_kind=UserKind.PORTAL, user_id=uuid.uuid4(), lifetime=WEEK, now=NOW
    )


def refusal(action) -> tuple[int, str]:
    with pytest.raises(LinkRefused) as refused:
        action()
    return refused.value.status, refused.value.code


def test_a_new_link_keeps_only_the_hash_of_a_random_token() -> None:
    (link, token), (_, other_token) = issued(), issued()
    assert link.token_hash == token_hash(token) != token and token not in repr(link)
    assert token != other_token and len(token) >= 43
    assert link.status(NOW) is LinkStatus.PENDING and link.expires_at == NOW + WEEK


def test_a_link_expires_at_its_moment() -> None:
    link, _ = issued()
    assert link.status(NOW + WEEK - timedelta(seconds=1)) is LinkStatus.PENDING
    assert link.status(NOW + WEEK) is LinkStatus.EXPIRED
    assert refusal(lambda: link.used(NOW + WEEK)) == (410, "invitation-expired")


def test_a_used_link_is_used_for_good() -> None:
    link, _ = issued()
    used = link.used(NOW)
    assert used.status(NOW + 2 * WEEK) is LinkStatus.ACCEPTED
    for action in (lambda: used.used(NOW), lambda: used.revoked(NOW), lambda: used.reissued(WEEK, NOW)):
        assert refusal(action) == (409, "invitation-already-used")


def test_a_revoked_or_expired_link_is_made_new_by_reissuing_it() -> None:
    link, token = issued()
    revoked = link.revoked(NOW)
    assert revoked.revoked(NOW + WEEK) is revoked, "revoking again changes nothing"
    assert refusal(lambda: revoked.used(NOW)) == (410, "invitation-revoked")
    later = NOW + 2 * WEEK
    fresh, new_token = revoked.reissued(WEEK, later)
    assert fresh.link_id == link.link_id and fresh.status(later) is LinkStatus.PENDING
    assert fresh.token_hash == token_hash(new_token) != token_hash(token) and fresh.expires_at == later + WEEK


def test_a_password_reset_speaks_of_itself() -> None:
    link, _ = issued(LinkPurpose.PASSWORD_RESET)
    assert refusal(lambda: link.revoked(NOW).used(NOW)) == (410, "password-reset-revoked")
    assert LinkRefused(LinkPurpose.PASSWORD_RESET, None).code == "password-reset-not-found"
    assert LinkRefused(LinkPurpose.INVITATION, None).status == 404


def test_the_link_carries_the_token_in_its_fragment() -> None:
    policy = LinkPolicy("https://clinic.example/", WEEK, timedelta(hours=1))
    assert policy.url(LinkPurpose.INVITATION, "abc") == "https://clinic.example/invitation#token=abc"
    assert policy.url(LinkPurpose.PASSWORD_RESET, "abc") == "https://clinic.example/reset-password#token=abc"
    assert policy.lifetime(LinkPurpose.PASSWORD_RESET) == timedelta(hours=1)
