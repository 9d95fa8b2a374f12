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
from clinic_requests.domain.rules import rule


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


@rule("series-interval-not-offered", "A series repeats every week or every second week.")
def SeriesMustRepeatWeeklyOrFortnightly(interval_weeks: int) -> bool:
    return interval_weeks in SERIES_INTERVALS_WEEKS


@rule(
    "series-too-long",
    "A series has from 2 to {policy.max_series_visits} visits at this clinic; this one asks for {visits}.",
)
def SeriesMustStayWithinClinicLength(policy: RequestPolicy, visits: int) -> bool:
    return policy.allows_series_of(visits)


@rule("series-visits-unknown", "Choose which of the series' visits to send, by their numbers from 1 to {visits}.")
def SeriesMustSendVisitsItHas(send: tuple[int, ...], visits: int) -> bool:
    return bool(send) and all(1 <= number <= visits for number in send)


@rule(
    "series-visit-time-does-not-exist",
    "Visit {occurrence.number} would be at {occurrence.local_start:%Y-%m-%d %H:%M}, a time the clocks skip"
    " that day (daylight saving time begins); leave it out.",
)
def SeriesVisitMustExist(occurrence: SeriesOccurrence) -> bool:
    return occurrence.exists
