"""The jobs that run beside the consumers: the sender and the digest's clock."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime

from clinic_notifications.service_layer.composing import Composer
from clinic_notifications.service_layer.delivery import Sender
from clinic_notifications.service_layer.digest import send_digests

log = logging.getLogger(__name__)


async def digest_clock(composer: Composer, digest_hour: int, interval_seconds: float) -> None:
    while True:
        try:
            made = await send_digests(composer, digest_hour, datetime.now(UTC))
            if made:
                log.info("composed %s digests", made)
        except asyncio.CancelledError:
            raise
        except Exception:  # the database is away: the next round tries again
            log.exception("composing digests failed")
        await asyncio.sleep(interval_seconds)


@asynccontextmanager
async def background_jobs(
    sender: Sender, composer: Composer, digest_hour: int, digest_check_seconds: float
) -> AsyncIterator[None]:
    sender.start()
    digests = asyncio.create_task(digest_clock(composer, digest_hour, digest_check_seconds), name="digest-clock")
    try:
        yield
    finally:
        digests.cancel()
        with suppress(asyncio.CancelledError):
            await digests
        await sender.stop()
