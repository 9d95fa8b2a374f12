"""The portal user answers a counter-offer: accepts one offered time, or declines them all.

Each runs with the request's row locked, like every decision: of two answers racing (two
accepts, an accept and the expiry sweep), the second finds the offer answered.
"""

from datetime import datetime

from clinic_requests.domain.appointment_request import AppointmentRequest
from clinic_requests.domain.commands import AcceptOfferedTime, DeclineOffer
from clinic_requests.domain.review_rules import StartMustBeInTheFuture
from clinic_requests.domain.rules import check
from clinic_requests.service_layer import waitlist
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory
from clinic_requests.service_layer.withdrawing import answerable, answered


async def accept_offered_time(uows: UnitOfWorkFactory, command: AcceptOfferedTime, now: datetime) -> AppointmentRequest:
    async with uows.begin() as uow:
        request = await answerable(uow, command.request_id, command.portal_user_id)
        offered = request.counter_offer.time(command.hold_id) if request.counter_offer else None
        if offered is not None and request.hold_id != command.hold_id:
            check(StartMustBeInTheFuture(offered.visit.start, now))
        if request.accept_offered_time(command.portal_user_id, command.hold_id, now):
            await uow.save(request)
            await waitlist.fulfil(uow, request, now)
        return request


async def decline_offer(uows: UnitOfWorkFactory, command: DeclineOffer, now: datetime) -> AppointmentRequest:
    return await answered(uows, command, lambda request: request.decline_offer(command.portal_user_id, now))
