"""The digest's clock, beside the consumers (the sender is the other background job)."""

from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from clinic_notifications.service_layer.composing import Composer
from clinic_notifications.service_layer.digest import send_digests
from servicekit.background import every


def digest_clock(composer: Composer, digest_hour: int, interval_seconds: float) -> AbstractAsyncContextManager[None]:
    return every(
        interval_seconds,
        lambda: send_digests(composer, digest_hour, datetime.now(UTC)),
        name="digest-clock",
        report="composed %s digests",
    )
