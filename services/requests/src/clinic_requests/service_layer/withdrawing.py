"""A portal user withdraws a request that is still waiting for an answer."""

from datetime import datetime

from servicekit.runtime import ServiceRuntime

from clinic_requests.domain.appointment_request import AppointmentRequest
from clinic_requests.domain.commands import CancelRequest
from clinic_requests.domain.rules import check
from clinic_requests.domain.withdrawal_rules import PortalUserMayWithdrawRequest
from clinic_requests.service_layer.unit_of_work import unit_of_work


async def cancel_request(runtime: ServiceRuntime, command: CancelRequest, now: datetime) -> AppointmentRequest:
    async with unit_of_work(runtime) as uow:
        request = await uow.existing(command.request_id, for_update=True)
        portal_user = await uow.settings.portal_user(command.portal_user_id)
        check(PortalUserMayWithdrawRequest(portal_user, request))
        if request.cancel(command.portal_user_id, now):
            await uow.save(request)
        return request
