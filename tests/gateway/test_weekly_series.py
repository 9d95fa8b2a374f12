"""Weekly series through the gateway, the services and the real broker: the preview judges each
visit as its hold will be judged, the series holds what it sends, the scheduler decides visit by
visit, each visit lives on its own, and a series across a daylight-saving change keeps its local
time."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import (
    LILY,
    LILY_CASE,
    book_theo,
    make_room,
    slots,
    submission,
    until_the_calendar_has,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

NEW_YORK = ZoneInfo("America/New_York")  # Downtown's zone
WEEKS = 10
TAKEN = (3, 7)  # the visits booked for another patient first


@pytest.fixture
def long_horizon(admin, settings_restored, stack):
    """A booking horizon long enough for ten weeks ahead and the next spring clock change, whenever
    the test runs (put back after), once availability has it too."""
    policy = admin.ok("GET", "/api/admin/clinic")["request_policy"]
    changed = admin.ok("PUT", "/api/admin/clinic/request-policy", json=policy | {"booking_horizon_days": 420})
    until_the_calendar_has(stack, changed)
    return policy


def preview(caregiver, first_start: str, visits: int, interval_weeks: int = 1) -> list[dict]:
    body = {
        "visit_type_id": str(demo.TREATMENT),
        "first_start": first_start,
        "interval_weeks": interval_weeks,
        "visits": visits,
    }
    return caregiver.ok("POST", f"/api/portal/cases/{LILY_CASE}/series-preview", json=body)["visits"]


def series_body(first_start: str, visits: int, send: list[int]) -> dict:
    asked = {"first_start": first_start, "interval_weeks": 1, "visits": visits, "send": send}
    return submission(LILY, LILY_CASE, demo.TREATMENT, **asked)


def series_requests(portal, series_id: str) -> list[dict]:
    items = portal.ok("GET", "/api/portal/requests", params={"limit": 200})["items"]
    mine = [item for item in items if item["series"] and item["series"]["series_id"] == series_id]
    return sorted(mine, key=lambda item: item["series"]["occurrence"])


def a_free_ten_weeks(caregiver) -> str:
    """A slot whose ten weekly repeats are all free now (the demo clinic is shared: take one that is)."""
    after = _iso(datetime.now(UTC) + timedelta(days=3))
    candidates = [slot for slot in slots(caregiver, LILY_CASE, demo.TREATMENT, days=13) if slot["start"] > after]
    for slot in candidates[:: max(1, len(candidates) // 12)]:
        visits = preview(caregiver, slot["start"], WEEKS)
        if all(visit["available"] for visit in visits):
            return slot["start"]
    raise AssertionError("no slot with ten free weeks")


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def calendar_items(scheduler, first_start: str, request_ids: set[str], appointment_ids: set[str]) -> list[dict]:
    """The series' items on Downtown's calendar over its weeks: holds of its requests, its appointments."""
    first_day = datetime.fromisoformat(first_start).astimezone(NEW_YORK).date()
    found = []
    for week in range(WEEKS):
        day = first_day + timedelta(weeks=week)
        params = {"day": str(day), "span": "day", "location_id": str(demo.DOWNTOWN)}
        view = scheduler.ok("GET", "/api/scheduler/calendar", params=params)
        found += [
            item
            for item in view["items"]
            if item.get("request_id") in request_ids or item["item_id"] in appointment_ids
        ]
    return found


def test_a_ten_week_series_with_two_weeks_taken(admin, caregiver, scheduler, therapists_at_work, long_horizon) -> None:
    make_room(caregiver, LILY_CASE)
    first_start = wait_for(lambda: a_free_ten_weeks(caregiver), timeout=60)
    planned = preview(caregiver, first_start, WEEKS)
    # Two of the weeks are booked first, for another of Dana's patients.
    blockers = [book_theo(scheduler, planned[number - 1]["start"])["appointment_id"] for number in TAKEN]
    try:
        visits = preview(caregiver, first_start, WEEKS)
        assert [visit["number"] for visit in visits if not visit["available"]] == list(TAKEN)
        assert {visit["unavailable_code"] for visit in visits if not visit["available"]} == {"conflicts-with-calendar"}
        taken = [visit for visit in visits if not visit["available"]]
        assert all("calendar already has something" in visit["unavailable_reason"] for visit in taken)
        local_times = {datetime.fromisoformat(visit["local_start"]).time() for visit in visits}
        assert len(local_times) == 1, "every visit at the first one's local time"
        available = [visit["number"] for visit in visits if visit["available"]]
        assert len(available) == 8

        sent = caregiver.call("POST", "/api/portal/series", json=series_body(first_start, WEEKS, available))
        assert sent.status_code == 201, sent.text
        series_id = sent.json()["series_id"]
        assert [r["series"]["occurrence"] for r in sent.json()["requests"]] == available

        def all_held() -> list[dict]:
            found = series_requests(caregiver, series_id)
            assert found and all(r["status"] == "pending" for r in found), [r["status"] for r in found]
            return found

        requests = wait_for(all_held)
        assert len(requests) == 8
        request_ids = {r["request_id"] for r in requests}
        held = calendar_items(scheduler, first_start, request_ids, set())
        assert sorted(item["kind"] for item in held) == ["pending_request"] * 8

        # The scheduler sees the series in the list, and decides: seven approved, one declined.
        listed = scheduler.ok("GET", "/api/scheduler/requests", params={"series_id": series_id, "limit": 50})
        assert listed["total"] == 8
        declined = requests[4]
        decisions = [{"request_id": r["request_id"], "decision": "approve"} for r in requests if r is not declined] + [
            {"request_id": declined["request_id"], "decision": "decline", "reason": "Dana is at a course that week."}
        ]
        path = f"/api/scheduler/series/{series_id}/decisions"
        outcomes = scheduler.ok("POST", path, json={"decisions": decisions})["outcomes"]
        assert [outcome["applied"] for outcome in outcomes] == [True] * 8

        def decided() -> list[dict]:
            found = series_requests(caregiver, series_id)
            assert sorted(r["status"] for r in found) == ["approved"] * 7 + ["declined"], [r["status"] for r in found]
            return found

        requests = wait_for(decided)
        declined_now = next(r for r in requests if r["status"] == "declined")
        assert declined_now["decline_reason"] == "Dana is at a course that week."

        # Later one approved appointment is cancelled; the rest stay.
        cancelled = next(r for r in requests if r["status"] == "approved")
        scheduler.ok("POST", f"/api/scheduler/appointments/{cancelled['appointment_id']}/cancel")
        cancelled_path = f"/api/portal/requests/{cancelled['request_id']}"
        wait_for(lambda: caregiver.ok("GET", cancelled_path)["status"] == "appointment-cancelled")

        approved = {r["appointment_id"] for r in requests if r["status"] == "approved"}
        on_calendar = calendar_items(scheduler, first_start, request_ids, approved)
        # Six appointments; nothing for the declined visit; the cancelled one gone; no stray holds.
        assert sorted(item["kind"] for item in on_calendar) == ["appointment"] * 6
        assert {item["item_id"] for item in on_calendar} == approved - {cancelled["appointment_id"]}
        statuses = sorted(r["status"] for r in series_requests(caregiver, series_id))
        assert statuses == ["appointment-cancelled", *["approved"] * 6, "declined"]
        for appointment_id in approved - {cancelled["appointment_id"]}:
            scheduler.ok("POST", f"/api/scheduler/appointments/{appointment_id}/cancel")
    finally:
        for appointment_id in blockers:
            scheduler.ok("POST", f"/api/scheduler/appointments/{appointment_id}/cancel")


def _spring_forward(after: date) -> date:
    """The next day after `after` on which New York's clocks jump forward (a Sunday in March)."""
    offset = lambda day: NEW_YORK.utcoffset(datetime.combine(day, time()))  # noqa: E731
    day = after + timedelta(days=1)
    while offset(day + timedelta(days=1)) <= offset(day):
        day += timedelta(days=1)
    return day


