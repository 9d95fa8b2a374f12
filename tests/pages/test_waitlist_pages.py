"""The waitlist through the pages: the caregiver joins Lily's waitlist in the portal, the scheduler
sees her in line and cancels an appointment in her windows, and the caregiver finds the freed time
offered under "My requests" and accepts it.

The appointment cancelled is Owen's, booked through the scheduler API at one of Lily's free times;
what is booked is cancelled afterwards, and a place left on the waitlist by a failure is left.
"""

import re
from datetime import date, datetime, timedelta

from playwright.sync_api import Browser, Page, expect

from clinic_settings import demo_data as demo
from tests.demo_clinic import owens_appointment_with_dana
from tests.pages.browsing import ADMIN, CAREGIVER, SCHEDULER, GatewayApi, sign_in, wait_until

LILYS_CASE = demo.demo_id("case/Lily Chen/Toe walking")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def a_free_time_of_lily(gateway: str) -> dict:
    admin = GatewayApi(gateway, ADMIN)
    admin.http.put("/api/admin/clinic/appointment-requests", json={"enabled": True})
    admin.close()
    portal = GatewayApi(gateway, CAREGIVER)

    async def listed():
        return portal.free_times(
            LILYS_CASE, demo.TREATMENT, date.today() + timedelta(days=3), date.today() + timedelta(days=10)
        )

    slots = wait_until(listed)
    portal.close()
    return slots[len(slots) // 2]


def test_the_caregiver_joins_the_waitlist_and_accepts_the_time_a_cancellation_frees(
    gateway,
    leftovers,
    page: Page,
    browser: Browser,
) -> None:
    slot = a_free_time_of_lily(gateway)
    day = slot["local_start"][:10]
    staff, portal = GatewayApi(gateway, SCHEDULER), GatewayApi(gateway, CAREGIVER)
    booking = owens_appointment_with_dana(slot["start"])
    booked = staff.http.post("/api/scheduler/appointments", json=booking)
    assert booked.status_code == 201, booked.text
    try:
        sign_in(page, gateway, CAREGIVER, lands_on="/portal")
        form = page.locator("#waitlist-form")
        form.get_by_label("Who is it for?").select_option(label="Lily Chen")
        form.get_by_label("Which treatment?").select_option(label="Toe walking")
        for weekday in WEEKDAYS:
            form.get_by_label(weekday, exact=True).check()
        for part in ("Morning", "Afternoon", "Evening"):
            form.get_by_label(part).check()
        form.get_by_label("From").fill(day)
        form.get_by_label("Until").fill(day)
        form.get_by_role("button", name="Join the waitlist").click()
        expect(page.locator("#waitlist-outcome")).to_contain_text("You are on the waitlist")
        expect(page.locator("#waitlist-list")).to_contain_text("Toe walking for Lily Chen")

        scheduler = browser.new_page()
        sign_in(scheduler, gateway, SCHEDULER, lands_on="/scheduler")
        expect(scheduler.locator("#waitlist-entries")).to_contain_text("Lily Chen")
        scheduler.close()
        cancelled = staff.http.post(f"/api/scheduler/appointments/{booked.json()['appointment_id']}/cancel")
        assert cancelled.status_code == 200, cancelled.text

        async def offered():
            page_of = portal.get("/api/portal/requests", status="offered")
            return next((item for item in page_of["items"] if item.get("waitlist_entry_id")), None)

        offer = wait_until(offered)
        page.reload()
        item = page.locator(f"[data-request-id='{offer['request_id']}']")
        expect(item).to_contain_text("A time has come free that fits your waitlist")
        item.get_by_role("button", name=re.compile("^Accept ")).click()
        expect(page.locator("#my-requests-outcome")).to_contain_text("You accepted")

        request = portal.once_approved(f"/api/portal/requests/{offer['request_id']}")
        leftovers["appointments"].append(request["appointment_id"])
        assert datetime.fromisoformat(request["start"]) == datetime.fromisoformat(slot["start"])
        page.reload()
        expect(page.locator("#waitlist-list")).to_contain_text("You are not on a waitlist.")
    finally:
        for entry in portal.get("/api/portal/waitlist")["items"]:
            portal.http.post(f"/api/portal/waitlist/{entry['entry_id']}/leave")
        for item in portal.get("/api/portal/requests", status="offered")["items"]:
            if item.get("waitlist_entry_id"):
                portal.http.post(f"/api/portal/requests/{item['request_id']}/offer/decline")
        staff.http.post(f"/api/scheduler/appointments/{booked.json()['appointment_id']}/cancel")
        staff.close()
        portal.close()
