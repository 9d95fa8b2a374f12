"""Insurance authorizations, through the gateway and the real broker: the admin sets one on a case;
a portal request beyond it is refused (`block`), accepted with a warning the scheduler sees
(`warn`) or simply accepted (`allow`); visits left follow bookings, cancellations and declines.

Each test opens a case of its own for Lily (the demo's cases are counted by other tests), and
leaves nothing pending or booked on it: its requests are ended and the case is discharged.
"""

import uuid
from datetime import date, datetime, timedelta

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import DANA, LILY, LILY_CASE, Api, problem_code, request_body, slots, wait_for
from tests.gateway.test_story import settled, submit

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def local_day(slot: dict) -> date:
    return datetime.fromisoformat(slot["local_start"]).date()


def one_slot_a_day(slot_list: list[dict]) -> list[dict]:
    """The first slot of each day: no two of them overlap, whatever the visit's length."""
    firsts: dict[date, dict] = {}
    for slot in slot_list:
        firsts.setdefault(local_day(slot), slot)
    return list(firsts.values())


def blocked_after(visits: int, days: int = 90) -> dict:
    """An authorization of `visits` over the next `days`, beyond which a request is refused."""
    today = date.today()
    return {
        "visits": visits,
        "first_day": str(today),
        "last_day": str(today + timedelta(days=days)),
        "visits_per_week": None,
        "limit": "block",
    }


def open_case(admin: Api, authorization: dict | None) -> str:
    body = {
        "patient_id": str(LILY),
        "title": f"Insured care {uuid.uuid4().hex[:6]}",
        "primary_therapist_id": str(DANA),
        "location_id": str(demo.DOWNTOWN),
        "allow_appointment_requests": True,
        "requestable_visit_type_ids": [str(demo.TREATMENT)],
        "authorization": authorization,
    }
    opened = admin.ok("POST", "/api/admin/patient-cases", json=body)
    assert opened["authorization"] == authorization
    return opened["case_id"]


def set_authorization(admin: Api, case_id: str, authorization: dict | None) -> dict:
    saved = admin.ok("PUT", f"/api/admin/patient-cases/{case_id}/authorization", json={"authorization": authorization})
    assert saved["authorization"] == authorization
    return saved


def ask(caregiver: Api, case_id: str, slot: dict):
    return caregiver.call(
        "POST", "/api/portal/requests", json=request_body(LILY, case_id, demo.TREATMENT, slot["start"])
    )


def pending_request(caregiver: Api, case_id: str, slot: dict) -> dict:
    _, request = submit(caregiver, request_body(LILY, case_id, demo.TREATMENT, slot["start"]))
    assert request["status"] == "pending", request
    return request


def approved(scheduler: Api, request: dict) -> dict:
    path = f"/api/scheduler/requests/{request['request_id']}"
    done = settled(scheduler, path, scheduler.call("POST", f"{path}/approve"))
    assert done["status"] == "approved", done
    return done


def standing(scheduler: Api, request: dict) -> dict:
    """The request's authorization as the scheduler's request page shows it."""
    return scheduler.ok("GET", f"/api/scheduler/requests/{request['request_id']}")["authorization"]


def listed_standing(scheduler: Api, request: dict) -> dict:
    items = scheduler.ok(
        "GET",
        "/api/scheduler/requests",
        params={"status": ["pending", "approved"], "patient_id": str(LILY), "limit": 200},
    )["items"]
    return next(item for item in items if item["request_id"] == request["request_id"])["authorization"]


def warning_codes(authorization: dict) -> list[str]:
    return [warning["code"] for warning in authorization["warnings"]]


