"""Example values several test packages build their events from."""

from datetime import date

from clinic_contracts.preferred_times import PartOfDay, PreferredTimes, Weekday
from clinic_settings.domain.clinic import DEFAULT_REQUEST_POLICY

# A clinic's usual request rules, the ones a new clinic starts with: a day's notice, two months
# ahead, quarter-hour slots.
REQUEST_POLICY = DEFAULT_REQUEST_POLICY


def mornings(
    date_from: date, date_to: date, weekdays: tuple[Weekday, ...] = (Weekday.TUESDAY, Weekday.THURSDAY)
) -> PreferredTimes:
    """A portal user's preferred times: the mornings of `weekdays` (Tuesdays and Thursdays unless
    told) from one local date to another."""
    return PreferredTimes(weekdays=weekdays, parts_of_day=(PartOfDay.MORNING,), date_from=date_from, date_to=date_to)
