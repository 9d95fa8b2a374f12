"""Lists, the scheduler's badge and one request with its history, limited to what the asker may see."""

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from clinic_contracts.access import patients_seen_by
from clinic_contracts.events import AuthorizationLimit, PatientCaseChanged
from clinic_requests.adapters.replicated_settings import UnknownSetting
from clinic_requests.adapters.request_views import Order, Page, RequestFilter
from clinic_requests.domain.appointment_request import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    AppointmentRequest,
    HistoryEntry,
    Reason,
    RequestStatus,
)
from clinic_requests.domain.attention import settings_no_longer_holding
from clinic_requests.domain.authorization import AuthorizationStanding, limit_for, scheduler_warnings, standing
from clinic_requests.domain.review_rules import StaffUserMustBeAScheduler
from clinic_requests.domain.rules import check
from clinic_requests.service_layer.unit_of_work import RequestNotFound, RequestsUnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Viewer:
    """Whose eyes a query is for; both None is the gateway itself (or an operator)."""

    portal_user_id: UUID | None = None
    staff_user_id: UUID | None = None

    @property
    def sees_authorizations(self) -> bool:
        """How a case stands with its insurance authorization, and the warnings worded for
        schedulers, are the clinic's to see: never a portal user's."""
        return self.portal_user_id is None


# Request id → why its pending request may need a word first (domain.attention); none: nothing.
Attention = dict[UUID, tuple[Reason, ...]]


# Request id → until when the portal user may cancel its approved appointment (the clinic's policy).
CancellableUntil = dict[UUID, datetime]


@dataclass(frozen=True)
class AuthorizationView:
    """How the request's case stands with its insurance authorization, this request counted; the
    warnings say what the request is beyond (none where the clinic allows going beyond)."""

    standing: AuthorizationStanding
    limit: AuthorizationLimit
    warnings: tuple[Reason, ...]


# Request id → its case's authorization, for requests booked or waiting (counted by it).
Authorizations = dict[UUID, AuthorizationView]


@dataclass(frozen=True)
class SeenRequest:
    """A request with what its reader is shown beside it: why it may need a word first, until when
    its portal user may cancel it, and how its case stands with an insurance authorization."""

    request: AppointmentRequest
    attention: tuple[Reason, ...] = ()
    cancellable_until: datetime | None = None
    authorization: AuthorizationView | None = None

    def with_history(self, history: list[HistoryEntry]) -> "RequestWithHistory":
        return RequestWithHistory(
            self.request, self.attention, self.cancellable_until, self.authorization, history=history
        )


@dataclass(frozen=True, kw_only=True)
class RequestWithHistory(SeenRequest):
    history: list[HistoryEntry]


@dataclass(frozen=True)
class ListedRequests:
    page: Page
    # The page's requests, each with what the viewer is shown beside it.
    seen: list[SeenRequest]


async def list_requests(
    uows: UnitOfWorkFactory, where: RequestFilter, viewer: Viewer, order: Order, *, limit: int, offset: int
) -> ListedRequests:
    async with uows.reading() as uow:
        page = await uow.views.page(await _visible(uow, where, viewer), order, limit=limit, offset=offset)
        return ListedRequests(page, await _seen(uow, page.items, viewer))


async def pending_count(uows: UnitOfWorkFactory, where: RequestFilter, viewer: Viewer) -> int:
    """The scheduler's badge: requests waiting for their decision (a held time, or a time to pick)."""
    async with uows.reading() as uow:
        visible = await _visible(
            uow, replace(where, statuses=(RequestStatus.PENDING, RequestStatus.AWAITING_TIME)), viewer
        )
        return await uow.views.count(visible)


async def one_request(
    uows: UnitOfWorkFactory, request_id: UUID, viewer: Viewer, answering: Viewer | None = None
) -> RequestWithHistory:
    """Not found, too, for a request the viewer may not see: its existence is not theirs to know.
    `answering`: whose eyes the answer is for, when the gateway reads on someone's behalf."""
    async with uows.reading() as uow:
        request = await _one_visible(uow, request_id, viewer)
        [seen] = await _seen(uow, [request], answering or viewer)
        return seen.with_history(await uow.views.history(request_id))


async def awaits_availability(uows: UnitOfWorkFactory, request_id: UUID) -> bool:
    """Whether the request still waits for the calendar's answer (the row alone: no view of it)."""
    async with uows.reading() as uow:
        request = await uow.views.one(request_id)
        return request is not None and request.awaits_availability


async def ensure_visible(uows: UnitOfWorkFactory, request_id: UUID, viewer: Viewer) -> None:
    """Whether the viewer may see the request, and nothing else of it: refused exactly as
    `one_request` refuses, without reading what is shown beside it (a step's pre-check)."""
    async with uows.reading() as uow:
        await _one_visible(uow, request_id, viewer)


async def _one_visible(uow: RequestsUnitOfWork, request_id: UUID, viewer: Viewer) -> AppointmentRequest:
    """The request, if it exists and the viewer may see it; else not found. Whether they may is
    decided on the request read, by the filter's own rule (`RequestFilter.admits`), not by a
    second query."""
    request = await uow.views.one(request_id)
    if request is None:
        raise RequestNotFound(request_id)
    if not (await _visible(uow, RequestFilter(patient_id=request.patient_id), viewer)).admits(request):
        raise RequestNotFound(request_id)
    return request


