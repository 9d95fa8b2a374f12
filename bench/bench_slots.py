"""Benchmark of requestable_slots. A script, not a test: prints median and p99 timings.

    PYTHONPATH=services/availability/src .venv/bin/python bench/bench_slots.py

(a) one therapist, 31 days, empty calendar;
(b) 50 therapists at one location, 31 days, 9,000 busy calendar intervals in total;
and, for accepting one request, a single check_bookable call.
The 31 days include the America/New_York spring-forward day, so the clock-change path runs too.
Contexts are built before timing; each timing covers the domain calls only.
"""

from __future__ import annotations

import random
import statistics
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic_availability.domain import (
    AvailabilityContext,
    Closure,
    Interval,
    RequestPolicy,
    WeeklyHours,
    WorkingHours,
    check_bookable,
    requestable_slots,
)

ZONE = ZoneInfo("America/New_York")
DATE_FROM = date(2026, 3, 1)
DATE_TO = DATE_FROM + timedelta(days=30)
NOW = datetime(2026, 2, 27, 15, 0, tzinfo=UTC)
POLICY = RequestPolicy(
    minimum_notice=timedelta(hours=24),
    booking_horizon=timedelta(days=90),
    slot_interval=timedelta(minutes=30),
)
VISIT = timedelta(minutes=60)
LOCATION_HOURS = WeeklyHours(
    {weekday: [(time(7, 30), time(12)), (time(13), time(19))] for weekday in range(5)} | {5: [(time(8), time(13))]}
)
CLOSURES = [Closure(date(2026, 3, 17), date(2026, 3, 17))]
BUSY_PER_THERAPIST = 180


def therapist_context(rng: random.Random, busy_count: int) -> AvailabilityContext:
    start_hour = rng.choice([7, 8, 9])
    weekly = WeeklyHours(
        {
            weekday: [(time(start_hour, 30), time(12)), (time(13), time(start_hour + 9))]
            for weekday in rng.sample(range(6), 5)
        }
    )
    time_off_day = datetime.combine(DATE_FROM + timedelta(days=rng.randrange(31)), time(12))
    working = WorkingHours(
        weekly,
        effective_from=date(2025, 1, 1),
        time_off=[
            Interval(
                time_off_day.replace(tzinfo=ZONE),
                (time_off_day + timedelta(hours=5)).replace(tzinfo=ZONE),
            )
        ],
    )
    busy = []
    days = [DATE_FROM + timedelta(days=n) for n in range(31)]
    working_days = [day for day in days if day.weekday() in weekly.hours]
    per_day, extra = divmod(busy_count, len(working_days))
    for index, day in enumerate(working_days):
        # Back-to-back appointments with short gaps, the way a therapist's calendar fills up.
        moment = datetime.combine(day, time(start_hour, 30))
        for _ in range(per_day + (index < extra)):
            moment += timedelta(minutes=rng.choice([0, 0, 15, 30]))
            length = timedelta(minutes=rng.choice([30, 45, 60]))
            busy.append(Interval(moment.replace(tzinfo=ZONE), (moment + length).replace(tzinfo=ZONE)))
            moment += length
    return AvailabilityContext(ZONE, LOCATION_HOURS, CLOSURES, working, busy, VISIT, POLICY)


def measure(label: str, contexts: list[AvailabilityContext], runs: int) -> None:
    for context in contexts:  # warm-up: imports, zoneinfo caches
        requestable_slots(context, DATE_FROM, DATE_TO, NOW)
    timings_ms = []
    slot_count = 0
    for _ in range(runs):
        began = clock.perf_counter_ns()
        slot_count = sum(len(requestable_slots(context, DATE_FROM, DATE_TO, NOW)) for context in contexts)
        timings_ms.append((clock.perf_counter_ns() - began) / 1e6)
    timings_ms.sort()
    p99 = timings_ms[min(len(timings_ms) - 1, int(len(timings_ms) * 0.99))]
    print(
        f"{label}: median {statistics.median(timings_ms):.3f} ms, p99 {p99:.3f} ms "
        f"({runs} runs, {slot_count} slots per run)"
    )


def measure_check(context: AvailabilityContext, runs: int) -> None:
    (slot, *_) = requestable_slots(context, DATE_FROM, DATE_TO, NOW)
    timings_us = []
    for _ in range(runs):
        began = clock.perf_counter_ns()
        check_bookable(slot.start, slot.end, context, NOW)
        timings_us.append((clock.perf_counter_ns() - began) / 1e3)
    timings_us.sort()
    print(
        f"check_bookable, one request: median {statistics.median(timings_us):.1f} µs, "
        f"p99 {timings_us[int(len(timings_us) * 0.99)]:.1f} µs ({runs} runs)"
    )


def main() -> None:
    rng = random.Random(20260301)
    one = [therapist_context(rng, busy_count=0)]
    fifty = [therapist_context(rng, BUSY_PER_THERAPIST) for _ in range(50)]
    busy_total = sum(len(context.busy) for context in fifty)  # after merging touching items
    print(f"31 days from {DATE_FROM} in {ZONE.key}; visit {VISIT}, grid {POLICY.slot_interval}")
    measure("(a) 1 therapist, empty calendar", one, runs=2000)
    measure(
        f"(b) 50 therapists, {50 * BUSY_PER_THERAPIST} busy intervals ({busy_total} once merged)",
        fifty,
        runs=200,
    )
    measure_check(fifty[0], runs=5000)


if __name__ == "__main__":
    main()
