"""Jobs a service runs beside its consumers, in rounds (given to ServiceRuntime.http_app as `background`)."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress

log = logging.getLogger(__name__)


@asynccontextmanager
async def every(
    interval_seconds: float,
    job: Callable[[], Awaitable[int | None]],
    *,
    name: str,
    report: str = "",
    wake: asyncio.Event | None = None,
) -> AsyncIterator[None]:
    """Runs `job` now and then every `interval_seconds` until the block ends, or sooner when `wake`
    is set. A round that fails (the database is away) is logged, and the next round tries again.
    `report` (such as "expired %s requests") logs a round's count when it is not zero."""

    async def rounds() -> None:
        while True:
            if wake is not None:
                wake.clear()
            try:
                done = await job()
                if done and report:
                    log.info(report, done)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s: the round failed; the next one tries again", name)
            await _pause(interval_seconds, wake)

    task = asyncio.create_task(rounds(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def _pause(seconds: float, wake: asyncio.Event | None) -> None:
    if wake is None:
        await asyncio.sleep(seconds)
        return
    with suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), seconds)
