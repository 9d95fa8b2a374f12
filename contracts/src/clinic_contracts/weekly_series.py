"""When the visits of a weekly series fall: the one rule, for the preview (availability) and the
submission (the request service) alike.

Therapy is weekly at the same local time: visit k (0 is the first) is on the first visit's local
date plus 7·interval·k days, at the first visit's local wall-clock time, read in the location's
zone. Across a clock change the UTC instant shifts and the local time stays. A wall-clock time the
clocks skip that day (the spring-forward gap) does not exist: that visit has no start and cannot
be booked. A time that happens twice (fall back) means its first occurrence, as everywhere else
(availability's local_days reads it with fold=0 too).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

# Every week or every second week: what a therapy plan asks for.
SERIES_INTERVALS_WEEKS = (1, 2)


@dataclass(frozen=True)
class SeriesOccurrence:
    """Visit number `number` (1 is the first) of a series: its local start as the clocks read it,
    and its UTC start, None when that local time does not exist that day."""

    number: int
    local_start: datetime
    start: datetime | None

    @property
    def exists(self) -> bool:
        return self.start is not None


def series_occurrences(
    first_start: datetime, zone: ZoneInfo, interval_weeks: int, count: int
) -> list[SeriesOccurrence]:
    """The `count` visits of a series whose first starts at the aware instant `first_start`."""
    if interval_weeks not in SERIES_INTERVALS_WEEKS:
        raise ValueError(f"A series repeats every {' or '.join(map(str, SERIES_INTERVALS_WEEKS))} weeks.")
    if count < 1:
        raise ValueError("A series has at least one visit.")
    first_local = first_start.astimezone(zone).replace(tzinfo=None)
    occurrences = []
    for k in range(count):
        wall = first_local + timedelta(weeks=interval_weeks * k)
        occurrences.append(SeriesOccurrence(k + 1, wall.replace(tzinfo=zone), _instant(wall, zone)))
    return occurrences


def _instant(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The UTC instant local clocks in `zone` read `wall` (naive), or None if they never do."""
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    # A skipped time comes back from UTC as another wall-clock time (02:30 as 03:30).
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant
