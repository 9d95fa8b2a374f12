"""How many failed sign-ins are allowed before sign-in is refused for a while, and for how long.

Two counters limit each attempt: one for the email, so one account's password cannot be guessed
quickly, and one for the client address, so one caller cannot try a password on many accounts.
The address's threshold is higher: a clinic's staff and patients may share one NAT address.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class BackOff:
    """After `threshold` failures in a row, the next attempt must wait `first`, doubling with each
    further failure up to `longest`."""

    threshold: int
    first: timedelta
    longest: timedelta

    def wait_after(self, failures: int) -> timedelta | None:
        if failures < self.threshold:
            return None
        doublings = min(failures - self.threshold, 32)
        return min(self.first * (1 << doublings), self.longest)


@dataclass(frozen=True)
class SignInLimits:
    per_account: BackOff
    per_address: BackOff
    # A counter nobody touched for this long is forgotten (and its row deleted).
    forget_after: timedelta


def counter_key(prefix: str, text: str) -> str:
    """A counter's key: hashed, so the table keeps no mistyped or guessed emails."""
    return f"{prefix}:" + hashlib.sha256(text.strip().lower().encode()).hexdigest()


def account_key(email: str) -> str:
    """The counter of one email, whether or not an account has it, so a refusal tells nothing about
    which emails exist. Not per clinic: an attacker could otherwise multiply the attempts by naming
    each clinic."""
    return counter_key("account", email)


def address_key(address: str) -> str:
    return counter_key("address", address)
