"""A portal user withdraws a request that is still waiting for an answer, or cancels the
appointment of an approved one where the clinic's policy allows it."""

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from clinic_requests.domain.appointment_request import AppointmentRequest, RequestStatus
from clinic_requests.domain.commands import ByPortalUser, CancelAppointment, CancelRequest
from clinic_requests.domain.rules import check
from clinic_requests.domain.withdrawal_rules import (
    CancellationMustComeInTime,
    ClinicMustLetPortalUsersCancel,
    PortalUserMayWithdrawRequest,
)
from clinic_requests.service_layer.unit_of_work import RequestsUnitOfWork, UnitOfWorkFactory


async def cancel_request(uows: UnitOfWorkFactory, command: CancelRequest, now: datetime) -> AppointmentRequest:
    return await answered(uows, command, lambda request: request.cancel(command.portal_user_id, now))


async def cancel_appointment(uows: UnitOfWorkFactory, command: CancelAppointment, now: datetime) -> AppointmentRequest:
    """Availability cancels the appointment (the same code as a scheduler's cancellation) and says
    so; the request then records it. A repeat changes nothing, whatever the time."""
    async with uows.begin() as uow:
        request = await answerable(uow, command.request_id, command.portal_user_id)
        if request.status is RequestStatus.APPROVED:
            policy = (await uow.settings.clinic(request.clinic_id)).request_policy
            check(ClinicMustLetPortalUsersCancel(policy), CancellationMustComeInTime(policy, request.visit.start, now))
        if request.cancel_appointment(command.portal_user_id, now):
            await uow.save(request)
        return request


async def answered(
    uows: UnitOfWorkFactory, command: ByPortalUser, answer: Callable[[AppointmentRequest], bool]
) -> AppointmentRequest:
    """The portal user's `answer` about the request, locked, if they may answer for it; stored
    where it changed anything (a repeat changes nothing)."""
    async with uows.begin() as uow:
        request = await answerable(uow, command.request_id, command.portal_user_id)
        if answer(request):
            await uow.save(request)
        return request


async def answerable(uow: RequestsUnitOfWork, request_id: UUID, portal_user_id: UUID) -> AppointmentRequest:
    """The request, locked, if this portal user may answer for it (withdraw it, cancel its
    appointment, answer the clinic's offer about it)."""
    request = await uow.existing(request_id, for_update=True)
    portal_user = await uow.settings.portal_user(portal_user_id)
    check(PortalUserMayWithdrawRequest(portal_user, request))
    return request
