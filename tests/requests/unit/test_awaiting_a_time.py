"""A request for preferred times in the request's state machine: awaiting a time (nothing held),
a scheduler's chosen time held then approved, a refused one, a counter-offer from it, the endings
and the expiry sweep."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_contracts.events import RequestApprovalStarted, RequestAwaitingTime, RequestCounterOffered, RequestEdited
from clinic_requests.domain.appointment_request import (
    EXPIRABLE_STATUSES,
    OPEN_STATUSES,
    PREFERRED_TIMES_PASSED,
    AppointmentRequest,
    RequestStatus,
    TransitionRefused,
)
from clinic_requests.domain.counter_offer import OfferOutcome
from clinic_requests.domain.rules import RuleBroken
from tests.examples import mornings
from tests.requests.unit.request_builders import EXPIRY, NOW, PORTAL_USER, STAFF, TAKEN, ask, visit

BERLIN = ZoneInfo("Europe/Berlin")
WINDOWS = mornings(date(2026, 5, 4), date(2026, 5, 24))
# Tuesday 2026-05-05 08:00 in Berlin (summer time).
TUESDAY_MORNING = datetime(2026, 5, 5, 6, 0, tzinfo=UTC)
WEDNESDAY_MORNING = datetime(2026, 5, 6, 6, 0, tzinfo=UTC)
PATIENT, CASE = uuid.uuid4(), uuid.uuid4()


def awaiting_time() -> AppointmentRequest:
    spanning = visit(WINDOWS.first_moment(BERLIN))
    spanning = type(spanning)(**{**vars(spanning), "end": WINDOWS.last_moment(BERLIN)})
    request = AppointmentRequest.ask_for_preferred_times(
        ask(spanning, "Tuesday or Thursday mornings", PATIENT, CASE), preferred_times=WINDOWS, now=NOW
    )
    return request


def time_chosen(start: datetime = TUESDAY_MORNING) -> tuple[AppointmentRequest, uuid.UUID]:
    request = awaiting_time()
    request.pull_events()
    hold_id = uuid.uuid4()
    request.choose_time(STAFF, visit(start), BERLIN, hold_id=hold_id, holds_slot=True, now=NOW)
    return request, hold_id


def test_preferred_times_are_stored_awaiting_a_time_holding_nothing_and_counted_as_open() -> None:
    request = awaiting_time()
    assert request.status is RequestStatus.AWAITING_TIME
    assert request.status in OPEN_STATUSES and request.status in EXPIRABLE_STATUSES
    assert not request.awaits_availability
    (event,) = request.pull_events()
    assert isinstance(event, RequestAwaitingTime)
    assert event.preferred_times == WINDOWS
    assert request.new_history[0].action == "preferred times asked"


def test_a_time_inside_the_windows_is_held_as_an_edit_then_approved_by_the_scheduler_who_chose_it() -> None:
    request, hold_id = time_chosen()
    (edited,) = request.pull_events()
    assert isinstance(edited, RequestEdited)
    assert (edited.hold_id, edited.previous_hold_id) == (hold_id, request.hold_id)
    # Availability has no previous hold to take the patient and case from.
    assert (edited.patient_id, edited.case_id) == (PATIENT, CASE)
    assert request.awaits_availability and request.status is RequestStatus.AWAITING_TIME

    assert request.hold_placed(hold_id, NOW)
    assert request.status is RequestStatus.APPROVING
    assert (request.visit.start, request.hold_id) == (TUESDAY_MORNING, hold_id)
    (approval,) = request.pull_events()
    assert isinstance(approval, RequestApprovalStarted)
    assert (approval.approved_by, approval.hold_id, approval.start) == (STAFF, hold_id, TUESDAY_MORNING)
    assert request.appointment_booked(uuid.uuid4(), NOW)
    assert request.status is RequestStatus.APPROVED


def test_a_time_outside_the_windows_is_refused_by_its_rule() -> None:
    request = awaiting_time()
    with pytest.raises(RuleBroken) as refused:
        request.choose_time(STAFF, visit(WEDNESDAY_MORNING), BERLIN, hold_id=uuid.uuid4(), holds_slot=True, now=NOW)
    assert refused.value.code == "time-outside-preferred-times"


def test_a_chosen_time_the_calendar_refuses_leaves_it_awaiting_a_time_with_the_reason() -> None:
    request, hold_id = time_chosen()
    assert request.hold_refused(hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.AWAITING_TIME
    assert request.edit_refusal == TAKEN and request.proposed_edit is None


def test_only_a_request_awaiting_a_time_is_given_one_and_not_twice_at_once() -> None:
    request, _ = time_chosen()
    with pytest.raises(TransitionRefused) as refused:
        request.choose_time(STAFF, visit(TUESDAY_MORNING), BERLIN, hold_id=uuid.uuid4(), holds_slot=True, now=NOW)
    assert refused.value.code == "edit-in-progress"
    approving, hold_id = time_chosen()
    approving.hold_placed(hold_id, NOW)
    with pytest.raises(TransitionRefused) as refused:
        approving.choose_time(STAFF, visit(TUESDAY_MORNING), BERLIN, hold_id=uuid.uuid4(), holds_slot=True, now=NOW)
    assert refused.value.code == "request-not-awaiting-time"


def offered_wednesday_morning(request: AppointmentRequest) -> tuple[uuid.UUID]:
    """A scheduler offers one other time; the hold it is asked under."""
    hold_ids = (uuid.uuid4(),)
    request.offer_other_times(
        STAFF,
        (visit(WEDNESDAY_MORNING),),
        hold_ids=hold_ids,
        holds_slot=True,
        answer_within=timedelta(hours=48),
        now=NOW,
    )
    return hold_ids


def test_a_counter_offer_from_it_returns_to_awaiting_a_time_when_none_is_held() -> None:
    request = awaiting_time()
    request.pull_events()
    hold_ids = offered_wednesday_morning(request)
    assert request.status is RequestStatus.OFFERING
    (offered,) = request.pull_events()
    assert isinstance(offered, RequestCounterOffered) and offered.patient_id == PATIENT
    assert request.hold_refused(hold_ids[0], TAKEN, NOW)
    assert request.status is RequestStatus.AWAITING_TIME
    assert request.counter_offer.outcome is OfferOutcome.NONE_HELD


def test_a_counter_offer_from_it_is_accepted_as_any_other() -> None:
    request = awaiting_time()
    hold_ids = offered_wednesday_morning(request)
    assert request.hold_placed(hold_ids[0], NOW)
    assert request.status is RequestStatus.OFFERED
    assert request.accept_offered_time(PORTAL_USER, hold_ids[0], NOW)
    assert request.status is RequestStatus.APPROVING and request.visit.start == WEDNESDAY_MORNING


def test_it_is_declined_with_a_reason_or_withdrawn() -> None:
    declined = awaiting_time()
    assert declined.decline(STAFF, "No mornings free this month.", NOW)
    assert declined.status is RequestStatus.DECLINED
    withdrawn = awaiting_time()
    assert withdrawn.cancel(PORTAL_USER, NOW)
    assert withdrawn.status is RequestStatus.CANCELLED


def test_it_cannot_be_approved_without_a_time() -> None:
    with pytest.raises(TransitionRefused) as refused:
        awaiting_time().approve(STAFF, NOW)
    assert refused.value.code == "request-not-pending"


def test_it_expires_unreviewed_or_once_its_last_date_has_passed_not_when_its_first_begins() -> None:
    request = awaiting_time()
    short_expiry = timedelta(days=30)
    first_day = WINDOWS.first_moment(BERLIN) + timedelta(hours=1)
    assert not request.is_overdue(first_day, short_expiry)
    after = WINDOWS.last_moment(BERLIN)
    assert request.expire(after, short_expiry)
    assert request.status is RequestStatus.EXPIRED and request.expiry.code == PREFERRED_TIMES_PASSED
    unreviewed = awaiting_time()
    assert unreviewed.expire(NOW + EXPIRY, EXPIRY)
    assert unreviewed.expiry.code == "not-reviewed-in-time"


def test_while_its_chosen_time_is_being_held_it_neither_expires_nor_ends() -> None:
    request, _ = time_chosen()
    assert not request.is_overdue(NOW + EXPIRY, EXPIRY)
    with pytest.raises(TransitionRefused):
        request.decline(STAFF, "No.", NOW)
