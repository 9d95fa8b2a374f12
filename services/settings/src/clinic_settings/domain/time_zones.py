from functools import cache
from zoneinfo import available_timezones

from clinic_settings.domain.errors import SettingsRuleBroken


@cache
def _iana_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def require_time_zone(name: str) -> None:
    # ZoneInfo also opens keys such as "localtime" on some systems; only IANA names are portable.
    if name not in _iana_zones():
        raise SettingsRuleBroken("unknown-time-zone", f"'{name}' is not an IANA time zone, such as Europe/London.")
