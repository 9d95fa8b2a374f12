"""In-process wake-ups (servicekit.change_signals): a waiter watching a key is woken by a change to
it committed after it began to watch, never by another key's, and leaves nothing behind."""

import asyncio

from servicekit.change_signals import ChangeSignals, woken_or_timed_out


async def test_a_change_wakes_those_watching_its_key_and_no_other() -> None:
    signals = ChangeSignals()
    with signals.watching(("request", 1)) as first, signals.watching(("request", 1)) as second:
        with signals.watching(("request", 2)) as other:
            waiting = asyncio.create_task(woken_or_timed_out(first, 30))
            await asyncio.sleep(0)
            signals.changed(("request", 1))
            await asyncio.wait_for(waiting, 5)  # woken, not timed out
            assert first.is_set() and second.is_set() and not other.is_set()
    assert signals._watchers == {}


async def test_a_change_before_the_watch_began_wakes_nobody() -> None:
    signals = ChangeSignals()
    signals.changed(("request", 1))
    with signals.watching(("request", 1)) as watched:
        assert not watched.is_set()
        await woken_or_timed_out(watched, 0)
        assert not watched.is_set()
