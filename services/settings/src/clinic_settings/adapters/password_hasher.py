"""Argon2 password hashes, computed off the event loop: a hash takes tens of milliseconds by design."""

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._stand_in_hash = self._hasher.hash("a password no user has")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def matches(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._matches, password_hash, password)

    async def refuse_unknown_user(self, password: str) -> bool:
        """Spends as long as checking a real hash, so an unknown email cannot be told from a wrong
        password by the time the answer takes."""
        await self.matches(self._stand_in_hash, password)
        return False

    def _matches(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
