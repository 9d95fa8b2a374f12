"""A location's weekly hours written compactly, as a clinic's old system or a spreadsheet has them:

    Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00

Groups are separated by `;`. A group is days, a space, then times: the days are a day (`Mon`), a
range (`Mon-Fri`, not across Sunday) or several of either joined by `,` (`Mon,Wed,Fri`); the times
are `HH:MM-HH:MM` ranges joined by `,`. Day names are the first three letters of the English name,
in any case. Empty text means no opening hours. Overlaps and ranges that end before they start are
the domain's to refuse (clinic_settings.domain.operating_hours).
"""

import re
from datetime import time

from clinic_contracts.events import OpeningInterval
from clinic_settings.domain.errors import SettingsRuleBroken

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def _bad(text: str, why: str) -> SettingsRuleBroken:
    return SettingsRuleBroken("invalid-opening-hours", f"Opening hours {text!r}: {why}.")


def _day(name: str, group: str) -> int:
    try:
        return DAYS.index(name.strip().lower())
    except ValueError:
        raise _bad(group, f"{name!r} is not a day (Mon, Tue, ... Sun)") from None


def _days(spec: str, group: str) -> list[int]:
    days = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        start = _day(first, group)
        end = _day(last, group) if last else start
        if end < start:
            raise _bad(group, f"{part!r} runs backwards; a range goes from Mon towards Sun")
        days.extend(range(start, end + 1))
    return days


def _time(hours: str, minutes: str, group: str) -> time:
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise _bad(group, f"{hours}:{minutes} is not a time of day") from None


def parse_opening_hours(text: str) -> tuple[OpeningInterval, ...]:
    intervals = []
    for group in (group.strip() for group in text.split(";")):
        if not group:
            continue
        spec, _, times = group.partition(" ")
        if not times.strip():
            raise _bad(group, "give the days, a space, then the times, as in 'Mon-Fri 08:00-17:00'")
        for day in _days(spec, group):
            for span in times.replace(" ", "").split(","):
                match = _TIME_RANGE.match(span)
                if match is None:
                    raise _bad(group, f"{span!r} is not a range of times such as 08:00-12:00")
                start_h, start_m, end_h, end_m = match.groups()
                start, end = _time(start_h, start_m, group), _time(end_h, end_m, group)
                intervals.append(OpeningInterval(weekday=day, start=start, end=end))
    return tuple(intervals)
