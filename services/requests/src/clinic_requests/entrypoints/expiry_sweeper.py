"""The background task that expires overdue requests every EXPIRY_SWEEP_SECONDS."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime

from clinic_requests.service_layer.expiry import expire_overdue_requests
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


async def sweep_forever(uows: UnitOfWorkFactory, interval_seconds: float) -> None:
    while True:
        try:
            expired = await expire_overdue_requests(uows, datetime.now(UTC))
            if expired:
                log.info("expired %s requests", expired)
        except asyncio.CancelledError:
            raise
        except Exception:  # the database is away: the next sweep tries again
            log.exception("expiry sweep failed")
        await asyncio.sleep(interval_seconds)


@asynccontextmanager
async def sweeping(uows: UnitOfWorkFactory, interval_seconds: float) -> AsyncIterator[None]:
    task = asyncio.create_task(sweep_forever(uows, interval_seconds), name="expiry-sweeper")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
