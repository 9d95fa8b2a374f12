"""The whole story through the gateway, against the real services, Kafka and PostgreSQL, from the
demo clinic: the admin sets up and turns the feature on, a caregiver asks, a scheduler reviews the
snapshot, edits and approves; another request is declined; a time taken first is refused; the
calendar shows each state; and each of the seed's gates refuses what it should."""

from datetime import UTC, date, datetime, time, timedelta

import httpx
import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import (
    DANA,
    HENRY,
    LILY,
    LILY_CASE,
    OWEN,
    OWEN_CASE,
    RUBY,
    Api,
    book_theo,
    case,
    first_closed_gate,
    make_room,
    patient,
    problem_code,
    request_body,
    slots,
    wait_for,
    wait_for_gate,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

NOTE = "Mornings suit us best; Lily has school from 12."


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment)


def calendar_items(scheduler: Api, slot: dict, **params) -> list[dict]:
    """The Downtown calendar on the slot's local day."""
    day = at(slot["local_start"]).date()
    return scheduler.ok(
        "GET", "/api/scheduler/calendar", params={"day": str(day), "location_id": str(demo.DOWNTOWN), **params}
    )["items"]


def kinds_of(items: list[dict], request_id: str) -> list[str]:
    return [item["kind"] for item in items if item["request_id"] == request_id]


def settled(api: Api, path: str, response: httpx.Response) -> dict:
    """The request once the calendar has answered: at once (201/200), or by polling after a 202."""

    def answered(request: dict) -> bool:
        return request["status"] not in ("submitted", "approving") and not request["proposed_edit"]

    request = response.json()
    if response.status_code == 202 or not answered(request):
        request = wait_for(lambda: (current := api.ok("GET", path)) and answered(current) and current)
    return request


def submit(portal: Api, body: dict) -> tuple[httpx.Response, dict]:
    response = portal.call("POST", "/api/portal/requests", json=body)
    assert response.status_code in (201, 202), response.text
    assert response.headers["Location"] == f"/api/portal/requests/{response.json()['request_id']}"
    return response, settled(portal, response.headers["Location"], response)


