"""Lists, the scheduler's badge and one request with its history, limited to what the asker may see."""

from dataclasses import dataclass, replace
from uuid import UUID

from servicekit.runtime import ServiceRuntime

from clinic_requests.adapters.request_views import Order, Page, RequestFilter
from clinic_requests.domain.appointment_request import AppointmentRequest, HistoryEntry, RequestStatus
from clinic_requests.domain.review_rules import StaffUserMustBeAScheduler, staff_user_sees
from clinic_requests.domain.rules import check
from clinic_requests.service_layer.unit_of_work import RequestNotFound, RequestsUnitOfWork, reading


@dataclass(frozen=True)
class Viewer:
    """Whose eyes a query is for; both None is the gateway itself (or an operator)."""

    portal_user_id: UUID | None = None
    staff_user_id: UUID | None = None


@dataclass(frozen=True)
class RequestWithHistory:
    request: AppointmentRequest
    history: list[HistoryEntry]


async def list_requests(
    runtime: ServiceRuntime, where: RequestFilter, viewer: Viewer, order: Order, *, limit: int, offset: int
) -> Page:
    async with reading(runtime) as uow:
        return await uow.views.page(await _visible(uow, where, viewer), order, limit=limit, offset=offset)


async def pending_count(runtime: ServiceRuntime, where: RequestFilter, viewer: Viewer) -> int:
    """The scheduler's badge: requests waiting for their decision."""
    async with reading(runtime) as uow:
        visible = await _visible(uow, replace(where, statuses=(RequestStatus.PENDING,)), viewer)
        return await uow.views.count(visible)


async def one_request(runtime: ServiceRuntime, request_id: UUID, viewer: Viewer) -> RequestWithHistory:
    """Not found, too, for a request the viewer may not see: its existence is not theirs to know."""
    async with reading(runtime) as uow:
        request = await uow.views.one(request_id)
        if request is None:
            raise RequestNotFound(request_id)
        where = await _visible(uow, RequestFilter(), viewer)
        if not await uow.views.count(replace(where, request_id=request_id)):
            raise RequestNotFound(request_id)
        return RequestWithHistory(request, await uow.views.history(request_id))


async def _visible(uow: RequestsUnitOfWork, where: RequestFilter, viewer: Viewer) -> RequestFilter:
    if viewer.portal_user_id is not None:
        where = replace(where, portal_user_id=viewer.portal_user_id)
    if viewer.staff_user_id is not None:
        staff = await uow.settings.staff_user(viewer.staff_user_id)
        check(StaffUserMustBeAScheduler(staff))
        patients = staff_user_sees(staff, await uow.settings.cases_of_clinic(staff.clinic_id))
        narrowed = patients if where.patient_ids is None else patients & where.patient_ids
        where = replace(where, clinic_id=staff.clinic_id, patient_ids=narrowed)
    return where
