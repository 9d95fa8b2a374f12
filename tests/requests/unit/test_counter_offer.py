"""A scheduler's counter-offer in the request's state machine: offering, availability's answer for
each offered time, the portal user's answer (accept one, decline all), expiry, and racing answers."""

import uuid
from datetime import timedelta

import pytest

from clinic_contracts.events import (
    CounterOfferAccepted,
    CounterOfferDeclined,
    CounterOfferExpired,
    CounterOfferHeld,
    RequestApprovalStarted,
    RequestCounterOffered,
)
from clinic_requests.domain.appointment_request import (
    AppointmentRequest,
    RequestedVisit,
    RequestStatus,
    TransitionRefused,
)
from clinic_requests.domain.counter_offer import OfferedTimeState, OfferOutcome
from clinic_requests.domain.rules import RuleBroken
from tests.requests.unit.request_builders import (
    EXPIRY,
    NOW,
    PORTAL_USER,
    STAFF,
    START,
    TAKEN,
    pending,
    visit,
    with_edit_in_flight,
)

ANSWER_WITHIN = timedelta(hours=48)
OTHER_TIMES = (visit(START + timedelta(days=1)), visit(START + timedelta(days=2)), visit(START + timedelta(days=3)))


def offer(request: AppointmentRequest, times: tuple[RequestedVisit, ...]) -> tuple[uuid.UUID, ...]:
    """A scheduler offers these times; the holds they are asked under, in order."""
    hold_ids = tuple(uuid.uuid4() for _ in times)
    request.offer_other_times(STAFF, times, hold_ids=hold_ids, holds_slot=True, answer_within=ANSWER_WITHIN, now=NOW)
    return hold_ids


def offering(times=OTHER_TIMES) -> tuple[AppointmentRequest, tuple[uuid.UUID, ...]]:
    request = pending()
    hold_ids = offer(request, times)
    request.pull_events()
    request.pull_history()
    return request, hold_ids


def offered(refused: int = 0) -> tuple[AppointmentRequest, tuple[uuid.UUID, ...]]:
    """Offered three times; availability refused the first `refused` of them and held the rest."""
    request, hold_ids = offering()
    for index, hold_id in enumerate(hold_ids):
        if index < refused:
            assert request.hold_refused(hold_id, TAKEN, NOW)
        else:
            assert request.hold_placed(hold_id, NOW)
    request.pull_events()
    request.pull_history()
    return request, hold_ids


def test_an_offer_asks_availability_to_hold_each_time_and_names_the_requested_hold() -> None:
    request = pending()
    requested_hold = request.hold_id
    hold_ids = offer(request, OTHER_TIMES)
    assert request.status is RequestStatus.OFFERING
    assert request.awaits_availability
    [event] = request.pull_events()
    assert isinstance(event, RequestCounterOffered)
    assert event.previous_hold_id == requested_hold
    assert [(time.hold_id, time.start) for time in event.offered_times] == [
        (hold_id, time.start) for hold_id, time in zip(hold_ids, OTHER_TIMES, strict=True)
    ]
    assert request.counter_offer.answer_by == NOW + ANSWER_WITHIN
    [entry] = request.pull_history()
    assert (entry.action, entry.from_status, entry.to_status) == (
        "other times offered",
        RequestStatus.PENDING,
        RequestStatus.OFFERING,
    )


def test_the_answer_deadline_is_never_after_the_last_offered_start() -> None:
    soon = (visit(NOW + timedelta(hours=5)),)
    request, _ = offering(soon)
    assert request.counter_offer.answer_by == NOW + timedelta(hours=5)


@pytest.mark.parametrize("count", [0, 4])
def test_an_offer_names_one_to_three_times(count: int) -> None:
    request = pending()
    times = tuple(visit(START + timedelta(days=day)) for day in range(1, count + 1))
    with pytest.raises(RuleBroken) as broken:
        offer(request, times)
    assert broken.value.code == "offer-needs-one-to-three-times"
    assert request.status is RequestStatus.PENDING


