"""Who may decide a request, what an edit must be, and who may withdraw one."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_contracts.access import patients_seen_by
from clinic_contracts.events import StaffPermission
from clinic_requests.domain.review_rules import (
    DeclineMustGiveAReason,
    StartMustBeInTheFuture,
    TherapistMustBeActive,
    TherapistMustWorkAtLocation,
    scheduler_rules,
)
from clinic_requests.domain.rules import Breach, RuleBroken, check
from clinic_requests.domain.withdrawal_rules import PortalUserMayWithdrawRequest
from tests.requests.clinic_world import new_clinic_world
from tests.requests.unit.request_builders import pending

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
WORLD = new_clinic_world()


def refusal(*rules) -> RuleBroken | None:
    try:
        check(*rules)
    except RuleBroken as broken:
        return broken
    return None


def test_a_scheduler_of_the_cases_location_may_decide() -> None:
    assert refusal(*scheduler_rules(WORLD.scheduler, [WORLD.case])) is None


def test_a_scheduler_of_all_locations_may_decide() -> None:
    everywhere = WORLD.branch_scheduler.model_copy(update={"all_locations": True})
    assert refusal(*scheduler_rules(everywhere, [WORLD.case])) is None


@pytest.mark.parametrize(
    "staff",
    [
        WORLD.scheduler.model_copy(update={"permissions": (StaffPermission.ADMIN,)}),
        WORLD.scheduler.model_copy(update={"active": False}),
    ],
    ids=["admin-only", "inactive"],
)
def test_only_an_active_scheduler_may_decide(staff) -> None:
    broken = refusal(*scheduler_rules(staff, [WORLD.case]))
    assert (broken.code, broken.breach) == ("staff-may-not-schedule", Breach.FORBIDDEN)


def test_a_scheduler_of_another_location_may_not_see_the_patient() -> None:
    broken = refusal(*scheduler_rules(WORLD.branch_scheduler, [WORLD.case]))
    assert (broken.code, broken.breach) == ("patient-not-visible-to-staff", Breach.FORBIDDEN)


def test_a_scheduler_of_another_clinic_may_not_see_the_patient() -> None:
    elsewhere = new_clinic_world().scheduler.model_copy(update={"all_locations": True})
    assert refusal(*scheduler_rules(elsewhere, [WORLD.case])).code == "patient-not-visible-to-staff"


def test_which_patients_a_scheduler_sees() -> None:
    patient, case, _ = WORLD.another_patient()
    at_branch = case.model_copy(update={"location_id": WORLD.branch.location_id})
    assert patients_seen_by(WORLD.scheduler, [WORLD.case, at_branch]) == {WORLD.patient.patient_id}
    assert patients_seen_by(WORLD.branch_scheduler, [WORLD.case, at_branch]) == {patient.patient_id}
    # One case at the scheduler's location is enough, discharged or not.
    second_case = WORLD.case.model_copy(update={"case_id": uuid.uuid4(), "location_id": WORLD.branch.location_id})
    assert WORLD.patient.patient_id in patients_seen_by(WORLD.branch_scheduler, [WORLD.case, second_case])


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decline_needs_a_reason(reason: str) -> None:
    assert refusal(DeclineMustGiveAReason(reason)).code == "decline-reason-required"
    assert refusal(DeclineMustGiveAReason("Therapist on leave")) is None


def test_an_edit_needs_an_active_therapist_who_works_at_the_location() -> None:
    works_at_branch = TherapistMustWorkAtLocation(WORLD.therapist, WORLD.branch)
    assert refusal(TherapistMustBeActive(WORLD.therapist), works_at_branch) is None
    inactive = WORLD.therapist.model_copy(update={"active": False})
    assert refusal(TherapistMustBeActive(inactive)).code == "therapist-inactive"
    assert refusal(TherapistMustWorkAtLocation(WORLD.colleague, WORLD.location)).code == "therapist-not-at-location"


def test_an_edit_cannot_move_a_request_into_the_past() -> None:
    assert refusal(StartMustBeInTheFuture(NOW + timedelta(minutes=1), NOW)) is None
    assert refusal(StartMustBeInTheFuture(NOW, NOW)).code == "start-in-the-past"


def test_the_portal_user_who_asked_may_withdraw() -> None:
    request = pending()
    asker = WORLD.portal_user.model_copy(update={"portal_user_id": request.portal_user_id, "patient_ids": ()})
    assert refusal(PortalUserMayWithdrawRequest(asker, request)) is None


def test_another_caregiver_of_the_patient_may_withdraw_a_stranger_may_not() -> None:
    request = pending()
    other_parent = WORLD.portal_user.model_copy(update={"patient_ids": (request.patient_id,)})
    assert refusal(PortalUserMayWithdrawRequest(other_parent, request)) is None
    stranger = WORLD.portal_user
    broken = refusal(PortalUserMayWithdrawRequest(stranger, request))
    assert (broken.code, broken.breach) == ("request-not-yours", Breach.FORBIDDEN)
