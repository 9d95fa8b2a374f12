"""Half-open UTC intervals and the set operations the availability rules are built from.

Interval lists passed to the functions below must be normalised (sorted, neither overlapping nor
touching), and every list they return is. `intersect` and `subtract` walk both lists once;
the lookups bisect.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter

UTC = UTC

_start = attrgetter("start")


def as_utc(moment: datetime) -> datetime:
    """The same instant with `timezone.utc`; naive datetimes are refused, their zone is unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is naive; times must be timezone-aware")
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Interval:
    """The instants from `start` up to, not including, `end`, held in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        # Same-tzinfo comparisons skip utcoffset() calls, which keeps the sweeps fast.
        if self.start.tzinfo is not UTC or self.end.tzinfo is not UTC:
            object.__setattr__(self, "start", as_utc(self.start))
            object.__setattr__(self, "end", as_utc(self.end))
        if not self.start < self.end:
            raise ValueError(f"interval must end after it starts: {self.start} .. {self.end}")


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and merge overlapping or touching intervals."""
    merged: list[Interval] = []
    for interval in sorted(intervals, key=_start):
        if merged and interval.start <= merged[-1].end:
            if interval.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, interval.end)
        else:
            merged.append(interval)
    return merged


def union(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    if not b:
        return list(a)
    if not a:
        return list(b)
    return normalise([*a, *b])


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    result: list[Interval] = []
    i = j = 0
    len_a, len_b = len(a), len(b)
    while i < len_a and j < len_b:
        x, y = a[i], b[j]
        start = x.start if x.start > y.start else y.start
        if x.end < y.end:
            end = x.end
            i += 1
        else:
            end = y.end
            j += 1
        if start < end:
            # Reuse an input interval when it lies wholly inside the other: no allocation.
            if start == x.start and end == x.end:
                result.append(x)
            elif start == y.start and end == y.end:
                result.append(y)
            else:
                result.append(Interval(start, end))
    return result


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The parts of `a` not covered by `b`."""
    if not b:
        return list(a)
    result: list[Interval] = []
    j = 0
    len_b = len(b)
    for x in a:
        while j < len_b and b[j].end <= x.start:
            j += 1
        start = x.start
        k = j
        while k < len_b and b[k].start < x.end:
            if b[k].start > start:
                result.append(Interval(start, b[k].start))
            if b[k].end > start:
                start = b[k].end
            k += 1
        if start < x.end:
            result.append(x if start == x.start else Interval(start, x.end))
    return result


def covers(intervals: Sequence[Interval], interval: Interval) -> bool:
    """Whether one interval of the list contains all of `interval`."""
    i = bisect_right(intervals, interval.start, key=_start) - 1
    return i >= 0 and intervals[i].end >= interval.end


def overlaps_any(intervals: Sequence[Interval], interval: Interval) -> bool:
    i = bisect_left(intervals, interval.end, key=_start)
    return i > 0 and intervals[i - 1].end > interval.start


def containing(intervals: Sequence[Interval], moment: datetime) -> Interval | None:
    """The interval of the list that `moment` falls in, if any."""
    i = bisect_right(intervals, moment, key=_start) - 1
    if i >= 0 and moment < intervals[i].end:
        return intervals[i]
    return None
