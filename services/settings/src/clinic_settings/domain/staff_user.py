"""A clinic employee: what they may do (permissions) and for which locations."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import StaffPermission, StaffUserChanged

from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.entity import SettingsEntity, distinct, normalise
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.names import required_name


@dataclass(frozen=True, kw_only=True)
class StaffUser(SettingsEntity):
    kind = "staff-user"
    event = StaffUserChanged
    id_field = "staff_user_id"
    user_kind = UserKind.STAFF

    staff_user_id: UUID
    name: str
    email: str
    permissions: tuple[StaffPermission, ...] = ()
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()
    active: bool = True

    def __post_init__(self) -> None:
        normalise(self, "name", required_name(self.name, "staff user's name"))
        normalise(self, "email", normalised_email(self.email))
        granted = {StaffPermission(permission) for permission in self.permissions}
        normalise(self, "permissions", tuple(p for p in StaffPermission if p in granted))
        normalise(self, "location_ids", distinct(self.location_ids))
        if self.all_locations and self.location_ids:
            raise SettingsRuleBroken(
                "staff-locations-ambiguous", "Give either all locations or a list of locations, not both."
            )