def test_set_up_request_review_edit_approve_and_decline(
    admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    # The admin sets the clinic up: with the feature off, nothing can be requested.
    admin.ok("PUT", "/api/admin/clinic/appointment-requests", json={"enabled": False})
    assert caregiver.ok("GET", f"/api/portal/patients/{LILY}/cases") == []
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "appointment-requests-off")
    admin.ok("PUT", f"/api/admin/locations/{demo.DOWNTOWN}/appointment-requests", json={"enabled": True})
    admin.ok("PUT", f"/api/admin/patient-cases/{LILY_CASE}/appointment-requests", json={"enabled": True})
    visit_types = [str(demo.TREATMENT), str(demo.RE_EVALUATION)]
    admin.ok("PUT", f"/api/admin/patient-cases/{LILY_CASE}/requestable-visit-types", json=visit_types)
    hours = admin.ok("GET", f"/api/admin/therapists/{DANA}/working-hours/{demo.DOWNTOWN}")
    assert hours["periods"] and hours["periods"][-1]["hours"], hours
    turned_on = admin.ok("PUT", "/api/admin/clinic/appointment-requests", json={"enabled": True})
    assert turned_on["appointment_requests_enabled"] is True
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")

    # The caregiver of two chooses Lily, her case, a visit type, the location and a time.
    me = caregiver.ok("GET", "/api/me")
    assert me["kind"] == "portal" and set(me["user"]["patient_ids"]) == {str(LILY), str(OWEN)}
    assert {p["name"] for p in caregiver.ok("GET", "/api/portal/patients")} == {"Lily Chen", "Owen Chen"}
    assert [c["case_id"] for c in caregiver.ok("GET", f"/api/portal/patients/{LILY}/cases")] == [str(LILY_CASE)]
    offered = {v["name"] for v in caregiver.ok("GET", f"/api/portal/cases/{LILY_CASE}/visit-types")}
    assert offered == {"Treatment", "Re-evaluation"}
    assert "Harborview Downtown" in {loc["name"] for loc in caregiver.ok("GET", "/api/portal/locations")}
    make_room(caregiver, LILY_CASE)
    free = slots(caregiver, LILY_CASE, demo.TREATMENT)
    first = free[0]

    body = request_body(LILY, LILY_CASE, demo.TREATMENT, first["start"], note=NOTE)
    response, request = submit(caregiver, body)
    assert response.status_code == 201, "the workflow settles well within the two seconds"
    assert request["status"] == "pending" and request["note"] == NOTE
    request_id = request["request_id"]
    replayed = caregiver.call("POST", "/api/portal/requests", json=body)
    assert replayed.json()["request_id"] == request_id, "the same idempotency key answers with the first"
    held = [at(s["start"]) for s in slots(caregiver, LILY_CASE, demo.TREATMENT)]
    assert at(first["start"]) not in held, "a pending request holds its time"
    mine = caregiver.ok("GET", "/api/portal/requests", params={"status": "pending"})["items"]
    assert request_id in {r["request_id"] for r in mine}

    # The scheduler sees it in the list, with names and the note, and reviews the snapshot.
    listed = scheduler.ok("GET", "/api/scheduler/requests", params={"patient_id": str(LILY)})
    item = next(i for i in listed["items"] if i["request_id"] == request_id)
    assert (item["patient_name"], item["therapist_name"], item["visit_type_name"], item["location_name"]) == (
        "Lily Chen",
        "Dana Whitfield",
        "Treatment",
        "Harborview Downtown",
    )
    assert item["note"] == NOTE and item["time_zone"] == "America/New_York"
    assert listed["pending_count"] >= 1
    assert scheduler.ok("GET", "/api/scheduler/requests/pending-count")["pending"] >= 1
    one = scheduler.ok("GET", f"/api/scheduler/requests/{request_id}")
    snapshot = one["calendar_snapshot"]
    own = [i for i in snapshot["items"] if i["requested"]]
    assert [(i["kind"], i["request_id"], i["patient_name"]) for i in own] == [
        ("pending_request", request_id, "Lily Chen")
    ]
    assert at(snapshot["start"]) <= at(first["start"]) < at(first["end"]) <= at(snapshot["end"])
    assert [h["to_status"] for h in one["history"]][-1] == "pending"
    assert kinds_of(calendar_items(scheduler, first), request_id) == ["pending_request"]

    # The scheduler edits it to a later time (held before the old one is let go), then approves.
    later = next(s for s in free if at(s["start"]) >= at(first["end"]) + timedelta(hours=1))
    edit = scheduler.call("POST", f"/api/scheduler/requests/{request_id}/edit", json={"start": later["start"]})
    assert edit.status_code == 200, edit.text
    edited = settled(scheduler, f"/api/scheduler/requests/{request_id}", edit)
    assert edited["edit_refusal"] is None and at(edited["start"]) == at(later["start"]), edited
    approve = scheduler.call("POST", f"/api/scheduler/requests/{request_id}/approve")
    assert approve.status_code == 200, approve.text
    approved = settled(scheduler, f"/api/scheduler/requests/{request_id}", approve)
    assert approved["status"] == "approved" and approved["appointment_id"], approved
    assert caregiver.ok("GET", f"/api/portal/requests/{request_id}")["status"] == "approved"
    items = calendar_items(scheduler, later)
    assert kinds_of(items, request_id) == ["appointment"]
    appointment = next(i for i in items if i["request_id"] == request_id)
    assert appointment["item_id"] == approved["appointment_id"] and appointment["patient_name"] == "Lily Chen"
    if at(first["local_start"]).date() != at(later["local_start"]).date():
        assert kinds_of(calendar_items(scheduler, first), request_id) == []

    # Another request, for Owen, is declined with a reason the caregiver reads.
    make_room(caregiver, OWEN_CASE)
    owen_slot = slots(caregiver, OWEN_CASE, demo.EVALUATION)[0]
    _, owens = submit(caregiver, request_body(OWEN, OWEN_CASE, demo.EVALUATION, owen_slot["start"]))
    assert owens["status"] == "pending"
    assert kinds_of(calendar_items(scheduler, owen_slot), owens["request_id"]) == ["pending_request"]
    decline = f"/api/scheduler/requests/{owens['request_id']}/decline"
    # No reason and a reason of blanks break the one rule, with its one code.
    for no_reason in ("", "   "):
        refused = scheduler.call("POST", decline, json={"reason": no_reason})
        assert (refused.status_code, problem_code(refused)) == (422, "decline-reason-required"), refused.text
    reason = "Priya is at a conference that week; please pick another."
    declined = scheduler.ok("POST", decline, json={"reason": reason})
    assert declined["status"] == "declined"
    seen = caregiver.ok("GET", f"/api/portal/requests/{owens['request_id']}")
    assert (seen["status"], seen["decline_reason"]) == ("declined", reason)
    wait_for(lambda: kinds_of(calendar_items(scheduler, owen_slot), owens["request_id"]) == [])
    week = scheduler.ok(
        "GET",
        "/api/scheduler/calendar",
        params={"day": str(at(later["local_start"]).date()), "span": "week", "location_id": str(demo.DOWNTOWN)},
    )
    assert at(week["date_from"]).weekday() == 0 and (at(week["date_to"]) - at(week["date_from"])).days == 6
    assert kinds_of(week["items"], request_id) == ["appointment"]


