"""Counting sign-in attempts against the limits of clinic_settings.domain.sign_in_limits.

An attempt is counted as a failure *before* its password is checked, in one short transaction
that also blocks the counter once it reaches its threshold. Fifty attempts arriving together
therefore queue on the counter's row: the first `threshold` are checked, the rest are refused
without spending a password hash. A success then clears the email's counter and takes back its
count from the address's; an attempt that could not be checked (the service failed) takes back
both.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from clinic_settings.domain.sign_in_limits import BackOff, SignInLimits, account_key, address_key
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork
from servicekit.errors import TryLater


class SignInThrottled(TryLater):
    code = "too-many-sign-in-attempts"
    title = "Too many failed sign-ins"

    def __init__(self, retry_after_seconds: int) -> None:
        plural = "s" if retry_after_seconds != 1 else ""
        message = f"Too many failed sign-ins; try again in {retry_after_seconds} second{plural}."
        super().__init__(message, retry_after_seconds)


@dataclass(frozen=True)
class Counter:
    key: str
    back_off: BackOff


@dataclass(frozen=True)
class CountedAttempt:
    account: Counter
    address: Counter | None

    @property
    def counters(self) -> list[Counter]:
        # The address first, then the email: concurrent attempts lock the rows in one order, so two
        # of them never wait for each other.
        return [self.address, self.account] if self.address else [self.account]


async def count_attempt(
    uow: SettingsUnitOfWork, limits: SignInLimits, *, email: str, client_address: str | None
) -> CountedAttempt:
    """Counts the attempt on every counter, or on none of them and raises SignInThrottled."""
    attempt = CountedAttempt(
        Counter(account_key(email), limits.per_account),
        Counter(address_key(client_address), limits.per_address) if client_address else None,
    )
    if (wait := await count_on(uow, attempt.counters, limits.forget_after)) is not None:
        raise SignInThrottled(wait)
    return attempt


class _Blocked(Exception):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds


async def count_on(uow: SettingsUnitOfWork, counters: list[Counter], forget_after: timedelta) -> int | None:
    """Counts one attempt on every counter and answers None; or, when one of them is blocked,
    counts on none of them and answers the seconds until it is free. (Password resets count on
    these counters too, under keys of their own.)"""
    now = datetime.now(UTC)
    async with uow:
        await uow.sign_in_failures.forget_older_than(now - forget_after)
    try:
        async with uow:
            for counter in counters:
                await uow.sign_in_failures.ensure(counter.key, now)
            for counter in counters:
                failures = await uow.sign_in_failures.count_attempt(counter.key, now)
                if failures is None:
                    # Leaving the transaction by raising takes back what was counted on the others.
                    raise _Blocked(_seconds_until(await uow.sign_in_failures.blocked_until(counter.key), now))
                if (wait := counter.back_off.wait_after(failures)) is not None:
                    await uow.sign_in_failures.block(counter.key, now + wait)
    except _Blocked as blocked:
        return blocked.seconds
    return None


async def attempt_succeeded(uow: SettingsUnitOfWork, attempt: CountedAttempt) -> None:
    """The email starts afresh. The address keeps its other failures: one good password from a
    shared address must not wipe out what someone else there got wrong."""
    async with uow:
        if attempt.address:
            await uow.sign_in_failures.give_back(attempt.address.key, attempt.address.back_off.threshold)
        await uow.sign_in_failures.clear(attempt.account.key)


async def attempt_not_checked(uow: SettingsUnitOfWork, attempt: CountedAttempt) -> None:
    async with uow:
        for counter in attempt.counters:
            await uow.sign_in_failures.give_back(counter.key, counter.back_off.threshold)


def _seconds_until(moment: datetime | None, now: datetime) -> int:
    if moment is None:
        return 1
    return max(1, math.ceil((moment - now).total_seconds()))
