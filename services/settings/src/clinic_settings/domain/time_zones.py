from functools import cache
from importlib import resources

from clinic_settings.domain.errors import SettingsRuleBroken


@cache
def _iana_zones() -> frozenset[str]:
    # The tzdata package's list, not the system's: the system database may add keys such as
    # "localtime" that mean something else on every machine.
    return frozenset(resources.files("tzdata").joinpath("zones").read_text().split())


def require_time_zone(name: str) -> None:
    if name not in _iana_zones():
        raise SettingsRuleBroken("unknown-time-zone", f"'{name}' is not an IANA time zone, such as Europe/London.")
