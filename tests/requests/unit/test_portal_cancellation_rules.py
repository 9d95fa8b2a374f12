"""When a portal user may cancel an approved appointment: as the clinic's policy says."""

from datetime import timedelta

from clinic_requests.domain.withdrawal_rules import CancellationMustComeInTime, ClinicMustLetPortalUsersCancel
from tests.requests.clinic_world import POLICY
from tests.requests.unit.request_builders import START


def test_a_policy_without_a_notice_lets_no_portal_user_cancel() -> None:
    assert POLICY.portal_cancellation_notice_hours is None
    assert POLICY.portal_cancellation_deadline(START) is None
    assert ClinicMustLetPortalUsersCancel(POLICY).is_broken()
    assert not ClinicMustLetPortalUsersCancel(
        POLICY.model_copy(update={"portal_cancellation_notice_hours": 0})
    ).is_broken()


def test_a_portal_user_may_cancel_up_to_the_notice_before_the_start() -> None:
    policy = POLICY.model_copy(update={"portal_cancellation_notice_hours": 24})
    deadline = START - timedelta(hours=24)
    assert policy.portal_cancellation_deadline(START) == deadline
    assert not CancellationMustComeInTime(policy, START, deadline).is_broken()
    late = CancellationMustComeInTime(policy, START, deadline + timedelta(seconds=1))
    assert late.is_broken() and late.code == "cancellation-too-late" and "24 hours" in late.message()
