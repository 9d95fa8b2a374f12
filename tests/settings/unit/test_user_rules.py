import uuid

import pytest

from clinic_contracts.events import PortalUserRole, StaffPermission
from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.passwords import require_acceptable_password
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from tests.settings.unit.rules import breaks


def portal_user(**fields) -> PortalUser:
    defaults = dict(
        portal_user_id=uuid.uuid4(), clinic_id=uuid.uuid4(), name="Wei Chen", email="wei@example.org", role="caregiver"
    )
    return PortalUser(**{**defaults, **fields})


def staff_user(**fields) -> StaffUser:
    defaults = dict(staff_user_id=uuid.uuid4(), clinic_id=uuid.uuid4(), name="Sam", email="sam@example.org")
    return StaffUser(**{**defaults, **fields})


def test_emails_are_kept_in_lower_case_without_blanks() -> None:
    assert normalised_email("  Wei.Chen@Example.ORG ") == "wei.chen@example.org"
    assert portal_user(email="WEI@example.org").email == "wei@example.org"


@pytest.mark.parametrize(
    "email", ["", "wei", "wei@", "@example.org", "wei@example", "wei chen@example.org", "a@b.c" + "x" * 250]
)
def test_what_cannot_be_an_email_is_refused(email: str) -> None:
    with breaks("invalid-email"):
        normalised_email(email)


def test_a_password_has_ten_to_1024_characters() -> None:
    require_acceptable_password("x" * 10)
    with breaks("password-too-short"):
        require_acceptable_password("x" * 9)
    with breaks("password-too-long"):
        require_acceptable_password("x" * 1025)


def test_a_caregiver_links_several_patients_once_each() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    parent = portal_user(patient_ids=(first, second, first))
    assert parent.patient_ids == (first, second) and parent.role is PortalUserRole.CAREGIVER


def test_a_patients_own_account_links_that_one_patient() -> None:
    portal_user(role="patient", patient_ids=(uuid.uuid4(),))
    with breaks("patient-account-links-one-patient"):
        portal_user(role="patient", patient_ids=(uuid.uuid4(), uuid.uuid4()))


def test_staff_have_either_all_locations_or_a_list() -> None:
    staff_user(all_locations=True)
    staff_user(location_ids=(uuid.uuid4(),))
    with breaks("staff-locations-ambiguous"):
        staff_user(all_locations=True, location_ids=(uuid.uuid4(),))


def test_permissions_are_kept_once_in_a_fixed_order() -> None:
    both = staff_user(permissions=("scheduling", "admin", "scheduling"))
    assert both.permissions == (StaffPermission.ADMIN, StaffPermission.SCHEDULING)


def test_users_need_a_name() -> None:
    with breaks("name-required"):
        staff_user(name="")
    with breaks("name-required"):
        portal_user(name=" ")
