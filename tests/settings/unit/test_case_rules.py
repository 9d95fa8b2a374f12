import uuid

import pytest

from clinic_contracts.events import CaseStatus
from clinic_settings.domain.care import (
    require_active_visit_types,
    require_no_active_case_left_behind,
    require_therapist_treats_case_there,
)
from clinic_settings.domain.errors import SettingsConflict
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType
from tests.settings.unit.rules import breaks

CLINIC = uuid.uuid4()
DOWNTOWN, UPTOWN = uuid.uuid4(), uuid.uuid4()


def therapist(**fields) -> Therapist:
    defaults = dict(therapist_id=uuid.uuid4(), clinic_id=CLINIC, name="Dana", location_ids=(DOWNTOWN,))
    return Therapist(**{**defaults, **fields})


def case(treated_by: Therapist, **fields) -> PatientCase:
    defaults = dict(
        case_id=uuid.uuid4(),
        clinic_id=CLINIC,
        patient_id=uuid.uuid4(),
        title="Knee rehab",
        primary_therapist_id=treated_by.therapist_id,
        location_id=DOWNTOWN,
    )
    return PatientCase(**{**defaults, **fields})


def visit_type(**fields) -> VisitType:
    defaults = dict(visit_type_id=uuid.uuid4(), clinic_id=CLINIC, name="Treatment", duration_minutes=45)
    return VisitType(**{**defaults, **fields})


def test_a_case_starts_active_without_requests() -> None:
    new = case(therapist())
    assert new.status is CaseStatus.ACTIVE and not new.allow_appointment_requests


def test_the_primary_therapist_must_work_at_the_case_location() -> None:
    dana = therapist()
    require_therapist_treats_case_there(case(dana), dana)
    with breaks("therapist-not-at-location"):
        require_therapist_treats_case_there(case(dana, location_id=UPTOWN), dana)


def test_the_primary_therapist_must_be_active() -> None:
    dana = therapist(active=False)
    with breaks("therapist-inactive"):
        require_therapist_treats_case_there(case(dana), dana)


def test_a_discharged_case_does_not_hold_its_therapist_to_the_location() -> None:
    dana = therapist(location_ids=())
    require_therapist_treats_case_there(case(dana, status=CaseStatus.DISCHARGED), dana)


def test_a_therapist_cannot_leave_a_location_with_active_cases_there() -> None:
    dana = therapist(location_ids=(DOWNTOWN, UPTOWN))
    cases = [case(dana), case(dana, location_id=UPTOWN, status=CaseStatus.DISCHARGED)]
    require_no_active_case_left_behind(dana.changed(location_ids=(DOWNTOWN,)), cases)
    with pytest.raises(SettingsConflict) as conflict:
        require_no_active_case_left_behind(dana.changed(location_ids=(UPTOWN,)), cases)
    assert conflict.value.code == "therapist-treats-active-cases-there"


def test_newly_allowed_visit_types_must_be_active() -> None:
    require_active_visit_types([visit_type()])
    with breaks("visit-type-inactive"):
        require_active_visit_types([visit_type(), visit_type(active=False)])


def test_only_what_changed_on_a_case_is_checked_again() -> None:
    dana, kept, added = therapist(), uuid.uuid4(), uuid.uuid4()
    before = case(dana, requestable_visit_type_ids=(kept,))
    after = before.changed(requestable_visit_type_ids=(kept, added, added))
    assert after.requestable_visit_type_ids == (kept, added)
    assert after.visit_types_added_since(before) == (added,)
    assert after.visit_types_added_since(None) == (kept, added)
    assert not after.care_changed_since(before)
    assert before.changed(location_id=UPTOWN).care_changed_since(before)
    assert before.changed(status=CaseStatus.DISCHARGED).care_changed_since(before)


def test_a_case_needs_a_title() -> None:
    with breaks("name-required"):
        case(therapist(), title=" ")


@pytest.mark.parametrize("minutes", [0, 4, 481, -45])
def test_a_visit_lasts_five_minutes_to_eight_hours(minutes: int) -> None:
    with breaks("visit-duration-out-of-range"):
        visit_type(duration_minutes=minutes)


def test_a_therapist_works_at_each_location_once() -> None:
    assert therapist(location_ids=(DOWNTOWN, UPTOWN, DOWNTOWN)).location_ids == (DOWNTOWN, UPTOWN)
