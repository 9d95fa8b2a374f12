"""A clinic employee: what they may do (permissions) and for which locations."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast
from uuid import UUID

from clinic_contracts.access import may_administer
from clinic_contracts.events import StaffPermission, StaffUserChanged
from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.entity import distinct, normalise
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.user import SettingsUser


@dataclass(frozen=True, kw_only=True)
class StaffUser(SettingsUser, kind="staff-user", event=StaffUserChanged, id_field="staff_user_id"):
    user_kind = UserKind.STAFF

    staff_user_id: UUID
    permissions: tuple[StaffPermission, ...] = ()
    all_locations: bool = False
    location_ids: tuple[UUID, ...] = ()
    active: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        granted = {StaffPermission(permission) for permission in self.permissions}
        normalise(self, "permissions", tuple(p for p in StaffPermission if p in granted))
        normalise(self, "location_ids", distinct(self.location_ids))
        if self.all_locations and self.location_ids:
            raise SettingsRuleBroken(
                "staff-locations-ambiguous", "Give either all locations or a list of locations, not both."
            )

    @property
    def administers(self) -> bool:
        return may_administer(cast(StaffUserChanged, self.as_event()))


def require_an_admin_left(demoted: StaffUser, colleagues: Iterable[StaffUser]) -> None:
    """When `demoted` stops being an active admin, another must be left: otherwise nobody could
    change the clinic's settings, nor undo this change, without an operator."""
    if not any(other.administers for other in colleagues if other.entity_id != demoted.entity_id):
        raise SettingsConflict(
            "last-admin",
            f"{demoted.name} is the clinic's only active admin; give another staff user the Admin permission first.",
        )