def test_a_time_taken_first_is_refused_within_the_call(caregiver, scheduler, therapists_at_work) -> None:
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")
    make_room(caregiver, LILY_CASE)
    taken = slots(caregiver, LILY_CASE, demo.TREATMENT)[-1]
    appointment = book_theo(scheduler, taken["start"])
    try:
        assert (appointment["status"], appointment["booked_by"]) == ("active", "scheduler")
        assert at(appointment["end"]) - at(appointment["start"]) == timedelta(minutes=45)
        shown = next(i for i in calendar_items(scheduler, taken) if i["item_id"] == appointment["appointment_id"])
        assert (shown["kind"], shown["patient_name"]) == ("appointment", "Theo Walsh")

        response, refused = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, taken["start"]))
        assert refused["status"] == "refused" and refused["refusal"]["code"] == "conflicts-with-calendar", refused
        assert response.status_code == 201, "refused within the call"
        assert kinds_of(calendar_items(scheduler, taken), refused["request_id"]) == []
    finally:
        cancelled = scheduler.ok("POST", f"/api/scheduler/appointments/{appointment['appointment_id']}/cancel")
    assert cancelled["status"] == "cancelled"
    assert appointment["appointment_id"] not in {i["item_id"] for i in calendar_items(scheduler, taken)}
    wait_for(lambda: at(taken["start"]) in {at(s["start"]) for s in slots(caregiver, LILY_CASE, demo.TREATMENT)})


def _inside(slot: dict, hours: list[tuple[time, time]]) -> bool:
    start, end = at(slot["local_start"]), at(slot["local_end"])
    return any(opens <= start.time() and end.time() <= closes for opens, closes in hours)


DOWNTOWN_HOURS = {day: [(time(8), time(12)), (time(13), time(17))] for day in range(5)} | {5: [(time(9), time(12))]}


