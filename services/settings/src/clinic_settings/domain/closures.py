"""Days on which a location is closed: holidays and longer ranges, in local dates."""

from collections.abc import Iterable

from clinic_contracts.events import Closure
from clinic_settings.domain.errors import SettingsRuleBroken


def checked_closures(closures: Iterable[Closure]) -> tuple[Closure, ...]:
    """The closures in date order; one whose last day precedes its first is refused. Overlapping
    closures are allowed: a holiday inside a longer closure changes nothing."""
    ordered = tuple(sorted(closures, key=lambda closure: (closure.first_day, closure.last_day)))
    for closure in ordered:
        if closure.last_day < closure.first_day:
            raise SettingsRuleBroken(
                "closure-ends-before-it-starts",
                f"The closure from {closure.first_day} ends on {closure.last_day}, before it starts.",
            )
    return ordered
