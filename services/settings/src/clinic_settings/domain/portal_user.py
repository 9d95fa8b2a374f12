"""A patient, or a caregiver such as a parent, who requests appointments through the portal."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.events import PortalUserChanged, PortalUserRole
from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.entity import distinct, normalise
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.user import SettingsUser


@dataclass(frozen=True, kw_only=True)
class PortalUser(SettingsUser, kind="portal-user", event=PortalUserChanged, id_field="portal_user_id"):
    user_kind = UserKind.PORTAL

    portal_user_id: UUID
    role: PortalUserRole
    active: bool = True
    patient_ids: tuple[UUID, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        normalise(self, "role", PortalUserRole(self.role))
        normalise(self, "patient_ids", distinct(self.patient_ids))
        if self.role is PortalUserRole.PATIENT and len(self.patient_ids) > 1:
            raise _links_one_patient()

    def require_own_patient(self) -> None:
        """An invited patient's account names the patient they are: exactly one. (Accounts made
        before invitations may have none yet, so stored ones are not held to it.)"""
        if self.role is PortalUserRole.PATIENT and len(self.patient_ids) != 1:
            raise _links_one_patient()


def _links_one_patient() -> SettingsRuleBroken:
    return SettingsRuleBroken(
        "patient-account-links-one-patient",
        "A patient's own portal account is linked to exactly that patient; use a caregiver account"
        " for several patients.",
    )
