"""An admin reads who changed their clinic's settings: the change they just made, named, with
what differed, and the demo loader's creation before it. And what a change does to requests
already waiting: they are flagged to the scheduler, not lost."""

from datetime import date, timedelta

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import DANA, LILY, LILY_CASE, make_room, request_body, slots, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def test_an_admin_sees_their_own_change_named_and_what_it_changed(admin, settings_restored) -> None:
    me = admin.ok("GET", "/api/me")["user"]
    path = f"/api/admin/locations/{demo.DOWNTOWN}/closures"
    downtown = next(loc for loc in admin.ok("GET", "/api/admin/locations") if loc["location_id"] == str(demo.DOWNTOWN))
    closure = {"first_day": "2027-01-04", "last_day": "2027-01-04", "reason": "Audit day"}
    admin.ok("PUT", path, json=[*downtown["closures"], closure])

    newest, *older = admin.ok("GET", "/api/admin/changes", params={"entity_id": str(demo.DOWNTOWN)})
    assert newest["actor"] == f"staff:{me['staff_user_id']}" and newest["actor_name"] == me["name"]
    assert list(newest["changes"]) == ["closures"] and closure in newest["changes"]["closures"]["to"]
    assert newest["revision"] == downtown["revision"] + 1
    created = older[-1]
    assert created["actor"] == "system:operator" and created["actor_name"] is None and created["revision"] == 1


def test_a_pending_request_is_flagged_to_the_scheduler_when_its_case_stops_taking_requests(
    admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    make_room(caregiver, LILY_CASE)
    start = slots(caregiver, LILY_CASE, demo.TREATMENT, start=date.today() + timedelta(days=3))[0]["start"]
    sent = caregiver.call("POST", "/api/portal/requests", json=request_body(LILY, LILY_CASE, demo.TREATMENT, start))
    assert sent.status_code in (201, 202), sent.text
    path = f"/api/scheduler/requests/{sent.json()['request_id']}"
    pending = wait_for(lambda: (found := scheduler.ok("GET", path))["status"] == "pending" and found)
    assert pending["attention"] == []
    try:
        admin.ok("PUT", f"/api/admin/patient-cases/{LILY_CASE}/appointment-requests", json={"enabled": False})
        flagged = wait_for(lambda: (found := scheduler.ok("GET", path))["attention"] and found)
        assert [reason["code"] for reason in flagged["attention"]] == ["case-not-requestable"]
        assert flagged["status"] == "pending", "flagged, and still the scheduler's to decide"
        listed = scheduler.ok("GET", "/api/scheduler/requests", params={"status": "pending", "limit": 200})["items"]
        assert next(r for r in listed if r["request_id"] == pending["request_id"])["attention"] == flagged["attention"]
    finally:
        caregiver.call("POST", f"/api/portal/requests/{pending['request_id']}/withdraw")


def test_an_admin_sees_who_changed_a_therapists_working_hours(admin, therapists_at_work) -> None:
    me = admin.ok("GET", "/api/me")["user"]
    path = f"/api/admin/therapists/{DANA}/working-hours/{demo.DOWNTOWN}"
    hours = admin.ok("GET", path)
    changed = {"periods": [{**hours["periods"][-1], "effective_to": "2099-12-31"}], "extra_hours": hours["extra_hours"]}
    try:
        admin.ok("PUT", path, json=changed)
        newest = admin.ok("GET", f"/api/admin/therapists/{DANA}/schedule-changes")[0]
        assert (newest["kind"], newest["location_id"]) == ("working-hours", str(demo.DOWNTOWN))
        assert (newest["actor"], newest["actor_name"]) == (f"staff:{me['staff_user_id']}", me["name"])
        assert newest["changes"]["periods"]["to"][-1]["effective_to"] == "2099-12-31"
    finally:
        admin.ok("PUT", path, json={"periods": hours["periods"], "extra_hours": hours["extra_hours"]})
