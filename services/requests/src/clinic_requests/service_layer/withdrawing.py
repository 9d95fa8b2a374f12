"""A portal user withdraws a request that is still waiting for an answer, or cancels the
appointment of an approved one where the clinic's policy allows it."""

from datetime import datetime

from clinic_requests.domain.appointment_request import AppointmentRequest, RequestStatus
from clinic_requests.domain.commands import CancelAppointment, CancelRequest
from clinic_requests.domain.rules import check
from clinic_requests.domain.withdrawal_rules import (
    CancellationMustComeInTime,
    ClinicMustLetPortalUsersCancel,
    PortalUserMayWithdrawRequest,
)
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory


async def cancel_request(uows: UnitOfWorkFactory, command: CancelRequest, now: datetime) -> AppointmentRequest:
    async with uows.begin() as uow:
        request = await uow.existing(command.request_id, for_update=True)
        portal_user = await uow.settings.portal_user(command.portal_user_id)
        check(PortalUserMayWithdrawRequest(portal_user, request))
        if request.cancel(command.portal_user_id, now):
            await uow.save(request)
        return request


async def cancel_appointment(uows: UnitOfWorkFactory, command: CancelAppointment, now: datetime) -> AppointmentRequest:
    """Availability cancels the appointment (the same code as a scheduler's cancellation) and says
    so; the request then records it. A repeat changes nothing, whatever the time."""
    async with uows.begin() as uow:
        request = await uow.existing(command.request_id, for_update=True)
        portal_user = await uow.settings.portal_user(command.portal_user_id)
        check(PortalUserMayWithdrawRequest(portal_user, request))
        if request.status is RequestStatus.APPROVED:
            policy = (await uow.settings.clinic(request.clinic_id)).request_policy
            check(ClinicMustLetPortalUsersCancel(policy), CancellationMustComeInTime(policy, request.visit.start, now))
        if request.cancel_appointment(command.portal_user_id, now):
            await uow.save(request)
        return request
