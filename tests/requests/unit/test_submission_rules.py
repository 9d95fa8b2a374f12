"""Each rule a submission must pass, and that together they agree with the shared access rule."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_contracts.access import portal_user_may_request
from clinic_contracts.events import CaseStatus
from clinic_requests.domain.rules import Breach, BusinessRule, RuleBroken, check
from clinic_requests.domain.submission_rules import SubmissionSettings, settings_rules, submission_rules
from tests.requests.clinic_world import POLICY, new_clinic_world

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
WORLD = new_clinic_world()
GOOD_START = NOW + timedelta(days=3)


def changed(state, **changes):
    return state.model_copy(update=changes)


def settings(**replaced) -> SubmissionSettings:
    fields = {
        "clinic": WORLD.clinic,
        "portal_user": WORLD.portal_user,
        "case": WORLD.case,
        "location": WORLD.location,
        "visit_type": WORLD.visit_type,
    }
    return SubmissionSettings(**{**fields, **replaced})


def broken_code(
    submission: SubmissionSettings | None = None,
    *,
    patient_id: uuid.UUID | None = None,
    start: datetime = GOOD_START,
    open_requests: int = 0,
) -> str | None:
    rules = submission_rules(
        submission or settings(), patient_id or WORLD.patient.patient_id, start, NOW, open_requests
    )
    try:
        check(*rules)
    except RuleBroken as broken:
        assert broken.message, broken.code
        return broken.code
    return None


def test_a_request_the_settings_allow_passes() -> None:
    assert broken_code() is None


@pytest.mark.parametrize(
    ("code", "submission"),
    [
        ("appointment-requests-off", settings(clinic=changed(WORLD.clinic, appointment_requests_enabled=False))),
        ("portal-user-inactive", settings(portal_user=changed(WORLD.portal_user, active=False))),
        ("portal-user-not-linked-to-patient", settings(portal_user=changed(WORLD.portal_user, patient_ids=()))),
        ("case-not-active", settings(case=changed(WORLD.case, status=CaseStatus.DISCHARGED))),
        ("case-not-requestable", settings(case=changed(WORLD.case, allow_appointment_requests=False))),
        ("location-not-the-cases", settings(location=WORLD.branch)),
        ("location-not-requestable", settings(location=changed(WORLD.location, allow_appointment_requests=False))),
        ("visit-type-inactive", settings(visit_type=changed(WORLD.visit_type, active=False))),
        ("visit-type-not-requestable-for-case", settings(visit_type=WORLD.long_visit_type)),
        ("settings-of-another-clinic", settings(visit_type=new_clinic_world().visit_type)),
    ],
)
def test_each_settings_rule_has_its_code(code: str, submission: SubmissionSettings) -> None:
    assert broken_code(submission) == code


def test_the_case_must_be_the_patients() -> None:
    other_patient = uuid.uuid4()
    linked = WORLD.portal_user.model_copy(update={"patient_ids": (WORLD.patient.patient_id, other_patient)})
    assert broken_code(settings(portal_user=linked), patient_id=other_patient) == "case-of-another-patient"


def test_the_minimum_notice_boundary_is_inclusive() -> None:
    notice = timedelta(hours=POLICY.minimum_notice_hours)
    assert broken_code(start=NOW + notice) is None
    assert broken_code(start=NOW + notice - timedelta(seconds=1)) == "within-minimum-notice"
    assert broken_code(start=NOW - timedelta(days=1)) == "within-minimum-notice"


def test_the_booking_horizon_is_exclusive() -> None:
    horizon = timedelta(days=POLICY.booking_horizon_days)
    assert broken_code(start=NOW + horizon - timedelta(seconds=1)) is None
    assert broken_code(start=NOW + horizon) == "beyond-booking-horizon"


def test_a_case_at_its_cap_takes_no_more_and_that_is_a_conflict() -> None:
    cap = POLICY.max_pending_requests_per_case
    assert broken_code(open_requests=cap - 1) is None
    assert broken_code(open_requests=cap) == "too-many-pending-requests"
    rules = submission_rules(settings(), WORLD.patient.patient_id, GOOD_START, NOW, cap)
    with pytest.raises(RuleBroken) as broken:
        check(*rules)
    assert broken.value.breach is Breach.CONFLICT


def test_every_rule_has_a_code_of_its_own() -> None:
    import clinic_requests.domain.appointment_request
    import clinic_requests.domain.review_rules
    import clinic_requests.domain.withdrawal_rules  # noqa: F401

    rules = BusinessRule.__subclasses__()
    codes = [rule.code for rule in rules]
    assert len(rules) >= 20
    assert len(set(codes)) == len(codes), sorted(codes)


def _variant(draw_flags: dict[str, bool]) -> tuple[SubmissionSettings, uuid.UUID]:
    """A settings combination with some gates closed; the requested patient is the case's."""
    other_clinic = new_clinic_world()
    clinic = WORLD.clinic.model_copy(update={"appointment_requests_enabled": draw_flags["enabled"]})
    portal_user = WORLD.portal_user.model_copy(
        update={
            "active": draw_flags["user_active"],
            "patient_ids": (WORLD.patient.patient_id,) if draw_flags["linked"] else (),
            "clinic_id": WORLD.clinic_id if draw_flags["user_in_clinic"] else other_clinic.clinic_id,
        }
    )
    case = WORLD.case.model_copy(
        update={
            "status": CaseStatus.ACTIVE if draw_flags["case_active"] else CaseStatus.DISCHARGED,
            "allow_appointment_requests": draw_flags["case_allows"],
        }
    )
    location = (WORLD.location if draw_flags["case_location"] else WORLD.branch).model_copy(
        update={"allow_appointment_requests": draw_flags["location_allows"]}
    )
    visit_type = (WORLD.visit_type if draw_flags["visit_type_allowed"] else WORLD.long_visit_type).model_copy(
        update={"active": draw_flags["visit_type_active"]}
    )
    return (
        SubmissionSettings(clinic=clinic, portal_user=portal_user, case=case, location=location, visit_type=visit_type),
        WORLD.patient.patient_id,
    )


FLAGS = (
    "enabled",
    "user_active",
    "linked",
    "user_in_clinic",
    "case_active",
    "case_allows",
    "case_location",
    "location_allows",
    "visit_type_allowed",
    "visit_type_active",
)


@given(st.fixed_dictionaries({flag: st.booleans() for flag in FLAGS}))
def test_the_settings_rules_admit_exactly_what_the_shared_access_rule_admits(flags: dict[str, bool]) -> None:
    submission, patient_id = _variant(flags)
    ours = not any(rule.is_broken() for rule in settings_rules(submission, patient_id))
    shared = portal_user_may_request(
        submission.portal_user, submission.clinic, submission.location, submission.case, submission.visit_type
    )
    assert ours == shared
    assert ours == all(flags.values())
