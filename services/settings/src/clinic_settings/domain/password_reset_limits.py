"""How often a password reset may be asked for, on the counters sign-in uses
(clinic_settings.domain.sign_in_limits), under keys of their own.

Per email, so nobody's inbox fills with reset links: past the limit the answer stays the same
202 and simply no link is made, so the answer says nothing about the email. Per client address,
so one caller cannot try a long list of emails: past that limit a 429, counted for every email
alike, known or not.
"""

from dataclasses import dataclass
from datetime import timedelta

from clinic_settings.domain.sign_in_limits import BackOff, counter_key


@dataclass(frozen=True)
class PasswordResetLimits:
    per_email: BackOff
    per_address: BackOff
    # As for sign-in: a counter nobody touched for this long is forgotten.
    forget_after: timedelta


def email_key(email: str) -> str:
    return counter_key("reset-email", email)


def address_key(address: str) -> str:
    return counter_key("reset-address", address)
