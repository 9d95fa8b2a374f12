"""Wake-ups within one process: an HTTP call waiting for something a consumer of the same process
will commit (the calendar's answer to a request) is woken when it is committed, instead of
finding it at its next poll.

A signal only shortens the wait: a change committed by another replica of the service wakes no one
here, so a waiter still looks again at its poll interval, and always reads the database itself.
"""

import asyncio
from collections.abc import Hashable, Iterator
from contextlib import contextmanager


class ChangeSignals:
    def __init__(self) -> None:
        self._watchers: dict[Hashable, set[asyncio.Event]] = {}

    @contextmanager
    def watching(self, key: Hashable) -> Iterator[asyncio.Event]:
        """An event set when `key` changes from now on. Watch before reading the state, so a change
        committed between the read and the wait is not missed."""
        event = asyncio.Event()
        watchers = self._watchers.setdefault(key, set())
        watchers.add(event)
        try:
            yield event
        finally:
            watchers.discard(event)
            if not watchers:
                self._watchers.pop(key, None)

    def changed(self, key: Hashable) -> None:
        """Called once the change to `key` is committed."""
        for event in self._watchers.get(key, ()):
            event.set()


async def woken_or_timed_out(event: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(event.wait(), max(seconds, 0))
    except TimeoutError:
        pass
