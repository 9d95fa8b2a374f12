"""The waitlist's rules: which freed time fits an entry's windows (in the location's local time),
who is next in line by the clinic's order, and an offer made from the waitlist in the request's
state machine."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from clinic_contracts.events import CounterOfferHeld, RequestCounterOffered, WaitlistOrder
from clinic_requests.domain.appointment_request import FREED_TIME_NOT_HELD, AppointmentRequest, RequestStatus
from clinic_requests.domain.waitlist import (
    THE_WAITLIST,
    EntryStatus,
    FreedTime,
    PartOfDay,
    WaitlistEntry,
    Windows,
    WindowsMustBeAFutureRange,
    in_line,
)
from tests.requests.unit.request_builders import LOCATION, NOW, PORTAL_USER, TAKEN, THERAPIST, VISIT_TYPE, visit

CHICAGO = ZoneInfo("America/Chicago")
# Tuesday 5 May 2026, 09:00 in Chicago (14:00 UTC): a weekday morning.
TUESDAY_MORNING = datetime(2026, 5, 5, 14, tzinfo=UTC)
LENGTH = timedelta(minutes=45)


def entry(joined_minutes: int = 0, priority: int = 0, **windows) -> WaitlistEntry:
    return WaitlistEntry(
        entry_id=uuid.uuid4(),
        clinic_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        patient_id=uuid.uuid4(),
        portal_user_id=PORTAL_USER,
        visit_type_id=VISIT_TYPE,
        location_id=LOCATION,
        therapist_id=THERAPIST,
        windows=Windows(
            weekdays=windows.get("weekdays", frozenset({1, 2, 3, 4, 5})),
            parts_of_day=windows.get("parts", frozenset({PartOfDay.MORNING})),
            first_day=date(2026, 5, 1),
            last_day=windows.get("last_day", date(2026, 5, 31)),
        ),
        joined_at=NOW + timedelta(minutes=joined_minutes),
        priority=priority,
    )


def freed(start: datetime = TUESDAY_MORNING, minutes: int = 45, **where) -> FreedTime:
    return FreedTime(
        uuid.uuid4(),
        where.get("therapist_id", THERAPIST),
        where.get("location_id", LOCATION),
        start,
        start + timedelta(minutes=minutes),
    )


def test_a_freed_time_fits_by_the_locations_wall_clock_the_therapist_and_its_length() -> None:
    waiting = entry()
    assert waiting.fits(freed(), CHICAGO, LENGTH)
    # 14:00 UTC is a morning in Chicago, an afternoon in London.
    assert not waiting.fits(freed(), ZoneInfo("Europe/London"), LENGTH)
    assert not waiting.fits(freed(TUESDAY_MORNING + timedelta(days=4)), CHICAGO, LENGTH)  # Saturday
    assert not waiting.fits(freed(minutes=30), CHICAGO, LENGTH)
    assert not waiting.fits(freed(therapist_id=uuid.uuid4()), CHICAGO, LENGTH)
    assert not waiting.fits(freed(location_id=uuid.uuid4()), CHICAGO, LENGTH)
    assert waiting.fits(freed(location_id=None), CHICAGO, LENGTH)  # a block kept at no location
    assert not waiting.fits(freed(TUESDAY_MORNING + timedelta(days=28)), CHICAGO, LENGTH)  # after its last day
    assert not waiting.left(NOW).fits(freed(), CHICAGO, LENGTH)


def test_first_come_goes_by_joining_and_priority_by_the_schedulers_number_first() -> None:
    early, middle, late = entry(0), entry(5, priority=1), entry(10, priority=7)
    assert in_line([late, early, middle], WaitlistOrder.FIRST_COME) == [early, middle, late]
    assert in_line([early, middle, late], WaitlistOrder.PRIORITY) == [late, middle, early]


def test_the_dates_must_run_forward_end_today_or_later_and_not_too_far() -> None:
    today = date(2026, 5, 1)
    windows = entry().windows
    assert not WindowsMustBeAFutureRange(windows, today).is_broken()
    assert WindowsMustBeAFutureRange(windows, date(2026, 6, 1)).is_broken()
    assert WindowsMustBeAFutureRange(windows, today - timedelta(days=400)).is_broken()


def offer(waiting: WaitlistEntry) -> tuple[AppointmentRequest, uuid.UUID]:
    hold_id = uuid.uuid4()
    request = AppointmentRequest.offer_from_waitlist(
        request_id=uuid.uuid4(),
        entry=waiting,
        visit=visit(TUESDAY_MORNING),
        hold_id=hold_id,
        holds_slot=True,
        answer_within=timedelta(hours=2),
        now=NOW,
    )
    return request, hold_id


def test_an_offer_from_the_waitlist_asks_availability_to_hold_its_one_time_and_tells_the_family_once_held() -> None:
    waiting = entry()
    request, hold_id = offer(waiting)
    assert request.status is RequestStatus.OFFERING and request.waitlist_entry_id == waiting.entry_id
    assert request.counter_offer.answer_by == NOW + timedelta(hours=2)
    [asked] = request.pull_events()
    assert isinstance(asked, RequestCounterOffered) and asked.offered_by == THE_WAITLIST
    assert [time.hold_id for time in asked.offered_times] == [hold_id]
    assert asked.previous_hold_id == request.hold_id != hold_id

    assert request.hold_placed(hold_id, NOW)
    assert request.status is RequestStatus.OFFERED
    [held] = request.pull_events()
    assert isinstance(held, CounterOfferHeld) and held.waitlist_entry_id == waiting.entry_id


def test_an_offer_whose_time_cannot_be_held_ends_at_once() -> None:
    request, hold_id = offer(entry())
    request.pull_events()
    assert request.hold_refused(hold_id, TAKEN, NOW)
    assert request.status is RequestStatus.EXPIRED
    assert request.expiry.code == FREED_TIME_NOT_HELD
    assert request.pull_events() == []


def test_an_entry_ends_fulfilled_or_left() -> None:
    waiting = entry()
    assert waiting.fulfilled(NOW).status is EntryStatus.FULFILLED
    assert waiting.left(NOW).status is EntryStatus.LEFT
