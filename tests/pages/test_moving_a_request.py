"""The scheduler moves a pending request to another time through the page: the new start is typed
in the location's time zone, the card says where it moved, and approving books it at the new time.
A time outside the therapist's working hours is refused in words and the request keeps its time.

Owen's request is sent through the portal API (as in test_booking_story.py) at his first free time;
the new time is another of his free times. What is left pending is withdrawn afterwards, what is
booked cancelled.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from tests.pages.browsing import CAREGIVER, SCHEDULER, GatewayApi, sign_in
from tests.pages.test_booking_story import owens_free_times, submit_for_owen

DOWNTOWN_ZONE = ZoneInfo("America/New_York")


def another_free_slot(gateway: str, request: dict) -> dict:
    """One of Owen's free times (as the caregiver's slots list has them) other than the request's."""
    portal = GatewayApi(gateway, CAREGIVER)
    listing = owens_free_times(portal)
    portal.close()
    held = datetime.fromisoformat(request["start"])
    others = [slot for slot in listing or [] if datetime.fromisoformat(slot["start"]) != held]
    assert others, listing
    return others[-1]  # the last listed: a different day from the first, so clearly a move


def as_read(local_start: str) -> str:
    """How the page writes a local time: "Monday, November 30, 10:15" (the AM/PM comes later)."""
    local = datetime.fromisoformat(local_start)
    return f"{local:%A, %B} {local.day}, {local.hour % 12 or 12}:{local.minute:02d}"


def open_the_move_form(page: Page, gateway: str, request_id: str) -> Locator:
    sign_in(page, gateway, SCHEDULER, lands_on="/scheduler")
    card = page.locator(f"#scheduler-requests > [data-request-id='{request_id}']")
    card.get_by_role("button", name="Calendar snapshot").click()
    expect(card.get_by_text("In Eastern Time (America/New_York). The visit keeps its length.")).to_be_visible()
    return card


def outcome_of(card: Locator) -> Locator:
    return card.locator("article > p[role='status']")


def test_the_scheduler_moves_a_request_to_another_free_time_and_approves_it(
    gateway,
    leftovers,
    page: Page,
) -> None:
    owen = submit_for_owen(gateway, leftovers)
    new = another_free_slot(gateway, owen)

    card = open_the_move_form(page, gateway, owen["request_id"])
    new_start = card.get_by_label("New start time")
    was = datetime.fromisoformat(owen["start"]).astimezone(DOWNTOWN_ZONE)
    expect(new_start).to_have_value(f"{was:%Y-%m-%dT%H:%M}")
    new_start.fill(new["local_start"][:16])
    card.get_by_role("button", name="Move to this time").click()
    expect(outcome_of(card)).to_contain_text(f"Moved to {as_read(new['local_start'])}")
    expect(outcome_of(card)).to_contain_text("You can now approve it.")
    expect(card.locator(".when")).to_contain_text(as_read(new["local_start"]))
    # The snapshot is read again, now around the new time.
    expect(card.get_by_label("New start time")).to_have_value(new["local_start"][:16])

    staff = GatewayApi(gateway, SCHEDULER)
    moved = staff.get(f"/api/scheduler/requests/{owen['request_id']}")
    assert moved["status"] == "pending" and moved["edit_refusal"] is None and moved["proposed_edit"] is None
    assert datetime.fromisoformat(moved["start"]) == datetime.fromisoformat(new["start"])

    card.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-outcome")).to_contain_text("Owen Chen: Approved")

    request = staff.once_approved(f"/api/scheduler/requests/{owen['request_id']}")
    leftovers["appointments"].append(request["appointment_id"])
    assert datetime.fromisoformat(request["start"]) == datetime.fromisoformat(new["start"])
    calendar = staff.get("/api/scheduler/calendar", day=new["local_start"][:10], therapist_id=request["therapist_id"])
    appointment = next(item for item in calendar["items"] if item["request_id"] == owen["request_id"])
    assert appointment["kind"] == "appointment"
    assert datetime.fromisoformat(appointment["start"]) == datetime.fromisoformat(new["start"])
    portal = GatewayApi(gateway, CAREGIVER)
    seen = portal.get(f"/api/portal/requests/{owen['request_id']}")
    assert seen["status"] == "approved"
    assert datetime.fromisoformat(seen["start"]) == datetime.fromisoformat(new["start"])
    portal.close()
    staff.close()


def test_a_move_outside_working_hours_is_refused_in_words_and_the_request_keeps_its_time(
    gateway,
    leftovers,
    page: Page,
) -> None:
    owen = submit_for_owen(gateway, leftovers)
    card = open_the_move_form(page, gateway, owen["request_id"])
    when = card.locator(".when").text_content()

    # 06:00 the next day, local: before the therapists' 08:00 start (and never in the past).
    next_day = datetime.fromisoformat(owen["start"]).astimezone(DOWNTOWN_ZONE).date() + timedelta(days=1)
    card.get_by_label("New start time").fill(f"{next_day}T06:00")
    card.get_by_role("button", name="Move to this time").click()
    expect(outcome_of(card)).to_contain_text("The new time couldn't be held: ")
    expect(outcome_of(card)).to_contain_text("The request keeps its time.")
    expect(card.locator(".when")).to_have_text(when)

    staff = GatewayApi(gateway, SCHEDULER)
    kept = staff.get(f"/api/scheduler/requests/{owen['request_id']}")
    assert kept["status"] == "pending" and kept["edit_refusal"] is not None, kept
    assert kept["edit_refusal"]["reason"] in outcome_of(card).text_content()
    assert datetime.fromisoformat(kept["start"]) == datetime.fromisoformat(owen["start"])

    # A good time after a refused one still moves it (the old refusal is not shown again).
    new = another_free_slot(gateway, owen)
    card.get_by_label("New start time").fill(new["local_start"][:16])
    card.get_by_role("button", name="Move to this time").click()
    expect(outcome_of(card)).to_contain_text(f"Moved to {as_read(new['local_start'])}")
    moved = staff.get(f"/api/scheduler/requests/{owen['request_id']}")
    assert datetime.fromisoformat(moved["start"]) == datetime.fromisoformat(new["start"])
    staff.close()
