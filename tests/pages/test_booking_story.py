"""The seed's story through the pages, end to end: the admin turns requests on, a caregiver on a
phone picks a time from a week of free times and sends a request, the scheduler reads it with its
calendar snapshot, sees it striped on the calendar, approves it (now solid) and declines another
with a reason, and the caregiver reads both outcomes. And a time taken just before sending is
refused in words.

Times are the first free ones listed, so the tests need no clean slate; whatever they leave
pending is withdrawn and whatever they book is cancelled afterwards.
"""

import uuid
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from clinic_settings import demo_data as demo
from tests.pages.browsing import (
    ADMIN,
    CAREGIVER,
    SCHEDULER,
    GatewayApi,
    has_no_horizontal_scroll,
    screenshot,
    sign_in,
    unlabelled_controls,
    wait_until,
)

DANA = demo.demo_id("therapist/Dana Whitfield")
LILY = demo.demo_id("patient/Lily Chen")
LILYS_CASE = demo.demo_id("case/Lily Chen/Toe walking")
OWEN = demo.demo_id("patient/Owen Chen")
OWENS_CASE = demo.demo_id("case/Owen Chen/Developmental delay")
STRIPES = "repeating-linear-gradient"


def choose_lilys_treatment(phone: Page) -> None:
    phone.get_by_label("Lily Chen", exact=True).check()
    expect(phone.get_by_label("Toe walking", exact=True)).to_be_checked()
    phone.get_by_label("Treatment", exact=True).check()
    expect(phone.get_by_label("Harborview Downtown", exact=True)).to_be_checked()


def times(phone: Page):
    return phone.get_by_role("group", name="When?").locator("input[name='time']")


def owens_free_times(portal: GatewayApi) -> list[dict] | None:
    """Owen's free times for an evaluation in the next two weeks (see GatewayApi.free_times)."""
    return portal.free_times(OWENS_CASE, demo.EVALUATION, date.today(), date.today() + timedelta(days=14))


def submit_for_owen(gateway: str, leftovers: dict) -> dict:
    """Owen's request, sent through the portal API at his first free time."""
    portal = GatewayApi(gateway, CAREGIVER)

    async def sent():
        slots = owens_free_times(portal)
        if not slots:
            return None
        response = portal.http.post(
            "/api/portal/requests",
            json={
                "idempotency_key": str(uuid.uuid4()),
                "patient_id": str(OWEN),
                "case_id": str(OWENS_CASE),
                "visit_type_id": str(demo.EVALUATION),
                "location_id": str(demo.DOWNTOWN),
                "start": slots[0]["start"],
            },
        )
        if response.status_code == 422 and response.json()["code"].startswith("unknown-"):
            return None
        assert response.status_code in (201, 202), response.text
        leftovers["requests"].append(response.json()["request_id"])
        request = portal.get(f"/api/portal/requests/{response.json()['request_id']}")
        return request if request["status"] == "pending" else None

    request = wait_until(sent, timeout=60, interval=0.5)
    portal.close()
    return request


