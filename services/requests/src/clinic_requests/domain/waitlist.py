"""A case's waitlist: who wants an earlier time, when it would suit them, and in which order a
time freed in the calendar is offered.

A portal user (or a scheduler on their behalf) joins with windows: weekdays × parts of the day,
in the location's local time, within a date range, with the case's therapist unless they name
another. A freed time that fits an entry's windows is offered to the first entry in line (the
clinic's `waitlist_order`: first come, or a scheduler's priority then first come) as a request
made for that offer (`AppointmentRequest.offer_from_waitlist`): held for a short while, accepted
or declined like a scheduler's counter-offer, and once it lapses or is declined the same time
goes to the next entry in line. An accepted offer takes the entry off the waitlist.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from clinic_contracts.events import WaitlistOrder

# The one definition of a part of the day and of a window's weekdays (preferred-time requests use it too).
from clinic_contracts.preferred_times import PartOfDay, PreferredTimes, Weekday
from clinic_requests.domain.rules import Breach, rule

# Who offers a freed time: nobody in particular, the clinic's waitlist. Named as the offer's
# `offered_by` (and so as who approved an accepted offer's appointment).
THE_WAITLIST = uuid.UUID("00000000-0000-0000-0000-00000000a17e")

# How far ahead one may wait: beyond it, ask for a time instead.
LONGEST_WAIT = timedelta(days=180)


class EntryStatus(StrEnum):
    WAITING = "waiting"
    FULFILLED = "fulfilled"  # an offered time was accepted
    LEFT = "left"  # the portal user or a scheduler took it off the waitlist


@dataclass(frozen=True)
class Windows:
    """When a visit would suit: ISO weekdays (1 is Monday) × parts of the day, between two local
    dates (both included). Whether a time lies inside is the preferred times' one rule."""

    weekdays: frozenset[int]
    parts_of_day: frozenset[PartOfDay]
    first_day: date
    last_day: date

    def as_preferred_times(self) -> PreferredTimes:
        return PreferredTimes(
            weekdays=tuple(list(Weekday)[day - 1] for day in sorted(self.weekdays)),
            parts_of_day=tuple(sorted(self.parts_of_day, key=list(PartOfDay).index)),
            date_from=self.first_day,
            date_to=self.last_day,
        )

    def admit(self, start: datetime, zone: ZoneInfo) -> bool:
        return self.as_preferred_times().admits(start, zone)


@dataclass(frozen=True)
class FreedTime:
    """A therapist's time the calendar freed (an appointment cancelled, a hold released, a block
    removed). `location_id` is None for a block kept at no location."""

    clinic_id: uuid.UUID
    therapist_id: uuid.UUID
    location_id: uuid.UUID | None
    start: datetime
    end: datetime


@dataclass(frozen=True, kw_only=True)
class WaitlistEntry:
    entry_id: uuid.UUID
    clinic_id: uuid.UUID
    case_id: uuid.UUID
    patient_id: uuid.UUID
    # Who is offered the time (a scheduler joining on a family's behalf names them).
    portal_user_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    windows: Windows
    joined_at: datetime
    joined_by_staff: uuid.UUID | None = None
    # Set by a scheduler; the higher goes first where the clinic orders by priority.
    priority: int = 0
    status: EntryStatus = EntryStatus.WAITING
    ended_at: datetime | None = None

    def fits(self, freed: FreedTime, zone: ZoneInfo, visit_length: timedelta) -> bool:
        """Whether a visit of this entry's visit type, at the freed time's start, is what it waits
        for: its therapist, its location, within its windows, and inside the freed time."""
        return (
            self.status is EntryStatus.WAITING
            and freed.therapist_id == self.therapist_id
            and freed.location_id in (None, self.location_id)
            and freed.start + visit_length <= freed.end
            and self.windows.admit(freed.start, zone)
        )

    def fulfilled(self, now: datetime) -> WaitlistEntry:
        return replace(self, status=EntryStatus.FULFILLED, ended_at=now)

    def left(self, now: datetime) -> WaitlistEntry:
        return replace(self, status=EntryStatus.LEFT, ended_at=now)


def in_line(entries: Iterable[WaitlistEntry], order: WaitlistOrder) -> list[WaitlistEntry]:
    """The entries in the order a freed time is offered: the clinic's one rule of who is next."""
    if order is WaitlistOrder.PRIORITY:
        return sorted(entries, key=lambda entry: (-entry.priority, entry.joined_at, entry.entry_id))
    return sorted(entries, key=lambda entry: (entry.joined_at, entry.entry_id))


@rule("waitlist-windows-empty", "Choose at least one weekday and one part of the day that would suit.")
def WindowsMustNameDaysAndParts(windows: Windows) -> bool:
    return bool(windows.weekdays) and bool(windows.parts_of_day)


@rule(
    "waitlist-dates-invalid",
    "The dates run from the first to the last day that would suit, end today or later,"
    f" and reach no more than {LONGEST_WAIT.days} days ahead.",
)
def WindowsMustBeAFutureRange(windows: Windows, today: date) -> bool:
    first, last = windows.first_day, windows.last_day
    return not (last < first or last < today or last > today + LONGEST_WAIT)


@rule(
    "already-on-waitlist",
    "This case is on the waitlist already; leave it first to choose other times.",
    Breach.CONFLICT,
)
def CaseMustNotBeWaitlistedTwice(already_waiting: bool) -> bool:
    return not already_waiting
