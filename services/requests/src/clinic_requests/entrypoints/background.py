"""The background job that expires overdue requests every EXPIRY_SWEEP_SECONDS."""

from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from clinic_requests.service_layer.expiry import expire_overdue_requests
from servicekit.background import every
from servicekit.runtime import ServiceRuntime


def sweeping(runtime: ServiceRuntime, interval_seconds: float) -> AbstractAsyncContextManager[None]:
    return every(
        interval_seconds,
        lambda: expire_overdue_requests(runtime, datetime.now(UTC)),
        name="expiry-sweeper",
        report="expired %s requests",
    )
