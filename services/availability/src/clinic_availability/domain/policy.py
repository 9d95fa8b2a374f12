"""The clinic's rules for how far ahead, and on what grid, patients may request appointments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RequestPolicy:
    """A requested appointment must start at least `minimum_notice` after now and less than
    `booking_horizon` after now; portal requests start on a grid of `slot_interval` steps."""

    minimum_notice: timedelta
    booking_horizon: timedelta
    slot_interval: timedelta

    def __post_init__(self) -> None:
        if self.minimum_notice < timedelta(0):
            raise ValueError("minimum notice cannot be negative")
        if self.booking_horizon <= timedelta(0):
            raise ValueError("booking horizon must be positive")
        if self.slot_interval <= timedelta(0):
            raise ValueError("slot interval must be positive")

    def earliest_start(self, now: datetime) -> datetime:
        return now + self.minimum_notice

    def horizon_end(self, now: datetime) -> datetime:
        """Requests must start before this instant."""
        return now + self.booking_horizon
