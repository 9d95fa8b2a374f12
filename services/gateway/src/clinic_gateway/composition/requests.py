"""One appointment request as its caller may see it: the request service decides (the actor token
says who); the gateway answers a request they may not see as one that does not exist."""

from uuid import UUID

from clinic_gateway.clients import Services
from clinic_gateway.documents import AppointmentRequestWithHistory
from clinic_gateway.identity import not_found


async def visible_request(
    services: Services, request_id: UUID, unseen: tuple[int, ...] = (404,)
) -> AppointmentRequestWithHistory:
    """`unseen`: the service's answers that mean "not yours" (a scheduler's 403 too)."""
    request = await services.requests.request(request_id, unseen)
    if request is None:
        raise not_found("request")
    return request
