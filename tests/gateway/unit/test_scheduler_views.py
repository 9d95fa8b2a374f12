"""The scheduler's views, composed against fake services (no broker, no database, no processes):
which calls each view makes, and how it names and shapes what the services answer."""

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from clinic_contracts.preferred_times import PreferredTimes
from clinic_gateway.composition import scheduler_views as views
from clinic_gateway.composition.scheduler_views import RequestFilters
from servicekit.problems import Problem
from tests.gateway.unit.fake_services import FakeClinic

MONDAY_9AM = datetime(2027, 3, 1, 17, tzinfo=UTC)  # 09:00 in Los Angeles


@pytest.fixture
def clinic() -> FakeClinic:
    return FakeClinic()


async def test_the_request_list_is_named_and_counted_under_the_same_filters(clinic: FakeClinic) -> None:
    shown = clinic.add_request(MONDAY_9AM)
    clinic.hidden.add(clinic.add_request(MONDAY_9AM + timedelta(hours=2)).request_id)
    filters = RequestFilters(location_id=clinic.location_id, starts_from=MONDAY_9AM)

    page = await views.request_page(
        clinic.services(), clinic.scheduler(), filters, status=["pending"], order="soonest", limit=50, offset=0
    )

    assert [item.request_id for item in page.items] == [shown.request_id]
    item = page.items[0]
    assert (item.patient_name, item.therapist_name, item.location_name, item.visit_type_name) == (
        "Lily Chen",
        "Dana",
        "Downtown",
        "Treatment",
    )
    assert item.time_zone == "America/Los_Angeles" and page.pending_count == 1
    assert "requests GET /requests/pending-count" in clinic.calls


async def test_one_request_comes_with_its_named_snapshot(clinic: FakeClinic) -> None:
    request = clinic.add_request(MONDAY_9AM)
    clinic.add_appointment(MONDAY_9AM + timedelta(minutes=30))
    clinic.add_appointment(MONDAY_9AM + timedelta(hours=3))

    view = await views.request_view(clinic.services(), clinic.scheduler(), request.request_id)

    assert view.request_id == request.request_id and view.patient_name == "Lily Chen"
    items = view.calendar_snapshot.items
    assert [item.overlaps_requested_time for item in items] == [True, False]
    assert {item.therapist_name for item in items} == {"Dana"}


async def test_a_request_the_scheduler_may_not_see_is_not_found(clinic: FakeClinic) -> None:
    request = clinic.add_request(MONDAY_9AM)
    clinic.hidden.add(request.request_id)

    with pytest.raises(Problem) as refused:
        await views.request_view(clinic.services(), clinic.scheduler(), request.request_id)

    assert (refused.value.status, refused.value.code) == (404, "not-found")
    assert not any(call.startswith("availability") for call in clinic.calls)


async def test_a_week_runs_monday_to_sunday_with_its_items_named(clinic: FakeClinic) -> None:
    clinic.add_appointment(MONDAY_9AM)
    wednesday = date(2027, 3, 3)

    calendar = await views.calendar_view(clinic.services(), clinic.scheduler(), wednesday, "week", None, [])

    assert (calendar.date_from, calendar.date_to) == (date(2027, 3, 1), date(2027, 3, 7))
    assert [(item.kind, item.patient_name) for item in calendar.items] == [("appointment", "Lily Chen")]


async def test_matching_slots_are_those_inside_the_preferred_times(clinic: FakeClinic) -> None:
    windows = PreferredTimes(
        weekdays=["monday", "wednesday"], parts_of_day=["morning"], date_from="2027-03-01", date_to="2027-03-14"
    )
    request = clinic.add_request(MONDAY_9AM, status="awaiting-time", preferred_times=windows)

    matching = await views.matching_slots(clinic.services(), request.request_id)

    # The fake lists 16:00 UTC daily: 08:00 in Los Angeles, a morning; Mondays and Wednesdays only.
    assert [slot.start.date() for slot in matching.slots] == [date(2027, 3, day) for day in (1, 3, 8, 10)]
    assert matching.preferred_times == windows


async def test_a_request_with_a_time_has_no_matching_slots(clinic: FakeClinic) -> None:
    request = clinic.add_request(MONDAY_9AM)

    with pytest.raises(Problem) as refused:
        await views.matching_slots(clinic.services(), request.request_id)

    assert refused.value.code == "request-not-awaiting-time"


async def test_an_appointment_ends_after_its_visit_type(clinic: FakeClinic) -> None:
    services, scheduler = clinic.services(), clinic.scheduler()

    end = await views.appointment_end(services, scheduler, MONDAY_9AM, None, clinic.visit_type_id)

    assert end == MONDAY_9AM + timedelta(minutes=45)
    with pytest.raises(Problem) as refused:
        await views.appointment_end(services, scheduler, MONDAY_9AM, None, None)
    assert refused.value.code == "end-or-visit-type-required"


async def test_a_service_answering_an_unknown_document_is_its_failure(clinic: FakeClinic) -> None:
    services = clinic.services()
    services.requests.http._transport = httpx.MockTransport(lambda _: httpx.Response(200, json={"pending": "many"}))

    with pytest.raises(Problem) as failed:
        await services.requests.pending_count()

    assert (failed.value.status, failed.value.code) == (502, "service-failed")