@pytest.mark.parametrize("times", [(visit(),), (OTHER_TIMES[0], OTHER_TIMES[0])])
def test_offered_times_differ_from_the_request_and_each_other(times) -> None:
    with pytest.raises(RuleBroken) as broken:
        offer(pending(), times)
    assert broken.value.code == "offered-times-must-differ"


def test_offered_times_may_not_overlap_each_other() -> None:
    times = (visit(START + timedelta(days=1)), visit(START + timedelta(days=1, minutes=30)))
    with pytest.raises(RuleBroken) as broken:
        offer(pending(), times)
    assert broken.value.code == "offered-times-overlap"
    # Overlapping the requested time is fine: it is released as the first offered time is held.
    request = pending()
    offer(request, (visit(START + timedelta(minutes=15)),))
    assert request.status is RequestStatus.OFFERING


def test_only_a_pending_request_without_an_edit_in_flight_gets_an_offer() -> None:
    with pytest.raises(TransitionRefused) as refused:
        offer(with_edit_in_flight(), OTHER_TIMES[:1])
    assert refused.value.code == "edit-in-progress"
    request, _ = offering()
    with pytest.raises(TransitionRefused) as refused:
        offer(request, OTHER_TIMES[:1])
    assert refused.value.code == "request-not-pending"


def test_the_offer_goes_out_once_availability_answered_every_time_without_the_refused_ones() -> None:
    request, hold_ids = offering()
    assert request.hold_refused(hold_ids[0], TAKEN, NOW)
    assert request.hold_placed(hold_ids[1], NOW)
    assert request.status is RequestStatus.OFFERING
    assert request.pull_events() == []
    assert request.hold_placed(hold_ids[2], NOW)
    assert request.status is RequestStatus.OFFERED
    assert not request.awaits_availability
    [event] = request.pull_events()
    assert isinstance(event, CounterOfferHeld)
    assert [time.hold_id for time in event.offered_times] == list(hold_ids[1:])
    assert event.answer_by == NOW + ANSWER_WITHIN
    refused = request.counter_offer.time(hold_ids[0])
    assert (refused.state, refused.refusal_code) == (OfferedTimeState.REFUSED, TAKEN.code)
    actions = [entry.action for entry in request.pull_history()]
    assert actions == ["offered time refused", "offered time held", "offered time held", "offer sent"]


def test_a_repeated_answer_about_an_offered_time_changes_nothing() -> None:
    request, hold_ids = offering()
    assert request.hold_placed(hold_ids[0], NOW)
    assert not request.hold_placed(hold_ids[0], NOW)
    assert not request.hold_refused(hold_ids[0], TAKEN, NOW)


