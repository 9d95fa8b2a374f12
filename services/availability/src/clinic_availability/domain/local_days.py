"""Local calendar days of a location, pinned to UTC once so later steps need no zone lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ONE_DAY = timedelta(days=1)


def _utc_offset(zone: ZoneInfo, wall: datetime) -> timedelta:
    offset = zone.utcoffset(wall)
    # A ZoneInfo knows the offset of every wall-clock time; None is only tzinfo's general case.
    assert offset is not None
    return offset


@dataclass(frozen=True, slots=True)
class LocalDay:
    """One local date in `zone`, from its first instant (`start`) up to the next day's (`end`).

    `offset` is the UTC offset in force for the whole day, or None on a day with a clock change;
    only those days need zoneinfo to turn wall-clock times into instants.
    """

    date: date
    start: datetime
    end: datetime
    offset: timedelta | None
    zone: ZoneInfo

    def instant(self, wall_clock: timedelta) -> datetime:
        """The UTC instant at which local clocks read midnight + `wall_clock` on this day.

        On a clock-change day zoneinfo decides with fold=0: a wall time inside the
        spring-forward gap is read with the offset from before the gap, which moves it forward
        by the length of the gap (02:30 becomes 03:30); a wall time that happens twice at fall
        back means its first occurrence. So 01:00-04:00 is 2 real hours on a spring-forward day
        and 4 on a fall-back day.
        """
        if self.offset is not None:
            return self.start + wall_clock
        wall = datetime.combine(self.date, time()) + wall_clock
        return wall.replace(tzinfo=self.zone).astimezone(UTC)

    def wall_clock(self, instant: datetime) -> timedelta:
        """What local clocks show at `instant`, as time since midnight."""
        if self.offset is not None:
            return instant - self.start
        local = instant.astimezone(self.zone).replace(tzinfo=None)
        return local - datetime.combine(self.date, time())


def local_days(zone: ZoneInfo, first: date, last: date) -> list[LocalDay]:
    """The local days from `first` to `last`, both included; one zone lookup per day."""
    days: list[LocalDay] = []
    midnight = datetime.combine(first, time())
    offset = _utc_offset(zone, midnight)
    start = (midnight - offset).replace(tzinfo=UTC)
    for _ in range((last - first).days + 1):
        next_midnight = midnight + ONE_DAY
        next_offset = _utc_offset(zone, next_midnight)
        # Equal offsets at both midnights mean no clock change in between; no zone in use
        # changes its clocks twice within one day.
        if next_offset == offset:
            next_start = start + ONE_DAY
            days.append(LocalDay(midnight.date(), start, next_start, offset, zone))
        else:
            next_start = (next_midnight - next_offset).replace(tzinfo=UTC)
            if next_start > start:  # a date the clocks skip altogether has no day
                days.append(LocalDay(midnight.date(), start, next_start, None, zone))
        midnight, offset, start = next_midnight, next_offset, next_start
    return days


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()
