"""The clinic's rules for how far ahead, and on what grid, patients may request appointments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from clinic_contracts.events import RequestPolicy as PolicySettings
from clinic_contracts.request_window import RequestWindow


@dataclass(frozen=True)
class RequestPolicy(RequestWindow):
    """The clinic's request window (a start from `earliest_start` up to `horizon_end`, both
    defined in clinic_contracts.request_window), and the grid of `slot_interval` steps portal
    requests start on."""

    slot_interval: timedelta

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.slot_interval <= timedelta(0):
            raise ValueError("slot interval must be positive")

    @classmethod
    def from_settings(cls, settings: PolicySettings) -> RequestPolicy:
        """The clinic's policy as the settings service publishes it."""
        window = settings.window
        return cls(window.minimum_notice, window.booking_horizon, timedelta(minutes=settings.slot_interval_minutes))

    def over(self, window: RequestWindow) -> RequestPolicy:
        """The same grid over another window (a scheduler's)."""
        return RequestPolicy(window.minimum_notice, window.booking_horizon, self.slot_interval)
