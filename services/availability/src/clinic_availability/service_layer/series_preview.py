"""Which visits of a weekly series a portal user may request: each judged by `judge`, exactly as
the hold for it will be (clinic_contracts.weekly_series says when they fall)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from clinic_availability.domain import Placement
from clinic_availability.service_layer.availability import Visit, judge, place_of
from clinic_availability.service_layer.errors import InvalidRequest
from clinic_availability.service_layer.unit_of_work import reading
from clinic_contracts.events import RequestPolicy
from clinic_contracts.weekly_series import SERIES_INTERVALS_WEEKS, series_occurrences
from servicekit.runtime import ServiceRuntime

# Why a visit in the spring-forward gap cannot be requested: not a calendar rule, so no Refusal.
TIME_DOES_NOT_EXIST = "time-does-not-exist"


@dataclass(frozen=True)
class PreviewedVisit:
    number: int
    local_start: datetime
    start: datetime | None
    end: datetime | None
    # None: it may be requested; else a stable code and words for people.
    unavailable_code: str | None
    unavailable_reason: str | None


@dataclass(frozen=True)
class SeriesPreview:
    therapist_id: UUID
    location_id: UUID
    visit_type_id: UUID
    zone: ZoneInfo
    duration: timedelta
    visits: list[PreviewedVisit]


def check_series_shape(interval_weeks: int, count: int, policy: RequestPolicy) -> None:
    """The request service refuses the same series by the same codes when it is sent."""
    if interval_weeks not in SERIES_INTERVALS_WEEKS:
        raise InvalidRequest("series-interval-not-offered", "A series repeats every week or every second week.")
    if not policy.allows_series_of(count):
        raise InvalidRequest(
            "series-too-long",
            f"A series has from 2 to {policy.max_series_visits} visits at this clinic; this one asks for {count}.",
        )


async def preview_series(
    runtime: ServiceRuntime,
    case_id: UUID,
    visit_type_id: UUID,
    first_start: datetime,
    interval_weeks: int,
    count: int,
    now: datetime,
) -> SeriesPreview:
    """Raises UnknownSetting for what the replica does not know; InvalidRequest for a series the
    clinic's policy does not allow (`max_series_visits`)."""
    async with reading(runtime) as uow:
        case = await uow.settings.case(case_id)
        visit_type = await uow.settings.visit_type(visit_type_id)
        place = await place_of(uow, case.primary_therapist_id, case.location_id)
        check_series_shape(interval_weeks, count, place.clinic.request_policy)
        duration = visit_type.duration
        visits = []
        for occurrence in series_occurrences(first_start, place.zone, interval_weeks, count):
            if occurrence.start is None:
                visits.append(
                    PreviewedVisit(
                        occurrence.number,
                        occurrence.local_start,
                        None,
                        None,
                        TIME_DOES_NOT_EXIST,
                        "The clocks skip this time that day (daylight saving time begins).",
                    )
                )
                continue
            end = occurrence.start + duration
            visit = Visit(case.primary_therapist_id, case.location_id, occurrence.start, end)
            judgement = await judge(uow, visit, Placement.REQUESTED_HOLD, now, duration)
            refusal = judgement.refusal
            visits.append(
                PreviewedVisit(
                    occurrence.number,
                    occurrence.local_start,
                    occurrence.start,
                    end,
                    refusal.value if refusal else None,
                    refusal.explanation if refusal else None,
                )
            )
    return SeriesPreview(case.primary_therapist_id, case.location_id, visit_type_id, place.zone, duration, visits)
