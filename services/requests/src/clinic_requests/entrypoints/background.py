"""The background job that expires overdue requests every EXPIRY_SWEEP_SECONDS."""

from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from clinic_requests.service_layer.expiry import expire_overdue_requests
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory
from servicekit.background import every


def sweeping(uows: UnitOfWorkFactory, interval_seconds: float) -> AbstractAsyncContextManager[None]:
    return every(
        interval_seconds,
        lambda: expire_overdue_requests(uows, datetime.now(UTC)),
        name="expiry-sweeper",
        report="expired %s requests",
    )
