"""What each kind of entity checks against the others before it is stored, new (`earlier` None) or
changed, and what a stored change sets off. Checks read; they write nothing that a refusal would
have to undo, except what their own entity's change needs (a user's sign-in email)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from clinic_contracts.events import CaseStatus
from clinic_settings.domain.care import (
    require_active_location,
    require_active_patient,
    require_active_visit_types,
    require_no_active_case_left_behind,
    require_therapist_treats_case_there,
)
from clinic_settings.domain.errors import SettingsConflict
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser, require_an_admin_left
from clinic_settings.domain.therapist import Therapist
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork

Check = Callable[[SettingsUnitOfWork, Any, Any], Awaitable[None]]


async def _nothing(uow: SettingsUnitOfWork, earlier: Any, entity: Any) -> None:
    return None


@dataclass(frozen=True)
class Checks:
    before_storing: Check = _nothing
    after_changing: Check = _nothing


async def _case_references(uow: SettingsUnitOfWork, earlier: PatientCase | None, case: PatientCase) -> None:
    """Only what changed is checked: a therapist deactivated since, or a visit type, stays on the
    case until someone changes that part of it."""
    clinic_id = case.clinic_id
    patient = await uow.referenced(uow.patients, case.patient_id, clinic_id)
    location = await uow.referenced(uow.locations, case.location_id, clinic_id)
    # Locked, so the therapist cannot leave the location while this case is being given to them.
    therapist = await uow.referenced(uow.therapists, case.primary_therapist_id, clinic_id, for_update=True)
    if case.care_changed_since(earlier):
        require_therapist_treats_case_there(case, therapist)
        require_active_location(case, location)
        require_active_patient(case, patient)
    added = await uow.all_referenced(uow.visit_types, case.visit_types_added_since(earlier), clinic_id)
    require_active_visit_types(added)


async def _therapist_locations(uow: SettingsUnitOfWork, earlier: Therapist | None, therapist: Therapist) -> None:
    """Leaving a location waits until their active cases there moved."""
    await uow.all_referenced(uow.locations, therapist.location_ids, therapist.clinic_id)
    if earlier is not None:
        # The lock taken on the therapist also holds back cases being given to them meanwhile.
        cases = await uow.patient_cases.of_clinic(therapist.clinic_id, primary_therapist_id=therapist.therapist_id)
        require_no_active_case_left_behind(therapist, cases)


async def _discharge_cases_of_deactivated(uow: SettingsUnitOfWork, earlier: Patient, patient: Patient) -> None:
    """Deactivating a patient discharges their active cases in the same transaction (no new
    requests); it deletes nothing."""
    if earlier.active and not patient.active:
        for case in await uow.patient_cases.of_clinic(patient.clinic_id, patient_id=patient.patient_id):
            if case.status == CaseStatus.ACTIVE:
                await uow.replace(uow.patient_cases, case, case.changed(status=CaseStatus.DISCHARGED))


async def _portal_user_patients(uow: SettingsUnitOfWork, earlier: PortalUser | None, user: PortalUser) -> None:
    await uow.all_referenced(uow.patients, user.patient_ids, user.clinic_id)
    await _sign_in_email(uow, earlier, user)


async def _staff_user_locations(uow: SettingsUnitOfWork, earlier: StaffUser | None, user: StaffUser) -> None:
    """The clinic's last active admin keeps the Admin permission."""
    await uow.all_referenced(uow.locations, user.location_ids, user.clinic_id)
    if earlier is not None and earlier.administers and not user.administers:
        # The clinic's row is the lock: of two admins taking each other's permission at once,
        # the second reads the first's change and is refused.
        await uow.clinics.get(user.clinic_id, for_update=True)
        require_an_admin_left(user, await uow.staff_users.of_clinic(user.clinic_id))
    await _sign_in_email(uow, earlier, user)


async def _sign_in_email(
    uow: SettingsUnitOfWork, earlier: PortalUser | StaffUser | None, user: PortalUser | StaffUser
) -> None:
    """A changed email moves the user's sign-in with it; a new user's is stored with its password
    (service_layer.users), once the user itself is."""
    if earlier is not None and user.email != earlier.email:
        await require_email_free(uow, user)
        await uow.credentials.change_email(user.entity_id, user.email)


async def require_email_free(uow: SettingsUnitOfWork, user: PortalUser | StaffUser) -> None:
    holders = await uow.credentials.with_email(user.email, user.clinic_id)
    if any(holder.user_id != user.entity_id for holder in holders):
        raise SettingsConflict("email-taken", f"Another user of this clinic signs in with {user.email}.")


CHECKS: dict[type, Checks] = {
    PatientCase: Checks(before_storing=_case_references),
    Therapist: Checks(before_storing=_therapist_locations),
    Patient: Checks(after_changing=_discharge_cases_of_deactivated),
    PortalUser: Checks(before_storing=_portal_user_patients),
    StaffUser: Checks(before_storing=_staff_user_locations),
}
NO_CHECKS = Checks()
