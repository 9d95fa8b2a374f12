"""A weekly series: one ask of a portal user ("this time every week, for N visits"), made of
ordinary appointment requests, one per visit sent, that name it (`SeriesMembership`).

When the visits fall is `clinic_contracts.weekly_series`'s rule, the same the preview uses. The
portal user sends the visits the preview showed available (`send`); each is held, decided, moved
and cancelled on its own. Against the case's cap a series counts once, as one ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from clinic_contracts.events import RequestPolicy
from clinic_contracts.weekly_series import SERIES_INTERVALS_WEEKS, SeriesOccurrence
from clinic_requests.domain.rules import BusinessRule


@dataclass(frozen=True)
class RequestSeries:
    series_id: UUID
    clinic_id: UUID
    portal_user_id: UUID
    idempotency_key: str
    submission_fingerprint: str
    case_id: UUID
    interval_weeks: int
    visits: int
    submitted_at: datetime


def series_request_key(series_id: UUID, occurrence: int) -> str:
    """Each visit's own idempotency key, derived from the series' (which the series row keeps)."""
    return f"series:{series_id}:{occurrence}"


@dataclass(frozen=True)
class SeriesMustRepeatWeeklyOrFortnightly(BusinessRule):
    code = "series-interval-not-offered"

    interval_weeks: int

    def is_broken(self) -> bool:
        return self.interval_weeks not in SERIES_INTERVALS_WEEKS

    def message(self) -> str:
        return "A series repeats every week or every second week."


@dataclass(frozen=True)
class SeriesMustStayWithinClinicLength(BusinessRule):
    code = "series-too-long"

    policy: RequestPolicy
    visits: int

    def is_broken(self) -> bool:
        return not self.policy.allows_series_of(self.visits)

    def message(self) -> str:
        return (
            f"A series has from 2 to {self.policy.max_series_visits} visits at this clinic;"
            f" this one asks for {self.visits}."
        )


@dataclass(frozen=True)
class SeriesMustSendVisitsItHas(BusinessRule):
    code = "series-visits-unknown"

    send: tuple[int, ...]
    visits: int

    def is_broken(self) -> bool:
        return not self.send or any(not 1 <= number <= self.visits for number in self.send)

    def message(self) -> str:
        return f"Choose which of the series' visits to send, by their numbers from 1 to {self.visits}."


@dataclass(frozen=True)
class SeriesVisitMustExist(BusinessRule):
    code = "series-visit-time-does-not-exist"

    occurrence: SeriesOccurrence

    def is_broken(self) -> bool:
        return not self.occurrence.exists

    def message(self) -> str:
        return (
            f"Visit {self.occurrence.number} would be at {self.occurrence.local_start:%Y-%m-%d %H:%M}, a time the"
            " clocks skip that day (daylight saving time begins); leave it out."
        )