def test_the_seeds_gates_each_refuse_what_they_should(
    gateway, stack, admin, caregiver, therapists_at_work, settings_restored
) -> None:
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")

    # A case that does not allow requests: Ruby's carpal tunnel is not offered, nor accepted.
    ruby = Api(gateway, RUBY)
    ruby_patient = patient("Ruby Nguyen")
    assert ruby.ok("GET", f"/api/portal/patients/{ruby_patient}/cases") == []
    assert (
        first_closed_gate(ruby, ruby_patient, case("Ruby Nguyen", "Carpal tunnel"), demo.TREATMENT)
        == "case-not-requestable"
    )

    # A discharged case: only Henry's active case is offered; the old one is refused.
    henry = Api(gateway, HENRY)
    henry_patient = patient("Henry Alvarez")
    cases = henry.ok("GET", f"/api/portal/patients/{henry_patient}/cases")
    assert [c["title"] for c in cases] == ["Low back pain"]
    discharged = case("Henry Alvarez", "Left shoulder impingement 2025")
    assert first_closed_gate(henry, henry_patient, discharged, demo.TREATMENT) == "case-not-active"
    assert henry.get(f"/api/portal/cases/{discharged}/visit-types").status_code == 404

    # Visit types: one the case does not allow, and one no longer offered at all.
    offered = {v["visit_type_id"] for v in caregiver.ok("GET", f"/api/portal/cases/{LILY_CASE}/visit-types")}
    assert str(demo.EVALUATION) not in offered and str(demo.AQUATIC) not in offered
    for visit_type, code in (
        (demo.EVALUATION, "visit-type-not-requestable-for-case"),
        (demo.AQUATIC, "visit-type-inactive"),
    ):
        listing = caregiver.get(
            f"/api/portal/cases/{LILY_CASE}/slots",
            visit_type_id=str(visit_type),
            date_from=str(date.today()),
            date_to=str(date.today()),
        )
        assert (listing.status_code, problem_code(listing)) == (422, code)
        assert first_closed_gate(caregiver, LILY, LILY_CASE, visit_type) == code

    # The policy's window: not within the minimum notice, not beyond the booking horizon.
    assert first_closed_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT) == "within-minimum-notice"
    far = (datetime.now(UTC) + timedelta(days=61)).replace(minute=0, second=0, microsecond=0)
    beyond = caregiver.call(
        "POST", "/api/portal/requests", json=request_body(LILY, LILY_CASE, demo.TREATMENT, far.isoformat())
    )
    assert (beyond.status_code, problem_code(beyond)) == (422, "beyond-booking-horizon")
    another_location = request_body(LILY, LILY_CASE, demo.TREATMENT, far.isoformat()) | {
        "location_id": str(demo.PASADENA)
    }
    assert (
        problem_code(caregiver.call("POST", "/api/portal/requests", json=another_location)) == "location-not-the-cases"
    )

    # Opening hours and the therapist's hours: no slot at lunch, on a Sunday, or after hours.
    offered_slots = slots(caregiver, LILY_CASE, demo.TREATMENT, days=14)
    assert offered_slots and all(
        _inside(s, DOWNTOWN_HOURS.get(at(s["local_start"]).weekday(), [])) for s in offered_slots
    )

    # A closure the admin adds: nothing is offered that day, the day after is untouched.
    day = at(offered_slots[0]["local_start"]).date()
    downtown = next(loc for loc in admin.ok("GET", "/api/admin/locations") if loc["location_id"] == str(demo.DOWNTOWN))
    closure = {"first_day": str(day), "last_day": str(day), "reason": "Staff training"}
    admin.ok("PUT", f"/api/admin/locations/{demo.DOWNTOWN}/closures", json=[*downtown["closures"], closure])
    that_day = {"visit_type_id": str(demo.TREATMENT), "date_from": str(day), "date_to": str(day)}
    wait_for(lambda: caregiver.ok("GET", f"/api/portal/cases/{LILY_CASE}/slots", params=that_day)["slots"] == [])

    # A location that stops taking requests: not offered, its cases neither, a request refused.
    admin.ok("PUT", f"/api/admin/locations/{demo.DOWNTOWN}/appointment-requests", json={"enabled": False})
    assert str(demo.DOWNTOWN) not in {loc["location_id"] for loc in caregiver.ok("GET", "/api/portal/locations")}
    assert caregiver.ok("GET", f"/api/portal/patients/{LILY}/cases") == []
    assert caregiver.get(f"/api/portal/cases/{LILY_CASE}/visit-types").status_code == 404
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "location-not-requestable")
    admin.ok("PUT", f"/api/admin/locations/{demo.DOWNTOWN}/appointment-requests", json={"enabled": True})
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")

    # The cap on requests waiting per case: with one allowed, a second waits for the first to go.
    policy = admin.ok("GET", "/api/admin/clinic")["request_policy"] | {"max_pending_requests_per_case": 1}
    admin.ok("PUT", "/api/admin/clinic/request-policy", json=policy)
    wait_for(lambda: _requests_policy(stack)["max_pending_requests_per_case"] == 1)
    make_room(caregiver, LILY_CASE)
    one, two = slots(caregiver, LILY_CASE, demo.TREATMENT, start=day + timedelta(days=1))[:2]
    _, first = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, one["start"]))
    assert first["status"] == "pending"
    second = request_body(LILY, LILY_CASE, demo.TREATMENT, two["start"])
    refused = caregiver.call("POST", "/api/portal/requests", json=second)
    assert (refused.status_code, problem_code(refused)) == (409, "too-many-pending-requests")
    withdrawn = caregiver.ok("POST", f"/api/portal/requests/{first['request_id']}/withdraw")
    assert withdrawn["status"] == "cancelled"
    again = caregiver.ok("POST", f"/api/portal/requests/{first['request_id']}/withdraw")
    assert again["status"] == "cancelled" and again["updated_at"] == withdrawn["updated_at"], "a repeat changes nothing"
    # The withdrawn request's hold is released by the calendar a moment later (an event away), and the
    # two times may overlap: ask for the second once it is offered again, as the portal's list would.
    offered_after = day + timedelta(days=1)
    wait_for(
        lambda: (
            at(two["start"])
            in {at(s["start"]) for s in slots(caregiver, LILY_CASE, demo.TREATMENT, start=offered_after)}
        )
    )
    _, accepted = submit(caregiver, second)
    assert accepted["status"] == "pending"
    caregiver.ok("POST", f"/api/portal/requests/{accepted['request_id']}/withdraw")


