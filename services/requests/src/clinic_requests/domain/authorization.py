"""How a case stands against its insurance authorization: the one count of visits.

Visits used are the case's booked appointments within the authorization's days; visits pending are
its open requests within them; visits left = authorized - used - pending (negative: over by that
many). The per-week limit counts the visits (booked or pending) in the local week, Monday to
Sunday, of the visit being judged. Days and weeks are the case location's local ones.

Submission (the request to judge among the pending ones) and every view of a request (it is among
them already, or booked) call `standing`, so what the portal refuses and what the scheduler sees
cannot disagree.

Booked appointments are those of the case's approved requests, and those a scheduler booked for
the case straight in the calendar (the service keeps their start from availability's
AppointmentBooked, and drops them on AppointmentCancelled).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from clinic_contracts.events import Authorization, AuthorizationLimit, RequestPolicy
from clinic_requests.domain.appointment_request import Reason

OUTSIDE_AUTHORIZATION = "outside-authorization"
AUTHORIZATION_EXHAUSTED = "authorization-exhausted"
WEEKLY_AUTHORIZATION_LIMIT = "weekly-authorization-limit"


@dataclass(frozen=True)
class CountedVisit:
    """One of the case's visits: an appointment (booked) or a request waiting for its answer."""

    start: datetime
    booked: bool


@dataclass(frozen=True)
class AuthorizationStanding:
    authorization: Authorization
    # The visit judged: whether its local day is within the authorization, and how many visits
    # (itself among them) its local week holds.
    visit_day: date
    used: int
    pending: int
    week_visits: int

    @property
    def left(self) -> int:
        return self.authorization.visits - self.used - self.pending

    @property
    def within_days(self) -> bool:
        return self.authorization.first_day <= self.visit_day <= self.authorization.last_day

    @property
    def over_week(self) -> bool:
        per_week = self.authorization.visits_per_week
        return per_week is not None and self.week_visits > per_week

    def breaches(self) -> tuple[str, ...]:
        """The codes of what the judged visit is beyond, in the order a person would say them."""
        found = []
        if not self.within_days:
            found.append(OUTSIDE_AUTHORIZATION)
        if self.left < 0:
            found.append(AUTHORIZATION_EXHAUSTED)
        if self.over_week:
            found.append(WEEKLY_AUTHORIZATION_LIMIT)
        return tuple(found)


def standing(
    authorization: Authorization, zone: ZoneInfo, visit_start: datetime, visits: Iterable[CountedVisit]
) -> AuthorizationStanding:
    """How the case stands with `visits` (the judged visit among them, as pending or booked)."""
    visit_day = visit_start.astimezone(zone).date()
    week = _monday(visit_day)
    used = pending = week_visits = 0
    for visit in visits:
        day = visit.start.astimezone(zone).date()
        if not authorization.first_day <= day <= authorization.last_day:
            continue
        if visit.booked:
            used += 1
        else:
            pending += 1
        if _monday(day) == week:
            week_visits += 1
    return AuthorizationStanding(authorization, visit_day, used, pending, week_visits)


def scheduler_warnings(judged: AuthorizationStanding) -> tuple[Reason, ...]:
    """What the judged visit is beyond, in a scheduler's words."""
    authorization = judged.authorization
    words = {
        OUTSIDE_AUTHORIZATION: f"Outside the insurance authorization ({authorization.first_day.isoformat()}"
        f" to {authorization.last_day.isoformat()}).",
        AUTHORIZATION_EXHAUSTED: f"Over the insurance authorization by {-judged.left}"
        f" ({authorization.visits} visits authorized, {judged.used} booked, {judged.pending} requested).",
        WEEKLY_AUTHORIZATION_LIMIT: f"{judged.week_visits} visits in that week; the insurance authorization"
        f" allows {authorization.visits_per_week}.",
    }
    return tuple(Reason(code, words[code]) for code in judged.breaches())


def limit_for(authorization: Authorization, policy: RequestPolicy) -> AuthorizationLimit:
    """The case's own choice, or else the clinic's."""
    return authorization.limit or policy.authorization_limit


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