def test_a_series_across_the_spring_clock_change_keeps_its_local_time(
    caregiver, therapists_at_work, long_horizon
) -> None:
    make_room(caregiver, LILY_CASE)
    change = _spring_forward(date.today() + timedelta(days=14))
    monday_before = change - timedelta(days=13)  # two visits before the change, two after
    assert monday_before.weekday() == 0
    first_start = _iso(datetime.combine(monday_before, time(10), NEW_YORK).astimezone(UTC))

    def previewed() -> list[dict]:
        visits = preview(caregiver, first_start, 4)
        assert all(visit["available"] for visit in visits), visits
        return visits

    visits = wait_for(previewed, timeout=30)
    assert [datetime.fromisoformat(v["local_start"]).strftime("%H:%M") for v in visits] == ["10:00"] * 4
    assert [datetime.fromisoformat(v["start"]).hour for v in visits] == [15, 15, 14, 14]

    sent = caregiver.call("POST", "/api/portal/series", json=series_body(first_start, 4, [1, 2, 3, 4]))
    assert sent.status_code == 201, sent.text
    starts = [datetime.fromisoformat(r["start"]) for r in sent.json()["requests"]]
    assert [start.astimezone(NEW_YORK).time() for start in starts] == [time(10)] * 4
    assert [start.astimezone(UTC).hour for start in starts] == [15, 15, 14, 14]
    # Whatever the calendar answered, the four are withdrawn: the demo clinic's counts stay as they were.
    for request in sent.json()["requests"]:
        path = f"/api/portal/requests/{request['request_id']}"
        wait_for(lambda path=path: caregiver.ok("GET", path)["status"] != "submitted")
        caregiver.call("POST", f"/api/portal/requests/{request['request_id']}/withdraw")