def _requests_policy(stack) -> dict:
    """The policy as the request service's copy of the settings has it."""
    response = httpx.get(
        f"{stack.url('requests')}/settings-replica/clinics/{demo.CLINIC_ID}", auth=stack.operator_auth(), timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()["request_policy"]


def test_an_approved_appointment_cancelled_by_the_clinic_or_in_the_portal_as_the_clinic_allows(
    stack, admin, caregiver, scheduler, therapists_at_work, settings_restored
) -> None:
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")
    make_room(caregiver, LILY_CASE)
    # The first time on each of two late days, which no other test of the run asks for.
    firsts: dict[date, dict] = {}
    for slot in slots(caregiver, LILY_CASE, demo.TREATMENT):
        firsts.setdefault(at(slot["local_start"]).date(), slot)
    first, second = list(firsts.values())[-3:-1]
    sam = scheduler.ok("GET", "/api/me")["user"]["staff_user_id"]
    wei = caregiver.ok("GET", "/api/me")["user"]["portal_user_id"]

    def approved(slot: dict) -> dict:
        _, request = submit(caregiver, request_body(LILY, LILY_CASE, demo.TREATMENT, slot["start"]))
        assert request["status"] == "pending", request
        path = f"/api/scheduler/requests/{request['request_id']}"
        done = settled(scheduler, path, scheduler.call("POST", f"{path}/approve"))
        assert done["status"] == "approved", done
        return done

    def offered(slot: dict) -> bool:
        day = at(slot["local_start"]).date()
        return at(slot["start"]) in {
            at(s["start"]) for s in slots(caregiver, LILY_CASE, demo.TREATMENT, days=0, start=day)
        }

    # The clinic cancels the appointment in the calendar: the request says so, with who and when.
    request = approved(first)
    path = f"/api/portal/requests/{request['request_id']}"
    scheduler.ok("POST", f"/api/scheduler/appointments/{request['appointment_id']}/cancel")
    seen = wait_for(lambda: (r := caregiver.ok("GET", path))["status"] == "appointment-cancelled" and r)
    last = seen["history"][-1]
    assert (last["action"], last["actor_kind"], last["actor_id"]) == ("appointment cancelled", "staff", sam)
    assert seen["appointment_cancellation"] == {"at": last["at"], "actor_kind": "staff", "actor_id": sam}
    assert scheduler.ok("GET", f"/api/scheduler/requests/{request['request_id']}")["status"] == "appointment-cancelled"
    wait_for(lambda: offered(first))

    # The demo clinic lets no portal user cancel; a notice no appointment in the horizon meets is
    # too late for this one; a day's notice lets the caregiver cancel it.
    request = approved(second)
    path = f"/api/portal/requests/{request['request_id']}"
    assert request["cancellable_until"] is None
    refused = caregiver.call("POST", f"{path}/cancel-appointment")
    assert (refused.status_code, problem_code(refused)) == (409, "portal-cancellation-not-allowed"), refused.text
    policy = admin.ok("GET", "/api/admin/clinic")["request_policy"]
    for hours, outcome in ((24 * 90, "cancellation-too-late"), (24, None)):
        changed = admin.ok(
            "PUT", "/api/admin/clinic/request-policy", json=policy | {"portal_cancellation_notice_hours": hours}
        )
        assert changed["request_policy"]["portal_cancellation_notice_hours"] == hours
        wait_for(lambda hours=hours: _requests_policy(stack)["portal_cancellation_notice_hours"] == hours)
        answer = caregiver.call("POST", f"{path}/cancel-appointment")
        if outcome is not None:
            assert (answer.status_code, problem_code(answer)) == (409, outcome), answer.text
            assert caregiver.ok("GET", path)["status"] == "approved"
    assert answer.status_code == 200, answer.text
    seen = wait_for(lambda: (r := caregiver.ok("GET", path))["status"] == "appointment-cancelled" and r)
    assert [(e["action"], e["actor_kind"], e["actor_id"]) for e in seen["history"][-2:]] == [
        ("appointment cancellation started", "portal_user", wei),
        ("appointment cancelled", "portal_user", wei),
    ]
    assert request["appointment_id"] not in {item["item_id"] for item in calendar_items(scheduler, second)}
    wait_for(lambda: offered(second))
