"""The appointment request's state machine: every transition, its events and its history."""

import uuid
from datetime import timedelta

import pytest

from clinic_contracts import events as wire
from clinic_requests.domain.appointment_request import (
    Actor,
    ActorKind,
    AppointmentRequest,
    RequestStatus,
    TransitionRefused,
)
from clinic_requests.domain.rules import RuleBroken
from tests.requests.unit.request_builders import (
    EXPIRY,
    NOW,
    PORTAL_USER,
    STAFF,
    START,
    TAKEN,
    THERAPIST,
    approving,
    pending,
    submitted,
    visit,
    with_edit_in_flight,
)


def only_event(request: AppointmentRequest):
    events = request.pull_events()
    assert len(events) == 1, events
    return events[0]


def test_a_submission_asks_availability_to_hold_its_time() -> None:
    request = submitted()
    assert request.status is RequestStatus.SUBMITTED
    event = only_event(request)
    assert isinstance(event, wire.RequestSubmitted)
    assert (event.request_id, event.hold_id, event.start, event.end) == (
        request.request_id,
        request.hold_id,
        START,
        START + timedelta(minutes=45),
    )
    assert event.holds_slot is True and event.portal_user_id == PORTAL_USER
    [entry] = request.pull_history()
    assert (entry.from_status, entry.to_status, entry.actor.kind, entry.actor.id) == (
        None,
        RequestStatus.SUBMITTED,
        ActorKind.PORTAL_USER,
        PORTAL_USER,
    )


def test_the_hold_placed_makes_it_pending() -> None:
    request = submitted()
    request.pull_events()
    assert request.hold_placed(request.hold_id, NOW)
    assert request.status is RequestStatus.PENDING
    event = only_event(request)
    # What a notice to the portal user needs, without following the holds.
    assert isinstance(event, wire.RequestPending)
    assert (event.request_id, event.portal_user_id, event.start, event.end) == (
        request.request_id,
        PORTAL_USER,
        request.visit.start,
        request.visit.end,
    )
    [_, entry] = request.pull_history()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor.kind) == (
        "hold placed",
        RequestStatus.SUBMITTED,
        RequestStatus.PENDING,
        ActorKind.AVAILABILITY,
    )


