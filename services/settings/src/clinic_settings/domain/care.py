"""Who treats a case where: an active case's primary therapist is active and works at its location.

Both sides of that rule can change, the case and the therapist, so both check it.
"""

from collections.abc import Iterable

from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.location import Location
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType


def require_therapist_treats_case_there(case: PatientCase, therapist: Therapist) -> None:
    if not case.is_active:
        return
    if not therapist.active:
        raise SettingsRuleBroken(
            "therapist-inactive", f"{therapist.name} is inactive and cannot be a case's primary therapist."
        )
    if not therapist.works_at(case.location_id):
        raise SettingsRuleBroken("therapist-not-at-location", f"{therapist.name} does not work at the case's location.")


def require_no_active_case_left_behind(therapist: Therapist, cases: Iterable[PatientCase]) -> None:
    """A therapist may leave a location only once their active cases there have moved on."""
    stranded = [
        case
        for case in cases
        if case.is_active
        and case.primary_therapist_id == therapist.therapist_id
        and not therapist.works_at(case.location_id)
    ]
    if stranded:
        titles = ", ".join(sorted(case.title for case in stranded))
        raise SettingsConflict(
            "therapist-treats-active-cases-there",
            f"{therapist.name} is the primary therapist of active cases at that location ({titles});"
            " reassign or discharge them first.",
        )


def require_active_visit_types(visit_types: Iterable[VisitType]) -> None:
    """Newly allowed visit types must be active; ones deactivated later simply stop being
    requestable."""
    inactive = sorted(visit_type.name for visit_type in visit_types if not visit_type.active)
    if inactive:
        raise SettingsRuleBroken(
            "visit-type-inactive", f"Inactive visit types cannot be allowed for a case: {', '.join(inactive)}."
        )


def require_active_patient(case: PatientCase, patient: Patient) -> None:
    """An active case is of a patient still in care: a deactivated patient's cases were discharged
    with them, and stay so until the patient is reactivated."""
    if case.is_active and not patient.active:
        raise SettingsRuleBroken(
            "patient-inactive", f"{patient.name} is inactive; reactivate them to open or take up a case."
        )


def require_active_location(case: PatientCase, location: Location) -> None:
    """An active case is treated at a location still in use."""
    if case.is_active and not location.active:
        raise SettingsRuleBroken("location-inactive", f"{location.name} is deactivated and treats no active case.")
