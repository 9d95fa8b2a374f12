"""How a portal or staff user signs in: kept apart from the user, so no event can carry the hash."""

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID


class UserKind(StrEnum):
    STAFF = "staff"
    PORTAL = "portal"


@dataclass(frozen=True, kw_only=True)
class Credentials:
    user_id: UUID
    clinic_id: UUID
    kind: UserKind
    email: str
    # None until the person sets a password through their invitation: no password matches it.
    password_hash: str | None = field(repr=False)
