import uuid
from datetime import timedelta

from availability_builders import policy, utc

from clinic_availability.domain import CalendarItem, ItemKind, Placement
from clinic_availability.domain.placements import SCHEDULER_HORIZON

REQUEST = uuid.uuid4()


def item(kind: ItemKind, *, blocking: bool = True, request_id: uuid.UUID | None = None) -> CalendarItem:
    return CalendarItem(
        item_id=uuid.uuid4(),
        clinic_id=uuid.uuid4(),
        kind=kind,
        therapist_id=uuid.uuid4(),
        start=utc(2026, 5, 4, 14),
        end=utc(2026, 5, 4, 15),
        blocking=blocking,
        request_id=request_id,
    )


def test_appointments_and_blocks_stop_everyone():
    for placement in Placement:
        assert placement.is_busy(item(ItemKind.APPOINTMENT))
        assert placement.is_busy(item(ItemKind.BLOCK))


def test_blocking_holds_stop_other_requests_but_never_a_schedulers_appointment():
    hold = item(ItemKind.HOLD, request_id=uuid.uuid4())
    assert Placement.REQUESTED_HOLD.is_busy(hold, REQUEST)
    assert Placement.EDITED_HOLD.is_busy(hold, REQUEST)
    assert not Placement.APPOINTMENT.is_busy(hold, REQUEST)


def test_non_blocking_holds_and_a_requests_own_holds_stop_nothing():
    for placement in Placement:
        assert not placement.is_busy(item(ItemKind.HOLD, blocking=False, request_id=uuid.uuid4()), REQUEST)
        assert not placement.is_busy(item(ItemKind.HOLD, request_id=REQUEST), REQUEST)


def test_only_portal_users_keep_to_the_clinics_notice_and_horizon():
    clinic = policy(notice=timedelta(hours=24), horizon=timedelta(days=60), interval=timedelta(minutes=15))
    assert Placement.REQUESTED_HOLD.policy(clinic) == clinic
    for placement in (Placement.EDITED_HOLD, Placement.APPOINTMENT):
        scheduler = placement.policy(clinic)
        assert scheduler.minimum_notice == timedelta(0)
        assert scheduler.booking_horizon == SCHEDULER_HORIZON
        assert scheduler.slot_interval == clinic.slot_interval
    assert [p for p in Placement if p.by_portal_user] == [Placement.REQUESTED_HOLD]
