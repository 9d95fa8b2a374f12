"""Values both formats write as text."""

import re
from datetime import date

from clinic_settings.domain.errors import SettingsRuleBroken

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(text: str, what: str) -> date:
    """A whole date as YYYY-MM-DD (FHIR's partial dates, such as "1990-04", are not whole days)."""
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise SettingsRuleBroken("invalid-date", f"The {what} {text!r} is not a date written YYYY-MM-DD.")