def test_the_story_from_request_to_approval_and_decline(gateway, leftovers, phone: Page, page: Page) -> None:
    # The admin: appointment requests are on.
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    switch = page.get_by_role("switch", name="Take appointment requests through the portal")
    expect(switch).to_be_visible()
    if not switch.is_checked():
        switch.check()
    expect(switch).to_be_checked()

    # The caregiver, on a phone: child, case, visit type, location, then a week of times.
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    choose_lilys_treatment(phone)
    when = phone.get_by_role("group", name="When?")
    expect(when.get_by_text("Times are in Eastern Time (America/New_York).")).to_be_visible()
    expect(when.get_by_role("button", name="Previous week")).to_be_disabled()
    expect(times(phone).first).to_be_attached()
    first_day = when.locator(".day-times legend").first.text_content()
    when.get_by_role("button", name="Next week").click()
    expect(when.locator(".day-times legend").first).not_to_have_text(first_day)
    when.get_by_role("button", name="Previous week").click()
    expect(when.locator(".day-times legend").first).to_have_text(first_day)
    chosen = times(phone).first
    start = chosen.get_attribute("value")
    chosen.check(force=True)
    phone.get_by_label("Note for the clinic (optional)").fill("Mornings suit us best; school from 12.")
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    when.evaluate("(step) => step.scrollIntoView({ block: 'start' })")
    screenshot(phone, "portal-time-picker-phone")
    phone.get_by_role("button", name="Send request").click()
    sent = phone.locator("#send-outcome")
    expect(sent).to_contain_text("Request sent: Treatment for Lily Chen")
    expect(sent).to_contain_text("Waiting for the clinic (pending)")
    portal = GatewayApi(gateway, CAREGIVER)
    lily = next(item for item in portal.get("/api/portal/requests")["items"] if item["start"].startswith(start[:19]))
    leftovers["requests"].append(lily["request_id"])
    assert lily["status"] == "pending" and lily["note"] == "Mornings suit us best; school from 12."
    expect(phone.locator(f"#request-list [data-request-id='{lily['request_id']}'] .badge")).to_have_text(
        "Waiting for the clinic"
    )
    expect(times(phone).and_(phone.locator(f"[value='{start}']"))).to_have_count(0)  # no longer free
    screenshot(sent, "portal-request-sent-phone")

    owen = submit_for_owen(gateway, leftovers)

    # The scheduler: the list with the note and the count, the snapshot, the striped calendar.
    scheduler = page.context.new_page()
    sign_in(scheduler, gateway, SCHEDULER, lands_on="/scheduler")
    card = scheduler.locator(f"#scheduler-requests > [data-request-id='{lily['request_id']}']")
    expect(card.get_by_text("Note from the portal user: Mornings suit us best; school from 12.")).to_be_visible()
    pending = GatewayApi(gateway, SCHEDULER).get("/api/scheduler/requests/pending-count")["pending"]
    expect(scheduler.locator("#pending-count")).to_have_text(f"{pending} waiting")
    card.get_by_role("button", name="Calendar snapshot").click()
    expect(card.get_by_role("heading", name="Dana Whitfield's calendar")).to_be_visible()
    mine = card.locator(".snapshot .cal-item.requested")
    expect(mine).to_contain_text("Lily Chen · Treatment")
    expect(mine).to_contain_text("This request")
    expect(card.get_by_text("Nothing else on the calendar overlaps the requested time.")).to_be_visible()
    screenshot(card, "scheduler-request-snapshot")

    card.get_by_role("button", name="Show the week on the calendar").click()
    expect(scheduler.get_by_label("Whose calendar")).to_have_value(f"therapist:{DANA}")
    expect(scheduler.get_by_role("group", name="Dana Whitfield, week of")).to_be_visible()
    expect(scheduler.locator("#calendar")).not_to_have_attribute("aria-busy", "true")
    on_calendar = scheduler.locator(f"#calendar-view [data-request-id='{lily['request_id']}']")
    expect(on_calendar).to_have_attribute("data-kind", "pending_request")
    assert STRIPES in on_calendar.evaluate("(el) => getComputedStyle(el).backgroundImage")
    expect(scheduler.locator("#calendar-zone")).to_have_text("Times are in Eastern Time (America/New_York).")
    screenshot(scheduler.locator("#calendar"), "scheduler-week-calendar")

    card.get_by_role("button", name="Approve").click()
    expect(scheduler.locator("#review-outcome")).to_contain_text("Lily Chen: Approved")
    staff = GatewayApi(gateway, SCHEDULER)

    async def approved():
        return staff.get(f"/api/scheduler/requests/{lily['request_id']}")["status"] == "approved"

    wait_until(approved)
    scheduler.get_by_label("Show").select_option("day")
    scheduler.get_by_label("Show").select_option("week")
    booked = scheduler.locator(f"#calendar-view [data-request-id='{lily['request_id']}']")
    expect(booked).to_have_attribute("data-kind", "appointment")
    assert booked.evaluate("(el) => getComputedStyle(el).backgroundImage") == "none"

    owens_card = scheduler.locator(f"#scheduler-requests > [data-request-id='{owen['request_id']}']")
    owens_card.get_by_role("button", name="Decline…").click()
    owens_card.get_by_label("Reason for declining").fill("Priya is away that day; please pick another.")
    owens_card.get_by_role("button", name="Decline request").click()
    expect(scheduler.locator("#review-outcome")).to_have_text(
        "Declined the request for Owen Chen. The portal user will see your reason."
    )

    # The caregiver reads both outcomes.
    phone.reload()
    expect(phone.locator(f"[data-request-id='{lily['request_id']}'] .badge")).to_have_text("Booked")
    declined = phone.locator(f"[data-request-id='{owen['request_id']}']")
    expect(declined.locator(".badge")).to_have_text("Declined")
    expect(declined.get_by_text("The clinic's reason: Priya is away that day; please pick another.")).to_be_visible()
    portal.close()
    staff.close()


def test_a_time_taken_just_before_sending_is_refused_in_words(gateway, leftovers, phone: Page) -> None:
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    choose_lilys_treatment(phone)
    chosen = times(phone).first
    start = chosen.get_attribute("value")
    chosen.check(force=True)

    # Meanwhile the clinic books that very time for Lily with Dana.
    staff = GatewayApi(gateway, SCHEDULER)
    appointment_id = str(uuid.uuid4())
    booked = staff.http.post(
        "/api/scheduler/appointments",
        json={
            "appointment_id": appointment_id,
            "patient_id": str(LILY),
            "case_id": str(LILYS_CASE),
            "visit_type_id": str(demo.TREATMENT),
            "therapist_id": str(DANA),
            "location_id": str(demo.DOWNTOWN),
            "start": start,
        },
    )
    assert booked.status_code == 201, booked.text
    leftovers["appointments"].append(appointment_id)
    staff.close()

    phone.get_by_role("button", name="Send request").click()
    outcome = phone.locator("#send-outcome")
    expect(outcome).to_contain_text("That time was just taken by someone else")
    expect(phone.locator(f"input[name='time'][value='{start}']")).to_have_count(0)
    portal = GatewayApi(gateway, CAREGIVER)
    newest = portal.get("/api/portal/requests")["items"][0]
    if newest["start"].startswith(start[:19]):
        leftovers["requests"].append(newest["request_id"])
    portal.close()
