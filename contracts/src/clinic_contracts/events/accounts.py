"""Events about people's accounts that only the notifications service may read.

A one-time link (an invitation, a password reset) is a secret until it is used: whoever holds its
URL sets the account's password. So it travels on a topic of its own
(clinic_contracts.topics.ACCOUNT_LINKS) that the broker lets the settings service write and the
notifications service alone read, and that keeps it no longer than a link can live.
"""

import uuid
from enum import StrEnum

from pydantic import AwareDatetime

from clinic_contracts.events.base import Event
from clinic_contracts.languages import LanguageTag


class AccountLinkPurpose(StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"


class AccountUserKind(StrEnum):
    PORTAL = "portal"
    STAFF = "staff"


class AccountLinkIssued(Event):
    """A link was made for one person: mail it to them (and to no one else). `url` holds the
    token; `expires_at` is when the link stops working. It names the clinic as it is now (name,
    time zone, language), so the email can go at once, before the clinic itself reaches a
    consumer's copy of the settings (a clinic made a moment ago, its first admin invited)."""

    event_type = "AccountLinkIssued"

    link_id: uuid.UUID
    purpose: AccountLinkPurpose
    clinic_id: uuid.UUID
    clinic_name: str
    clinic_time_zone: str
    clinic_language: LanguageTag
    user_kind: AccountUserKind
    user_id: uuid.UUID
    name: str
    email: str
    url: str
    expires_at: AwareDatetime
