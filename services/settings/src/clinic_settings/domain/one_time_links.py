"""One-time links: a secret in a URL that lets one person set the password of one account, once,
before it expires. An invitation sets the first password of an account an admin made; a password
reset sets a new one. Both are this one mechanism.

The token is random (`secrets.token_urlsafe(32)`, 256 bits) and only its SHA-256 is stored, so a
copy of the database opens no account. A link that was used, revoked or has expired is refused
with a code saying which (`invitation-expired`, `password-reset-already-used`, ...); an unknown
token and a wrong one are the same thing (`...-not-found`). The token travels in the URL's
fragment (`/invitation#token=...`), which browsers send to no server and put in no Referer.
"""

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid4

from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.errors import SettingsRuleBroken


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"

    @property
    def page(self) -> str:
        """The gateway's page that opens the link."""
        return {LinkPurpose.INVITATION: "/invitation", LinkPurpose.PASSWORD_RESET: "/reset-password"}[self]


class LinkStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class LinkPolicy:
    """Where links point and how long they last (configured: PUBLIC_BASE_URL, INVITATION_DAYS,
    PASSWORD_RESET_MINUTES)."""

    public_base_url: str
    invitation_lifetime: timedelta
    password_reset_lifetime: timedelta

    def lifetime(self, purpose: LinkPurpose) -> timedelta:
        return self.invitation_lifetime if purpose is LinkPurpose.INVITATION else self.password_reset_lifetime

    def url(self, purpose: LinkPurpose, token: str) -> str:
        return f"{self.public_base_url.rstrip('/')}{purpose.page}#token={token}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Each way a link cannot be used (None: no such link): its code's ending and its HTTP status,
# the same for every purpose.
_WHY = {
    None: ("not-found", 404),
    LinkStatus.ACCEPTED: ("already-used", 409),
    LinkStatus.EXPIRED: ("expired", 410),
    LinkStatus.REVOKED: ("revoked", 410),
}
# What a person is told for each, by purpose.
_MESSAGES = {
    LinkPurpose.INVITATION: {
        None: "This invitation link is not valid. Check that the whole link was copied, or ask the clinic for a new one.",
        LinkStatus.ACCEPTED: "This invitation has already been accepted. Sign in, or reset your password.",
        LinkStatus.EXPIRED: "This invitation has expired. Ask the clinic to send a new one.",
        LinkStatus.REVOKED: "The clinic has withdrawn this invitation.",
    },
    LinkPurpose.PASSWORD_RESET: {
        None: "This password reset link is not valid. Check that the whole link was copied, or ask for a new one.",
        LinkStatus.ACCEPTED: "This password reset link has already been used. Ask for a new one if needed.",
        LinkStatus.EXPIRED: "This password reset link has expired. Ask for a new one.",
        LinkStatus.REVOKED: "A newer password reset link has been made since; use that one.",
    },
}


class LinkRefused(SettingsRuleBroken):
    """The link cannot be used (any more); `status` is the HTTP status that says so."""

    title = "The link cannot be used"

    def __init__(self, purpose: LinkPurpose, why: LinkStatus | None) -> None:
        ending, self.status = _WHY[why]
        super().__init__(f"{purpose.value}-{ending}", _MESSAGES[purpose][why])


@dataclass(frozen=True, kw_only=True)
class OneTimeLink:
    link_id: UUID
    clinic_id: UUID
    purpose: LinkPurpose
    user_kind: UserKind
    user_id: UUID
    token_hash: str = field(repr=False)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def issue(
        cls,
        purpose: LinkPurpose,
        *,
        clinic_id: UUID,
        user_kind: UserKind,
        user_id: UUID,
        lifetime: timedelta,
        now: datetime,
    ) -> tuple["OneTimeLink", str]:
        """A new link and its token: the token is handed out once and never stored."""
        token = secrets.token_urlsafe(32)
        link = cls(
            link_id=uuid4(),
            clinic_id=clinic_id,
            purpose=purpose,
            user_kind=user_kind,
            user_id=user_id,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + lifetime,
        )
        return link, token

    def status(self, now: datetime) -> LinkStatus:
        if self.used_at is not None:
            return LinkStatus.ACCEPTED
        if self.revoked_at is not None:
            return LinkStatus.REVOKED
        if now >= self.expires_at:
            return LinkStatus.EXPIRED
        return LinkStatus.PENDING

    def require_usable(self, now: datetime) -> None:
        if (status := self.status(now)) is not LinkStatus.PENDING:
            raise LinkRefused(self.purpose, status)

    def used(self, now: datetime) -> "OneTimeLink":
        self.require_usable(now)
        return replace(self, used_at=now)

    def reissued(self, lifetime: timedelta, now: datetime) -> tuple["OneTimeLink", str]:
        """The same link with a new token and a new expiry; the old token stops working. Once used
        it cannot come back; a revoked or expired one can."""
        if self.used_at is not None:
            raise LinkRefused(self.purpose, LinkStatus.ACCEPTED)
        token = secrets.token_urlsafe(32)
        link = replace(self, token_hash=token_hash(token), created_at=now, expires_at=now + lifetime, revoked_at=None)
        return link, token

    def revoked(self, now: datetime) -> "OneTimeLink":
        """Revoked from now on; revoking it again changes nothing."""
        if self.used_at is not None:
            raise LinkRefused(self.purpose, LinkStatus.ACCEPTED)
        return self if self.revoked_at is not None else replace(self, revoked_at=now)
