"""FHIR search: the `date`/`start` prefixes the facade understands, and the searchset Bundle."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fastapi import Request

from clinic_gateway.routes.fhir.references import bad_parameter

_PREFIXES = ("ge", "gt", "le", "lt", "eq")


@dataclass(frozen=True)
class TimeRange:
    """[starts_from, starts_before), either end open."""

    starts_from: datetime | None = None
    starts_before: datetime | None = None

    def holds(self, moment: datetime) -> bool:
        return (self.starts_from is None or moment >= self.starts_from) and (
            self.starts_before is None or moment < self.starts_before
        )


def time_range(values: list[str] | None, parameter: str) -> TimeRange:
    """`ge2026-12-08`, `lt2026-12-09T00:00:00Z`, `2026-12-08` (that whole UTC day), ... combined (AND).
    A date with no time is a whole UTC day; a time without an offset is refused (ambiguous)."""
    lower: datetime | None = None
    upper: datetime | None = None
    for value in values or ():
        prefix, text = (value[:2], value[2:]) if value[:2] in _PREFIXES else ("eq", value)
        first, after = _period(text, parameter)
        if prefix in ("ge", "eq"):
            lower = max(lower or first, first)
        if prefix == "gt":
            lower = max(lower or after, after)
        if prefix in ("lt",):
            upper = min(upper or first, first)
        if prefix in ("le", "eq"):
            upper = min(upper or after, after)
    return TimeRange(lower, upper)


def _period(text: str, parameter: str) -> tuple[datetime, datetime]:
    """The first instant a FHIR date/dateTime covers and the one just after it."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime.combine(day, time(), UTC)
            return start, start + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad_parameter(parameter, f"{text!r} is not a FHIR date or dateTime.") from None
    if moment.tzinfo is None:
        raise bad_parameter(parameter, f"{text!r} needs a time zone offset (or Z).")
    return moment, moment + timedelta(microseconds=1)


def fhir_base(request: Request) -> str:
    """The facade's absolute base URL, as the caller reached it (Bundle entries' `fullUrl`)."""
    return f"{str(request.base_url).rstrip('/')}/fhir"


def searchset(request: Request, resources: list[dict], total: int | None = None, next_url: str | None = None) -> dict:
    base = fhir_base(request)
    links = [{"relation": "self", "url": str(request.url)}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources) if total is None else total,
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }
