"""When a requested visit may start: no sooner than the clinic's minimum notice after now, and
before its booking horizon ends.

Defined and enforced here once. The request service refuses a hopeless request at once
(`clinic_requests.domain.submission_rules.StartMustRespectMinimumNotice`), availability judges each
hold (`clinic_availability.domain.bookability.check_bookable`) and lists slots from the same
bounds; either way a refusal carries the one code, `RefusalReason.WITHIN_MINIMUM_NOTICE` or
`RefusalReason.BEYOND_BOOKING_HORIZON`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RequestWindow:
    minimum_notice: timedelta
    booking_horizon: timedelta

    def __post_init__(self) -> None:
        if self.minimum_notice < timedelta(0):
            raise ValueError("minimum notice cannot be negative")
        if self.booking_horizon <= timedelta(0):
            raise ValueError("booking horizon must be positive")

    def earliest_start(self, now: datetime) -> datetime:
        return now + self.minimum_notice

    def horizon_end(self, now: datetime) -> datetime:
        """Requests must start before this instant."""
        return now + self.booking_horizon

    def starts_too_soon(self, start: datetime, now: datetime) -> bool:
        return start < self.earliest_start(now)

    def starts_beyond_horizon(self, start: datetime, now: datetime) -> bool:
        return start >= self.horizon_end(now)
