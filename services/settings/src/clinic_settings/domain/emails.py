import re

from clinic_settings.domain.errors import SettingsRuleBroken

# Deliverability is the mail server's business; this only catches what cannot be an address.
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LONGEST_EMAIL = 254


def normalised_email(email: str) -> str:
    """Emails compare without regard to case, so they are kept in lower case."""
    candidate = email.strip().lower()
    if len(candidate) > LONGEST_EMAIL or not _ADDRESS.match(candidate):
        raise SettingsRuleBroken("invalid-email", f"'{email}' is not an email address.")
    return candidate