def test_a_hold_refused_at_submission_refuses_the_request_and_says_why() -> None:
    request = submitted()
    request.pull_events()
    assert request.hold_refused(request.hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.REFUSED
    assert request.refusal == TAKEN
    event = only_event(request)
    assert isinstance(event, wire.RequestRefused)
    assert (event.reason_code, event.reason, event.portal_user_id) == (TAKEN.code, TAKEN.text, PORTAL_USER)


def test_answers_about_another_hold_change_nothing() -> None:
    request = submitted()
    request.pull_events(), request.pull_history()
    assert not request.hold_placed(uuid.uuid4(), NOW)
    assert not request.hold_refused(uuid.uuid4(), TAKEN, NOW)
    assert request.status is RequestStatus.SUBMITTED
    assert request.pull_events() == [] and request.pull_history() == []


def test_a_repeated_hold_placed_changes_nothing() -> None:
    request = pending()
    assert not request.hold_placed(request.hold_id, NOW)
    assert not request.hold_refused(request.hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.PENDING
    assert request.pull_history() == []


def test_approval_starts_a_booking_then_the_booking_approves() -> None:
    request = pending()
    assert request.approve(STAFF, NOW)
    assert request.status is RequestStatus.APPROVING
    started = only_event(request)
    assert isinstance(started, wire.RequestApprovalStarted)
    assert (started.hold_id, started.approved_by, started.start) == (request.hold_id, STAFF, START)

    appointment_id = uuid.uuid4()
    assert request.appointment_booked(appointment_id, NOW)
    assert request.status is RequestStatus.APPROVED
    assert request.appointment_id == appointment_id
    approved = only_event(request)
    assert isinstance(approved, wire.RequestApproved)
    assert (approved.appointment_id, approved.therapist_id, approved.end) == (
        appointment_id,
        THERAPIST,
        START + timedelta(minutes=45),
    )


def test_a_second_approve_changes_nothing() -> None:
    request = approving()
    assert not request.approve(STAFF, NOW)
    assert request.pull_events() == [] and request.pull_history() == []
    request.appointment_booked(uuid.uuid4(), NOW)
    request.pull_events()
    assert not request.approve(STAFF, NOW)
    assert request.status is RequestStatus.APPROVED and request.pull_events() == []


def test_a_refused_booking_leaves_it_pending_and_conflicting() -> None:
    request = approving()
    assert request.booking_refused(request.hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.PENDING
    assert request.conflict == TAKEN
    assert request.pull_events() == []
    # It may be approved again, e.g. once the conflict is resolved.
    assert request.approve(STAFF, NOW)


def test_a_booking_answer_for_a_request_not_being_approved_changes_nothing() -> None:
    request = pending()
    assert not request.appointment_booked(uuid.uuid4(), NOW)
    assert not request.booking_refused(request.hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.PENDING and request.conflict is None


def test_being_overbooked_marks_it_conflicting_and_leaves_it_pending() -> None:
    request = pending()
    appointment_id = uuid.uuid4()
    assert request.overbooked(request.hold_id, appointment_id, NOW)
    assert request.status is RequestStatus.PENDING
    assert request.conflict is not None and request.conflict.code == "overbooked"
    assert str(appointment_id) in request.conflict.text
    assert not request.overbooked(uuid.uuid4(), appointment_id, NOW)


def test_an_edit_waits_for_its_new_hold_then_applies() -> None:
    request = pending()
    request.conflict = TAKEN
    old_hold = request.hold_id
    new_visit = visit(START + timedelta(days=1), minutes=60, visit_type_id=uuid.uuid4(), location_id=uuid.uuid4())
    new_hold = uuid.uuid4()
    request.propose_edit(STAFF, new_visit, hold_id=new_hold, holds_slot=False, now=NOW)
    edited = only_event(request)
    assert isinstance(edited, wire.RequestEdited)
    assert (edited.hold_id, edited.previous_hold_id, edited.start, edited.holds_slot) == (
        new_hold,
        old_hold,
        new_visit.start,
        False,
    )
    assert request.visit == visit()  # unchanged until availability holds the new time
    assert request.awaits_availability

    assert not request.hold_placed(old_hold, NOW)
    assert request.hold_placed(new_hold, NOW)
    assert (request.visit, request.hold_id, request.holds_slot) == (new_visit, new_hold, False)
    assert request.proposed_edit is None and request.conflict is None
    assert request.status is RequestStatus.PENDING
    actions = [entry.action for entry in request.pull_history()]
    assert actions == ["edit proposed", "edit applied"]
    applied = only_event(request)
    assert isinstance(applied, wire.RequestEditApplied)
    assert (applied.start, applied.previous_start, applied.edited_by, applied.portal_user_id) == (
        new_visit.start,
        visit().start,
        STAFF,
        PORTAL_USER,
    )


def test_a_refused_edit_keeps_the_old_time_and_says_why() -> None:
    request = with_edit_in_flight()
    new_hold = request.proposed_edit.hold_id
    assert request.hold_refused(new_hold, TAKEN, NOW)
    assert request.visit == visit()
    assert request.proposed_edit is None
    assert request.edit_refusal == TAKEN
    assert request.status is RequestStatus.PENDING
    refused = only_event(request)
    assert isinstance(refused, wire.RequestEditRefused)
    assert (refused.reason_code, refused.edited_by) == (TAKEN.code, STAFF)


def test_an_edit_must_change_something() -> None:
    request = pending()
    with pytest.raises(RuleBroken) as broken:
        request.propose_edit(STAFF, visit(), hold_id=uuid.uuid4(), holds_slot=True, now=NOW)
    assert broken.value.code == "nothing-to-change"


# Each decision a request can be asked for, for the tests of when none may be taken.
EVERY_DECISION = pytest.mark.parametrize(
    "act",
    [
        lambda request: request.approve(STAFF, NOW),
        lambda request: request.decline(STAFF, "No", NOW),
        lambda request: request.cancel(PORTAL_USER, NOW),
        lambda request: request.propose_edit(
            STAFF, visit(START + timedelta(hours=3)), hold_id=uuid.uuid4(), holds_slot=True, now=NOW
        ),
    ],
    ids=["approve", "decline", "cancel", "edit"],
)


@EVERY_DECISION
def test_nothing_else_happens_while_an_edit_waits_for_its_hold(act) -> None:
    request = with_edit_in_flight()
    with pytest.raises(TransitionRefused) as refused:
        act(request)
    assert refused.value.code == "edit-in-progress"
    assert request.pull_events() == []


def test_decline_records_the_reason_and_who() -> None:
    request = pending()
    assert request.decline(STAFF, "The therapist is away that week", NOW)
    assert request.status is RequestStatus.DECLINED
    assert request.decline_reason == "The therapist is away that week"
    event = only_event(request)
    assert isinstance(event, wire.RequestDeclined)
    assert (event.hold_id, event.declined_by, event.reason) == (request.hold_id, STAFF, request.decline_reason)
    [entry] = request.pull_history()
    assert (entry.actor.id, entry.detail) == (STAFF, "The therapist is away that week")
    assert not request.decline(STAFF, "Again", NOW)
    assert request.decline_reason == "The therapist is away that week"


@pytest.mark.parametrize("make", [submitted, pending], ids=["submitted", "pending"])
def test_the_portal_user_may_cancel_while_it_waits(make) -> None:
    request = make()
    request.pull_events()
    assert request.cancel(PORTAL_USER, NOW)
    assert request.status is RequestStatus.CANCELLED
    event = only_event(request)
    assert isinstance(event, wire.RequestCancelled) and event.hold_id == request.hold_id
    assert not request.cancel(PORTAL_USER, NOW)
    assert request.pull_events() == []


def test_approve_and_cancel_exclude_each_other() -> None:
    request = approving()
    with pytest.raises(TransitionRefused) as refused:
        request.cancel(PORTAL_USER, NOW)
    assert (refused.value.code, refused.value.request_status) == ("request-not-pending", RequestStatus.APPROVING)

    request = pending()
    request.cancel(PORTAL_USER, NOW)
    with pytest.raises(TransitionRefused) as refused:
        request.approve(STAFF, NOW)
    assert (refused.value.code, refused.value.request_status) == ("request-not-pending", RequestStatus.CANCELLED)


@EVERY_DECISION
def test_an_ended_request_takes_no_further_decision(act) -> None:
    request = pending()
    request.expire(START, EXPIRY)
    request.pull_events()
    with pytest.raises(TransitionRefused) as refused:
        act(request)
    assert refused.value.request_status is RequestStatus.EXPIRED
    assert request.pull_events() == []


def test_only_a_pending_request_may_be_approved_or_edited() -> None:
    request = submitted()
    with pytest.raises(TransitionRefused):
        request.approve(STAFF, NOW)
    with pytest.raises(TransitionRefused):
        request.ensure_editable()


def test_expiry_after_the_clinics_expiry_since_submission() -> None:
    request = pending()
    assert not request.expire(NOW + EXPIRY - timedelta(seconds=1), EXPIRY)
    assert request.expire(NOW + EXPIRY, EXPIRY)
    assert request.status is RequestStatus.EXPIRED
    event = only_event(request)
    assert isinstance(event, wire.RequestExpired) and event.hold_id == request.hold_id
    [entry] = request.pull_history()
    assert entry.actor.kind is ActorKind.EXPIRY and "72 hours" in entry.detail
    assert request.expiry.code == "not-reviewed-in-time" and "72 hours" in request.expiry.text
    assert (event.reason_code, event.reason) == (request.expiry.code, request.expiry.text)


def test_expiry_when_the_start_has_come_says_so_with_its_own_reason() -> None:
    request = pending()
    request.pull_events()
    long_expiry = timedelta(days=30)
    assert not request.expire(START - timedelta(seconds=1), long_expiry)
    assert request.expire(START, long_expiry)
    [entry] = request.pull_history()
    assert "start has passed" in entry.detail and entry.detail.startswith("start-passed: ")
    assert request.expiry.code == "start-passed"
    assert only_event(request).reason_code == "start-passed"


def test_expiry_also_ends_a_request_availability_never_answered() -> None:
    request = submitted()
    request.pull_events()
    assert request.expire(NOW + EXPIRY, EXPIRY)
    assert isinstance(only_event(request), wire.RequestExpired)


def test_expiry_waits_for_availabilitys_answer_to_an_approval_or_an_edit() -> None:
    assert not approving().expire(START + timedelta(days=1), EXPIRY)
    assert not with_edit_in_flight().expire(START + timedelta(days=1), EXPIRY)


def test_expiry_leaves_ended_requests_alone() -> None:
    request = pending()
    request.decline(STAFF, "No", NOW)
    request.pull_events()
    assert not request.expire(START + timedelta(days=1), EXPIRY)
    assert request.status is RequestStatus.DECLINED and request.pull_events() == []


def approved() -> AppointmentRequest:
    request = approving()
    assert request.appointment_booked(APPOINTMENT, NOW)
    request.pull_events()
    request.pull_history()
    return request


APPOINTMENT = uuid.uuid4()


def test_the_clinic_cancelling_the_appointment_ends_the_request_saying_who_and_when() -> None:
    request = approved()
    at = NOW + timedelta(hours=1)
    assert request.appointment_cancelled(APPOINTMENT, Actor.staff(STAFF), at)
    assert request.status is RequestStatus.APPOINTMENT_CANCELLED
    assert (request.appointment_cancellation.at, request.appointment_cancellation.by) == (at, Actor.staff(STAFF))
    [entry] = request.pull_history()
    assert (entry.at, entry.actor, entry.action, entry.from_status, entry.to_status) == (
        at,
        Actor.staff(STAFF),
        "appointment cancelled",
        RequestStatus.APPROVED,
        RequestStatus.APPOINTMENT_CANCELLED,
    )
    assert not request.appointment_cancelled(APPOINTMENT, Actor.staff(STAFF), at), "a repeat changes nothing"
    assert request.pull_events() == []


def test_another_appointments_cancellation_changes_nothing() -> None:
    request = approved()
    assert not request.appointment_cancelled(uuid.uuid4(), Actor.staff(STAFF), NOW)
    assert not pending().appointment_cancelled(APPOINTMENT, Actor.staff(STAFF), NOW)
    assert request.status is RequestStatus.APPROVED


def test_the_portal_user_cancels_the_appointment_through_availability() -> None:
    request = approved()
    assert request.cancel_appointment(PORTAL_USER, NOW)
    assert request.status is RequestStatus.CANCELLING and request.awaits_availability
    event = only_event(request)
    assert isinstance(event, wire.AppointmentCancellationStarted)
    assert (event.request_id, event.appointment_id, event.portal_user_id) == (
        request.request_id,
        APPOINTMENT,
        PORTAL_USER,
    )
    assert not request.cancel_appointment(PORTAL_USER, NOW), "a repeat changes nothing"
    assert request.pull_events() == []
    assert request.appointment_cancelled(APPOINTMENT, Actor.portal_user(PORTAL_USER), NOW)
    assert request.status is RequestStatus.APPOINTMENT_CANCELLED
    assert not request.cancel_appointment(PORTAL_USER, NOW)


def test_only_an_approved_requests_appointment_can_be_cancelled() -> None:
    for request in (pending(), approving()):
        with pytest.raises(TransitionRefused) as refused:
            request.cancel_appointment(PORTAL_USER, NOW)
        assert refused.value.code == "request-not-approved"
