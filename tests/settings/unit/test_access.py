"""The permission and access rules the gateway and the request service share."""

import uuid

from clinic_contracts.access import (
    case_is_requestable,
    location_is_assigned_to,
    may_administer,
    may_schedule,
    portal_user_may_request,
    portal_user_may_request_for,
    scheduler_may_see_patient,
    visit_type_is_requestable,
)
from clinic_contracts.events import CaseStatus, StaffPermission
from tests.settings.unit import events
from tests.settings.unit.events import LOCATION_ID, OTHER_LOCATION_ID, PATIENT_ID

ADMIN = (StaffPermission.ADMIN,)
SCHEDULING = (StaffPermission.SCHEDULING,)
BOTH = (StaffPermission.ADMIN, StaffPermission.SCHEDULING)


def test_an_admin_may_administer_and_only_an_admin() -> None:
    assert may_administer(events.staff(permissions=ADMIN))
    assert may_administer(events.staff(permissions=BOTH))
    assert not may_administer(events.staff(permissions=SCHEDULING))
    assert not may_administer(events.staff(permissions=()))


def test_a_scheduler_may_schedule_and_an_admin_alone_may_not() -> None:
    assert may_schedule(events.staff(permissions=SCHEDULING))
    assert may_schedule(events.staff(permissions=BOTH))
    assert not may_schedule(events.staff(permissions=ADMIN))


def test_inactive_staff_may_do_nothing() -> None:
    inactive = events.staff(permissions=BOTH, all_locations=True, location_ids=(), active=False)
    assert not may_administer(inactive)
    assert not may_schedule(inactive)
    assert not scheduler_may_see_patient(inactive, [events.case()])


def test_locations_are_assigned_by_list_or_all_at_once() -> None:
    assert location_is_assigned_to(events.staff(location_ids=(LOCATION_ID,)), LOCATION_ID)
    assert not location_is_assigned_to(events.staff(location_ids=(LOCATION_ID,)), OTHER_LOCATION_ID)
    assert location_is_assigned_to(events.staff(all_locations=True, location_ids=()), OTHER_LOCATION_ID)


def test_a_scheduler_sees_a_patient_with_a_case_at_one_of_their_locations() -> None:
    scheduler = events.staff(location_ids=(LOCATION_ID,))
    elsewhere = events.case(location_id=OTHER_LOCATION_ID)
    here = events.case(location_id=LOCATION_ID)
    assert scheduler_may_see_patient(scheduler, [elsewhere, here])
    assert not scheduler_may_see_patient(scheduler, [elsewhere])


def test_a_discharged_case_still_gives_access_to_its_patient() -> None:
    scheduler = events.staff(location_ids=(LOCATION_ID,))
    assert scheduler_may_see_patient(scheduler, [events.case(status=CaseStatus.DISCHARGED)])


def test_a_scheduler_of_all_locations_sees_every_patient_with_a_case() -> None:
    everywhere = events.staff(all_locations=True, location_ids=())
    assert scheduler_may_see_patient(everywhere, [events.case(location_id=OTHER_LOCATION_ID)])
    assert not scheduler_may_see_patient(everywhere, [])


def test_staff_without_scheduling_permission_see_no_patient() -> None:
    admin = events.staff(permissions=ADMIN, all_locations=True, location_ids=())
    assert not scheduler_may_see_patient(admin, [events.case()])


def test_cases_of_another_clinic_give_no_access() -> None:
    everywhere = events.staff(all_locations=True, location_ids=())
    assert not scheduler_may_see_patient(everywhere, [events.case(clinic_id=uuid.uuid4())])


def test_a_portal_user_requests_for_linked_patients_only() -> None:
    other_child = uuid.uuid4()
    parent = events.portal_user(patient_ids=(PATIENT_ID, other_child))
    assert portal_user_may_request_for(parent, PATIENT_ID)
    assert portal_user_may_request_for(parent, other_child)
    assert not portal_user_may_request_for(parent, uuid.uuid4())


def test_a_deactivated_or_unlinked_portal_user_requests_for_nobody() -> None:
    assert not portal_user_may_request_for(events.portal_user(active=False), PATIENT_ID)
    assert not portal_user_may_request_for(events.portal_user(patient_ids=()), PATIENT_ID)


def test_a_case_is_requestable_only_through_all_three_gates() -> None:
    assert case_is_requestable(events.clinic(), events.location(), events.case())
    assert not case_is_requestable(events.clinic(appointment_requests_enabled=False), events.location(), events.case())
    assert not case_is_requestable(events.clinic(), events.location(allow_appointment_requests=False), events.case())
    assert not case_is_requestable(events.clinic(), events.location(), events.case(allow_appointment_requests=False))


def test_a_discharged_case_is_not_requestable() -> None:
    assert not case_is_requestable(events.clinic(), events.location(), events.case(status=CaseStatus.DISCHARGED))


def test_a_case_is_judged_by_its_own_location_and_clinic() -> None:
    assert not case_is_requestable(events.clinic(), events.location(location_id=OTHER_LOCATION_ID), events.case())
    assert not case_is_requestable(events.clinic(clinic_id=uuid.uuid4()), events.location(), events.case())


def test_a_visit_type_is_requestable_when_active_and_allowed_for_the_case() -> None:
    assert visit_type_is_requestable(events.case(), events.visit_type())
    assert not visit_type_is_requestable(events.case(), events.visit_type(active=False))
    assert not visit_type_is_requestable(events.case(requestable_visit_type_ids=()), events.visit_type())
    assert not visit_type_is_requestable(events.case(), events.visit_type(clinic_id=uuid.uuid4()))


def test_a_portal_request_needs_every_rule_at_once() -> None:
    parts = dict(
        portal_user=events.portal_user(),
        clinic=events.clinic(),
        location=events.location(),
        case=events.case(),
        visit_type=events.visit_type(),
    )
    assert portal_user_may_request(**parts)
    assert not portal_user_may_request(**{**parts, "portal_user": events.portal_user(patient_ids=())})
    assert not portal_user_may_request(**{**parts, "clinic": events.clinic(appointment_requests_enabled=False)})
    assert not portal_user_may_request(**{**parts, "visit_type": events.visit_type(active=False)})
    assert not portal_user_may_request(**{**parts, "portal_user": events.portal_user(clinic_id=uuid.uuid4())})
