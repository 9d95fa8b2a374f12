"""An admin reads who changed their clinic's settings: the change they just made, named, with
what differed, and the demo loader's creation before it."""

import pytest

from clinic_settings import demo_data as demo

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
