"""Ending requests nobody answered in time, or whose start has come.

Safe with several replicas sweeping at once: each request is re-read under its row lock and
decides for itself, so it expires once and a decision taken meanwhile wins.
"""

from datetime import datetime, timedelta
from uuid import UUID

from clinic_requests.adapters.replicated_settings import UnknownSetting
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory


async def expire_overdue_requests(uows: UnitOfWorkFactory, now: datetime) -> int:
    """Returns how many requests expired."""
    candidates: list[tuple[UUID, timedelta]] = []
    async with uows.reading() as uow:
        for clinic_id in await uow.requests.clinics_with_expirable_requests():
            try:
                clinic = await uow.settings.clinic(clinic_id)
            except UnknownSetting:
                continue
            expiry = timedelta(hours=clinic.request_policy.pending_request_expiry_hours)
            for request_id in await uow.requests.overdue_in_clinic(clinic_id, now, now - expiry):
                candidates.append((request_id, expiry))
    expired = 0
    for request_id, expiry in candidates:
        async with uows.begin() as uow:
            request = await uow.existing(request_id, for_update=True)
            if request.expire(now, expiry):
                await uow.save(request)
                expired += 1
    return expired