async def _seen(uow: RequestsUnitOfWork, requests: list[AppointmentRequest], reader: Viewer) -> list[SeenRequest]:
    """Each request with what `reader` is shown beside it, the settings of all of them read at once."""
    attention = await _attention(uow, requests)
    cancellable_until = await _cancellable_until(uow, requests)
    authorizations = await _authorizations(uow, requests) if reader.sees_authorizations else {}
    return [
        SeenRequest(
            request,
            attention.get(request.request_id, ()),
            cancellable_until.get(request.request_id),
            authorizations.get(request.request_id),
        )
        for request in requests
    ]


async def _cancellable_until(uow: RequestsUnitOfWork, requests: list[AppointmentRequest]) -> CancellableUntil:
    """For each approved request, the last moment its portal user may cancel the appointment, by
    its clinic's policy now (the same `RequestPolicy.portal_cancellation_deadline` the cancellation
    is judged by); none where the clinic does not allow it."""
    policies = {}
    until: CancellableUntil = {}
    for request in requests:
        if request.status is not RequestStatus.APPROVED:
            continue
        if request.clinic_id not in policies:
            try:
                policies[request.clinic_id] = (await uow.settings.clinic(request.clinic_id)).request_policy
            except UnknownSetting:
                policies[request.clinic_id] = None
        policy = policies[request.clinic_id]
        deadline = policy.portal_cancellation_deadline(request.visit.start) if policy else None
        if deadline is not None:
            until[request.request_id] = deadline
    return until


async def _authorizations(uow: RequestsUnitOfWork, requests: list[AppointmentRequest]) -> Authorizations:
    """For each booked or waiting request of a case with an authorization, how the case stands with
    it (domain.authorization, the count submission judges by); the page's visits read in one query."""
    counted = [request for request in requests if request.status in OPEN_STATUSES | BOOKED_STATUSES]
    await uow.settings.load(*(("case", request.case_id) for request in counted))
    authorized = {}
    for request in counted:
        try:
            case = await uow.settings.case(request.case_id)
            if case.authorization is not None:
                location = await uow.settings.location(case.location_id)
                policy = (await uow.settings.clinic(case.clinic_id)).request_policy
                authorized[request.request_id] = (request, case, ZoneInfo(location.time_zone), policy)
        except UnknownSetting:
            continue  # the replica has not caught up with a brand-new setting: nothing to say yet
    visits = await uow.requests.counted_visits(sorted({case.case_id for _, case, _, _ in authorized.values()}))
    views: Authorizations = {}
    for request_id, (request, case, zone, policy) in authorized.items():
        judged = standing(case.authorization, zone, request.visit.start, visits[case.case_id])
        limit = limit_for(case.authorization, policy)
        warnings = () if limit is AuthorizationLimit.ALLOW else scheduler_warnings(judged)
        views[request_id] = AuthorizationView(judged, limit, warnings)
    return views


async def _attention(uow: RequestsUnitOfWork, requests: list[AppointmentRequest]) -> Attention:
    """For each pending request, the settings that no longer hold; the settings of the whole page
    read in one query (ReplicatedSettings.load), each entity once."""
    pending = [request for request in requests if request.status is RequestStatus.PENDING]
    await uow.settings.load(
        *(
            wanted
            for request in pending
            for wanted in (
                ("location", request.visit.location_id),
                ("case", request.case_id),
                ("visit_type", request.visit.visit_type_id),
                ("therapist", request.visit.therapist_id),
            )
        )
    )
    attention: Attention = {}
    for request in pending:
        visit = request.visit
        try:
            reasons = settings_no_longer_holding(
                await uow.settings.location(visit.location_id),
                await uow.settings.case(request.case_id),
                await uow.settings.visit_type(visit.visit_type_id),
                await uow.settings.therapist(visit.therapist_id),
            )
        except UnknownSetting:
            continue  # the replica has not caught up with a brand-new setting: nothing to say yet
        if reasons:
            attention[request.request_id] = reasons
    return attention


async def _visible(uow: RequestsUnitOfWork, where: RequestFilter, viewer: Viewer) -> RequestFilter:
    """`where`, narrowed to what the viewer may see."""
    if viewer.portal_user_id is not None:
        where = replace(where, portal_user_id=viewer.portal_user_id)
    if viewer.staff_user_id is not None:
        staff = await uow.settings.staff_user(viewer.staff_user_id)
        check(StaffUserMustBeAScheduler(staff))
        patients = patients_seen_by(staff, await _cases_deciding(uow, staff.clinic_id, where))
        narrowed = patients if where.patient_ids is None else patients & where.patient_ids
        where = replace(where, clinic_id=staff.clinic_id, patient_ids=narrowed)
    return where


async def _cases_deciding(uow: RequestsUnitOfWork, clinic_id: UUID, where: RequestFilter) -> list[PatientCaseChanged]:
    """The cases whose patients a scheduler's view may hold: one patient's, when `where` names
    one (one request, a patient's list), rather than the whole clinic's."""
    if where.patient_id is not None:
        return await uow.settings.cases_of_patient(clinic_id, where.patient_id)
    return await uow.settings.cases_of_clinic(clinic_id)