def refused_with(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem_code(response) == code
    return response.json()


def discharge(admin: Api, scheduler: Api, case_id: str) -> None:
    """End what the test left on the case, so other tests count the calendar as they expect."""
    items = scheduler.ok("GET", "/api/scheduler/requests", params={"status": ["pending", "approved"], "limit": 200})
    for request in items["items"]:
        if request["case_id"] != case_id:
            continue
        path = f"/api/scheduler/requests/{request['request_id']}"
        if request["status"] == "pending":
            scheduler.ok("POST", f"{path}/decline", json={"reason": "Test over."})
        else:
            scheduler.ok("POST", f"/api/scheduler/appointments/{request['appointment_id']}/cancel")
    admin.ok("PUT", f"/api/admin/patient-cases/{case_id}/status", json={"status": "discharged"})


def test_beyond_the_authorization_blocked_warned_or_allowed_and_visits_left_follow_the_calendar(
    admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    authorization = blocked_after(3)
    case_id = open_case(admin, authorization)
    try:
        days = one_slot_a_day(slots(caregiver, case_id, demo.TREATMENT, days=21))
        assert len(days) >= 5, days
        # N - 2 used: one visit booked; then the two pending requests leave none.
        booked = approved(scheduler, pending_request(caregiver, case_id, days[0]))
        assert standing(scheduler, booked) | {"warnings": []} == standing(scheduler, booked)
        assert (standing(scheduler, booked)["visits_used"], standing(scheduler, booked)["visits_left"]) == (1, 2)
        second = pending_request(caregiver, case_id, days[1])
        third = pending_request(caregiver, case_id, days[2])
        assert listed_standing(scheduler, third)["visits_left"] == 0
        assert warning_codes(standing(scheduler, third)) == []

        # `block`: the next is refused with its own code and words a caregiver understands.
        problem = refused_with(ask(caregiver, case_id, days[3]), 409, "authorization-exhausted")
        assert "insurance authorization" in problem["detail"] and "3 visits" in problem["detail"]

        # `warn` (the case's own choice): accepted, and the scheduler is told it is over by one.
        set_authorization(admin, case_id, authorization | {"limit": "warn"})
        fourth = pending_request(caregiver, case_id, days[3])
        seen = standing(scheduler, fourth)
        assert (seen["visits_used"], seen["visits_pending"], seen["visits_left"]) == (1, 3, -1)
        assert warning_codes(seen) == ["authorization-exhausted"]
        assert "by 1" in seen["warnings"][0]["reason"]
        assert warning_codes(listed_standing(scheduler, fourth)) == ["authorization-exhausted"]
        # The standing and the warnings worded for schedulers are the clinic's: never the family's.
        assert fourth["authorization"] is None
        assert caregiver.ok("GET", f"/api/portal/requests/{fourth['request_id']}")["authorization"] is None
        family_list = caregiver.ok("GET", "/api/portal/requests", params={"limit": 200})["items"]
        assert all(item["authorization"] is None for item in family_list)
        history = scheduler.ok("GET", f"/api/scheduler/requests/{fourth['request_id']}")["history"]
        assert any(entry["action"] == "beyond authorization" for entry in history)
        # Approving over the limit is the scheduler's call: allowed, and still shown.
        fourth = approved(scheduler, fourth)
        assert (standing(scheduler, fourth)["visits_left"], warning_codes(standing(scheduler, fourth))) == (
            -1,
            ["authorization-exhausted"],
        )

        # `allow`, clinic-wide (the case leaves it to the clinic): simply accepted, nothing said.
        set_authorization(admin, case_id, authorization | {"limit": None})
        policy = admin.ok("GET", "/api/admin/clinic")["request_policy"]
        assert policy["authorization_limit"] == "warn", "the clinic-wide default"
        admin.ok("PUT", "/api/admin/clinic/request-policy", json=policy | {"authorization_limit": "allow"})
        fifth = pending_request(caregiver, case_id, days[4])
        seen = standing(scheduler, fifth)
        assert (seen["limit"], seen["visits_left"], seen["warnings"]) == ("allow", -2, [])

        # A declined request and a cancelled appointment give their visits back.
        scheduler.ok("POST", f"/api/scheduler/requests/{fifth['request_id']}/decline", json={"reason": "Not covered."})
        assert standing(scheduler, second)["visits_left"] == -1
        scheduler.ok("POST", f"/api/scheduler/appointments/{booked['appointment_id']}/cancel")
        wait_for(lambda: standing(scheduler, second)["visits_left"] == 0)
        assert standing(scheduler, second)["visits_used"] == 1  # the fourth, approved
    finally:
        discharge(admin, scheduler, case_id)


def test_an_appointment_booked_straight_in_the_calendar_uses_the_authorization_too(
    admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    authorization = blocked_after(2)
    case_id = open_case(admin, authorization)
    booked_directly = None
    try:
        days = one_slot_a_day(slots(caregiver, case_id, demo.TREATMENT, days=21))
        assert len(days) >= 3, days
        # The scheduler books the first day for the case in the calendar: no request at all.
        booking = {
            "patient_id": str(LILY),
            "case_id": case_id,
            "therapist_id": str(DANA),
            "location_id": str(demo.DOWNTOWN),
            "visit_type_id": str(demo.TREATMENT),
            "start": days[0]["start"],
        }
        booked_directly = scheduler.ok("POST", "/api/scheduler/appointments", json=booking)["appointment_id"]
        # Availability tells the request service through the calendar topic: it counts once it has heard.
        second = pending_request(caregiver, case_id, days[1])
        wait_for(lambda: standing(scheduler, second)["visits_used"] == 1)
        assert (standing(scheduler, second)["visits_pending"], standing(scheduler, second)["visits_left"]) == (1, 0)
        refused_with(ask(caregiver, case_id, days[2]), 409, "authorization-exhausted")

        # Cancelled in the calendar: its visit is given back.
        scheduler.ok("POST", f"/api/scheduler/appointments/{booked_directly}/cancel")
        booked_directly = None
        wait_for(lambda: standing(scheduler, second)["visits_left"] == 1)
        assert pending_request(caregiver, case_id, days[2])["status"] == "pending"
    finally:
        if booked_directly is not None:
            scheduler.ok("POST", f"/api/scheduler/appointments/{booked_directly}/cancel")
        discharge(admin, scheduler, case_id)


def test_outside_the_authorized_days_and_over_the_weekly_limit_have_codes_of_their_own(
    admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    case_id = open_case(admin, None)
    try:
        offered = slots(caregiver, case_id, demo.TREATMENT, days=21)
        by_week: dict[tuple[int, int], list[dict]] = {}
        for slot in one_slot_a_day(offered):
            by_week.setdefault(local_day(slot).isocalendar()[:2], []).append(slot)
        first, same_week = next(days for days in by_week.values() if len(days) >= 2)[:2]
        later_week = next(days[0] for days in by_week.values() if local_day(days[0]) > local_day(same_week))
        set_authorization(
            admin,
            case_id,
            {
                "visits": 10,
                "first_day": str(local_day(first)),
                "last_day": str(local_day(same_week)),
                "visits_per_week": 1,
                "limit": "block",
            },
        )
        kept = pending_request(caregiver, case_id, first)
        assert standing(scheduler, kept)["week_visits"] == 1

        problem = refused_with(ask(caregiver, case_id, same_week), 409, "weekly-authorization-limit")
        assert "1 visits a week" in problem["detail"]
        problem = refused_with(ask(caregiver, case_id, later_week), 422, "outside-authorization")
        assert str(local_day(first).year) in problem["detail"]
    finally:
        discharge(admin, scheduler, case_id)


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        ({"visits": 0, "first_day": "2027-01-01", "last_day": "2027-02-01"}, None),
        ({"visits": 5, "first_day": "2027-01-01", "last_day": "2027-02-01", "visits_per_week": 0}, None),
        ({"visits": 5, "first_day": "2027-03-01", "last_day": "2027-02-28"}, "authorization-ends-before-it-starts"),
        ({"visits": 5, "first_day": "2027-03-01", "last_day": "2027-04-01", "limit": "sometimes"}, None),
    ],
)
def test_an_authorization_that_cannot_be_is_refused_with_a_problem(admin, authorization: dict, code) -> None:
    response = admin.call(
        "PUT", f"/api/admin/patient-cases/{LILY_CASE}/authorization", json={"authorization": authorization}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if code is not None:
        assert problem_code(response) == code
    assert admin.ok("GET", f"/api/admin/patient-cases/{LILY_CASE}").get("authorization") is None


def test_a_weekly_series_uses_the_authorization_visit_by_visit(
    admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    """Every visit a series sends is counted: beyond the authorization it is refused whole under
    `block`; under `warn` each visit is accepted and carries its own warning."""
    authorization = blocked_after(3, days=120)
    case_id = open_case(admin, authorization)
    try:
        first = slots(caregiver, case_id, demo.TREATMENT, days=7)[0]
        series = {
            "patient_id": str(LILY),
            "case_id": case_id,
            "visit_type_id": str(demo.TREATMENT),
            "location_id": str(demo.DOWNTOWN),
            "first_start": first["start"],
            "interval_weeks": 1,
            "visits": 4,
            "send": [1, 2, 3, 4],
        }
        refused = caregiver.call("POST", "/api/portal/series", json=series | {"idempotency_key": str(uuid.uuid4())})
        refused_with(refused, 409, "authorization-exhausted")

        set_authorization(admin, case_id, authorization | {"limit": "warn"})
        sent = caregiver.call("POST", "/api/portal/series", json=series | {"idempotency_key": str(uuid.uuid4())})
        assert sent.status_code in (201, 202), sent.text
        request_ids = [request["request_id"] for request in sent.json()["requests"]]
        assert len(request_ids) == 4
        for request_id in request_ids:
            history = scheduler.ok("GET", f"/api/scheduler/requests/{request_id}")["history"]
            assert any(entry["action"] == "beyond authorization" for entry in history), history
    finally:
        discharge(admin, scheduler, case_id)
