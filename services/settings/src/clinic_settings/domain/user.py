"""What a portal user and a staff user share: a name, and the email address they sign in with and
are written to."""

from dataclasses import dataclass
from typing import ClassVar

from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.entity import SettingsEntity, normalise
from clinic_settings.domain.names import required_name


@dataclass(frozen=True, kw_only=True)
class SettingsUser(SettingsEntity):
    """A person who signs in; `user_kind` is how their credentials and links name their kind."""

    user_kind: ClassVar[UserKind]

    name: str
    email: str

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, f"{self.kind.replace('-', ' ')}'s name"))
        normalise(self, "email", normalised_email(self.email))
