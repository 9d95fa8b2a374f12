"""A request filter says the same of a request whether the database applies it (`condition`, for
lists and counts) or Python does, on a request already read (`admits`, whether one request may be
shown): on SQLite and PostgreSQL, for each part of the filter, its edges included."""

import uuid
from dataclasses import replace
from datetime import timedelta

from clinic_requests.adapters.request_views import Order, RequestFilter
from clinic_requests.domain.appointment_request import AppointmentRequest, RequestStatus
from clinic_requests.service_layer.unit_of_work import SqlUnitOfWorkFactory
from tests.requests.unit.request_builders import START, ask, pending, submitted, visit


def stored_requests() -> list[AppointmentRequest]:
    """Two families' requests at different times, places and points of their life."""
    ours = ask(visit(START), "Mornings", clinic_id=uuid.uuid4())
    other_visit = visit(START + timedelta(days=1), location_id=uuid.uuid4(), therapist_id=uuid.uuid4())
    theirs = replace(ask(other_visit, "Evenings", clinic_id=uuid.uuid4()), portal_user_id=uuid.uuid4())
    again = replace(ask(visit(START - timedelta(hours=1)), "Any time"), idempotency_key="key-2")
    return [submitted(ours), pending(theirs), pending(again)]


def filters_about(requests: list[AppointmentRequest]) -> list[RequestFilter]:
    """Each part of the filter alone, at each stored request's own value and at one no request has,
    then the parts a viewer adds (`queries._visible`) together."""
    equals = RequestFilter._EQUALS
    found: list[RequestFilter] = [RequestFilter(), RequestFilter(patient_ids=frozenset())]
    for request in requests:
        columns = {name: request_value(request, name) for name in equals}
        found += [RequestFilter(**{name: value}) for name, value in columns.items() if value is not None]
        found += [
            RequestFilter(statuses=(request.status,)),
            RequestFilter(statuses=(RequestStatus.APPROVED, RequestStatus.DECLINED)),
            RequestFilter(starts_from=request.visit.start),
            RequestFilter(starts_before=request.visit.start),
            RequestFilter(patient_ids=frozenset({request.patient_id, uuid.uuid4()})),
            RequestFilter(
                clinic_id=request.clinic_id,
                patient_id=request.patient_id,
                patient_ids=frozenset({request.patient_id}),
            ),
            RequestFilter(portal_user_id=request.portal_user_id, clinic_id=uuid.uuid4()),
        ]
    found += [RequestFilter(**{name: uuid.uuid4()}) for name in equals]
    return found


def request_value(request: AppointmentRequest, name: str) -> uuid.UUID | None:
    visit_columns = {"location_id": request.visit.location_id, "therapist_id": request.visit.therapist_id}
    return visit_columns[name] if name in visit_columns else getattr(request, name, None)


async def test_the_database_and_python_admit_the_same_requests(runtime) -> None:
    requests = stored_requests()
    uows = SqlUnitOfWorkFactory(runtime)
    async with uows.begin() as uow:
        for request in requests:
            await uow.requests.add(request)
    async with uows.reading() as uow:
        for where in filters_about(requests):
            listed = await uow.views.page(where, Order.NEWEST, limit=len(requests), offset=0)
            admitted = [request.request_id for request in requests if where.admits(request)]
            assert {request.request_id for request in listed.items} == set(admitted), where
            assert listed.total == len(admitted), where
