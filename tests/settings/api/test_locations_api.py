"""Locations over real HTTP: hours with breaks, closures, the request switch; bad input changes nothing."""

import uuid

import pytest

from tests.settings.settings_api import SettingsApi, assert_problem

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

WEEKDAYS_WITH_LUNCH = [
    {"weekday": day, "start": start, "end": end}
    for day in range(5)
    for start, end in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00"))
]
HOLIDAY = {"first_day": "2026-12-25", "last_day": "2026-12-25", "reason": "Christmas"}


async def test_a_location_keeps_its_zone_address_hours_and_closures(api: SettingsApi) -> None:
    clinic = await api.clinic()
    location = await api.location(
        clinic,
        name="Pasadena",
        time_zone="America/Los_Angeles",
        address="455 Colorado Blvd",
        operating_hours=list(reversed(WEEKDAYS_WITH_LUNCH)),
        closures=[HOLIDAY],
    )
    assert location["time_zone"] == "America/Los_Angeles" and location["address"] == "455 Colorado Blvd"
    assert location["operating_hours"] == WEEKDAYS_WITH_LUNCH
    assert location["closures"] == [HOLIDAY]
    assert location["allow_appointment_requests"] is False
    assert await api.ok("GET", f"/locations/{location['location_id']}") == location
    assert await api.ok("GET", f"/clinics/{clinic['clinic_id']}/locations") == [location]


async def test_hours_closures_and_the_switch_are_replaced_one_by_one(api: SettingsApi) -> None:
    location = await api.location(await api.clinic())
    path = f"/locations/{location['location_id']}"
    with_hours = await api.ok("PUT", f"{path}/operating-hours", WEEKDAYS_WITH_LUNCH)
    with_closures = await api.ok("PUT", f"{path}/closures", [HOLIDAY])
    allowed = await api.ok("PUT", f"{path}/appointment-requests", {"enabled": True})
    renamed = await api.ok("PATCH", path, {"name": "Downtown Boston", "address": "120 Harbor St"})
    assert [s["revision"] for s in (with_hours, with_closures, allowed, renamed)] == [2, 3, 4, 5]
    assert renamed["operating_hours"] == WEEKDAYS_WITH_LUNCH and renamed["closures"] == [HOLIDAY]
    assert renamed["allow_appointment_requests"] is True and renamed["name"] == "Downtown Boston"


@pytest.mark.parametrize(
    "sub_resource, body, code",
    [
        ("operating-hours", [{"weekday": 0, "start": "12:00", "end": "08:00"}], "opening-hours-end-before-start"),
        (
            "operating-hours",
            [{"weekday": 0, "start": "08:00", "end": "12:00"}, {"weekday": 0, "start": "11:30", "end": "14:00"}],
            "opening-hours-overlap",
        ),
        ("operating-hours", [{"weekday": 7, "start": "08:00", "end": "12:00"}], "invalid-request"),
        ("closures", [{"first_day": "2026-12-26", "last_day": "2026-12-24"}], "closure-ends-before-it-starts"),
    ],
)
async def test_bad_hours_or_closures_are_refused_and_change_nothing(
    api: SettingsApi, sub_resource: str, body: list, code: str
) -> None:
    location = await api.location(await api.clinic(), operating_hours=WEEKDAYS_WITH_LUNCH)
    path = f"/locations/{location['location_id']}"
    assert_problem(await api.http.put(f"{path}/{sub_resource}", json=body), 422, code)
    assert await api.ok("GET", path) == location


async def test_an_unknown_time_zone_is_refused_on_create_and_change(api: SettingsApi) -> None:
    clinic = await api.clinic()
    create = await api.http.post(
        f"/clinics/{clinic['clinic_id']}/locations", json={"name": "X", "time_zone": "America/Gotham"}
    )
    assert_problem(create, 422, "unknown-time-zone")
    location = await api.location(clinic)
    change = await api.http.patch(f"/locations/{location['location_id']}", json={"time_zone": "localtime"})
    assert_problem(change, 422, "unknown-time-zone")


async def test_an_unknown_location_is_a_404(api: SettingsApi) -> None:
    assert_problem(await api.http.get(f"/locations/{uuid.uuid4()}"), 404, "location-not-found")
    response = await api.http.put(f"/locations/{uuid.uuid4()}/closures", json=[])
    assert_problem(response, 404, "location-not-found")