def test_every_offered_time_refused_leaves_it_pending_with_its_own_time_and_marked() -> None:
    request, hold_ids = offering()
    requested = (request.visit, request.hold_id)
    for hold_id in hold_ids:
        assert request.hold_refused(hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.PENDING
    assert (request.visit, request.hold_id) == requested
    assert request.counter_offer.outcome is OfferOutcome.NONE_HELD
    assert request.pull_events() == []
    assert request.pull_history()[-1].action == "offer not held"
    # And the scheduler may decide it as any pending request.
    assert request.approve(STAFF, NOW)


def test_accepting_one_time_approves_it_and_releases_the_others() -> None:
    request, hold_ids = offered()
    assert request.accept_offered_time(PORTAL_USER, hold_ids[1], NOW)
    assert request.status is RequestStatus.APPROVING
    assert (request.visit, request.hold_id) == (OTHER_TIMES[1], hold_ids[1])
    accepted, approval = request.pull_events()
    assert isinstance(accepted, CounterOfferAccepted)
    assert (accepted.hold_id, set(accepted.released_hold_ids)) == (hold_ids[1], {hold_ids[0], hold_ids[2]})
    assert isinstance(approval, RequestApprovalStarted)
    assert (approval.hold_id, approval.start, approval.approved_by) == (hold_ids[1], OTHER_TIMES[1].start, STAFF)
    states = [time.state for time in request.counter_offer.times]
    assert states == [OfferedTimeState.RELEASED, OfferedTimeState.ACCEPTED, OfferedTimeState.RELEASED]
    assert request.appointment_booked(uuid.uuid4(), NOW)
    assert request.status is RequestStatus.APPROVED


def test_a_refused_offered_time_cannot_be_accepted() -> None:
    request, hold_ids = offered(refused=1)
    with pytest.raises(TransitionRefused) as refused:
        request.accept_offered_time(PORTAL_USER, hold_ids[0], NOW)
    assert refused.value.code == "not-an-offered-time"
    assert request.status is RequestStatus.OFFERED


def test_racing_accepts_one_wins_the_same_again_changes_nothing_another_is_refused() -> None:
    request, hold_ids = offered()
    assert request.accept_offered_time(PORTAL_USER, hold_ids[0], NOW)
    request.pull_events()
    assert not request.accept_offered_time(PORTAL_USER, hold_ids[0], NOW)
    with pytest.raises(TransitionRefused) as refused:
        request.accept_offered_time(PORTAL_USER, hold_ids[2], NOW)
    assert refused.value.code == "no-open-offer"
    assert request.hold_id == hold_ids[0]
    assert request.pull_events() == []


def test_declining_all_ends_the_request_and_releases_every_held_time() -> None:
    request, hold_ids = offered(refused=1)
    assert request.decline_offer(PORTAL_USER, NOW)
    assert request.status is RequestStatus.OFFER_DECLINED
    [event] = request.pull_events()
    assert isinstance(event, CounterOfferDeclined)
    assert set(event.released_hold_ids) == set(hold_ids[1:])
    assert not request.decline_offer(PORTAL_USER, NOW)
    with pytest.raises(TransitionRefused):
        request.accept_offered_time(PORTAL_USER, hold_ids[1], NOW)


def test_an_unanswered_offer_expires_at_its_deadline_with_its_own_reason() -> None:
    request, hold_ids = offered()
    assert not request.is_overdue(NOW + ANSWER_WITHIN - timedelta(seconds=1), EXPIRY)
    assert request.expire(NOW + ANSWER_WITHIN, EXPIRY)
    assert request.status is RequestStatus.EXPIRED
    assert request.expiry.code == "offer-not-answered-in-time"
    [event] = request.pull_events()
    assert isinstance(event, CounterOfferExpired)
    assert set(event.released_hold_ids) == set(hold_ids)
    assert request.counter_offer.outcome is OfferOutcome.EXPIRED


def test_accept_and_expiry_race_to_one_outcome() -> None:
    accepted_first, hold_ids = offered()
    assert accepted_first.accept_offered_time(PORTAL_USER, hold_ids[0], NOW)
    assert not accepted_first.expire(NOW + ANSWER_WITHIN, EXPIRY)
    assert accepted_first.status is RequestStatus.APPROVING

    expired_first, hold_ids = offered()
    assert expired_first.expire(NOW + ANSWER_WITHIN, EXPIRY)
    with pytest.raises(TransitionRefused) as refused:
        expired_first.accept_offered_time(PORTAL_USER, hold_ids[0], NOW + ANSWER_WITHIN)
    assert refused.value.code == "no-open-offer"


def test_while_offering_the_request_neither_expires_nor_takes_decisions() -> None:
    request, _ = offering()
    assert not request.expire(NOW + timedelta(days=30), EXPIRY)
    for act in (
        lambda: request.approve(STAFF, NOW),
        lambda: request.decline(STAFF, "no", NOW),
        lambda: request.cancel(PORTAL_USER, NOW),
        lambda: request.decline_offer(PORTAL_USER, NOW),
    ):
        with pytest.raises(TransitionRefused):
            act()
