"""Argon2 password hashes, computed off the event loop: a hash takes tens of milliseconds by design.

Each hash or check holds 64 MiB while it runs, so only a few run at once (`concurrency`): with the
default thread pool, six ran together and took the process to 405 MiB of a 512 MiB limit. A caller
that cannot get a turn within `wait_seconds` is refused (PasswordHashingBusy) rather than queued
without end; the wait stays below the gateway's timeout, so the refusal reaches the user.
"""

import asyncio
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from servicekit.errors import DomainError

T = TypeVar("T")


class PasswordHashingBusy(DomainError):
    """Every turn at hashing was taken for longer than the caller may wait. The service's own
    capacity, not the caller's rate: a 503, to be tried again at once."""

    code = "passwords-busy"
    status = 503
    title = "Too many sign-ins at once"

    def __init__(self) -> None:
        super().__init__("Try again in a moment.")

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "1"}


class Argon2Passwords:
    def __init__(
        self, hasher: PasswordHasher | None = None, *, concurrency: int = 2, wait_seconds: float = 3.0
    ) -> None:
        self._hasher = hasher or PasswordHasher()
        self._stand_in_hash = self._hasher.hash("a password no user has")
        self._turns = asyncio.Semaphore(concurrency)
        self._wait_seconds = wait_seconds

    async def hash(self, password: str) -> str:
        return await self._in_turn(self._hasher.hash, password)

    async def matches(self, password_hash: str, password: str) -> bool:
        return await self._in_turn(self._matches, password_hash, password)

    async def refuse_unknown_user(self, password: str) -> bool:
        """Spends as long as checking a real hash, so an unknown email cannot be told from a wrong
        password by the time the answer takes."""
        await self.matches(self._stand_in_hash, password)
        return False

    async def _in_turn(self, work: Callable[..., T], *args) -> T:
        try:
            async with asyncio.timeout(self._wait_seconds):
                await self._turns.acquire()
        except TimeoutError:
            raise PasswordHashingBusy from None
        running = asyncio.get_running_loop().run_in_executor(None, work, *args)
        # The turn ends when the thread does, even if the caller gave up waiting for it: a thread
        # cannot be stopped, and its 64 MiB are held until it ends.
        running.add_done_callback(lambda _: self._turns.release())
        return await asyncio.shield(running)

    def _matches(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
