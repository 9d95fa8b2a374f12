"""Preferred times through the pages: the caregiver says "I'm flexible" (Tuesday or Thursday
mornings) for Lily's treatment, the scheduler sees the free times inside them and books one, and
the caregiver finds the request booked at that time.

What is booked is cancelled afterwards; a request left awaiting a time by a failure is withdrawn.
"""

import re
from datetime import datetime

from playwright.sync_api import Browser, Page, expect

from tests.pages.browsing import CAREGIVER, SCHEDULER, GatewayApi, sign_in, wait_until
from tests.pages.test_booking_story import choose_lilys_treatment
from tests.pages.test_moving_a_request import as_read


def test_the_caregiver_sends_preferred_times_and_the_scheduler_books_a_matching_slot(
    gateway,
    leftovers,
    page: Page,
    browser: Browser,
) -> None:
    portal, staff = GatewayApi(gateway, CAREGIVER), GatewayApi(gateway, SCHEDULER)
    request_id = None
    try:
        # The caregiver: the treatment, then "I'm flexible" with days and a time of day.
        sign_in(page, gateway, CAREGIVER, lands_on="/portal")
        choose_lilys_treatment(page)
        flexible = page.get_by_role("button", name="I'm flexible: pick days and times of day")
        flexible.click()
        expect(flexible).to_have_attribute("aria-expanded", "true")
        page.get_by_role("group", name="Which days suit?").get_by_label("Tuesday", exact=True).check()
        page.get_by_role("group", name="Which days suit?").get_by_label("Thursday", exact=True).check()
        page.get_by_role("group", name="Which times of day?").get_by_label("Morning", exact=True).check()
        page.get_by_role("button", name="Send these preferences").click()
        sent = page.locator("#send-outcome")
        expect(sent).to_contain_text("Request sent: Treatment for Lily Chen, Tuesday or Thursday mornings")

        [asked] = [item for item in portal.get("/api/portal/requests")["items"] if item["status"] == "awaiting-time"]
        request_id = asked["request_id"]
        leftovers["requests"].append(request_id)
        mine = page.locator(f"#request-list [data-request-id='{request_id}']")
        expect(mine.locator(".badge")).to_have_text("Waiting for the clinic to pick a time")
        expect(mine).to_contain_text("Tuesday or Thursday mornings")

        # The scheduler: the windows, and the free times inside them, each to be booked.
        scheduler = browser.new_page()
        sign_in(scheduler, gateway, SCHEDULER, lands_on="/scheduler")
        card = scheduler.locator(f"#scheduler-requests > [data-request-id='{request_id}']")
        expect(card.locator(".when")).to_contain_text("Flexible: Tuesday or Thursday mornings")
        matching = staff.get(f"/api/scheduler/requests/{request_id}/matching-slots")["slots"]
        assert matching, "Dana works Tuesday and Thursday mornings"
        books = card.get_by_role("button", name=re.compile("^Book this time: "))
        expect(books.first).to_have_accessible_name(re.compile(re.escape(as_read(matching[0]["local_start"]))))
        expect(card.get_by_role("form", name="Offer other times")).to_be_visible()
        books.first.click()

        async def approved():
            request = staff.get(f"/api/scheduler/requests/{request_id}")
            return request if request["status"] == "approved" else None

        request = wait_until(approved)
        leftovers["appointments"].append(request["appointment_id"])
        assert datetime.fromisoformat(request["start"]) == datetime.fromisoformat(matching[0]["start"])
        scheduler.close()

        # The caregiver sees it booked, at that time.
        page.reload()
        booked = page.locator(f"#request-list [data-request-id='{request_id}']")
        expect(booked.locator(".badge")).to_have_text("Booked")
        expect(booked).to_contain_text(as_read(matching[0]["local_start"]))
    finally:
        if request_id and portal.get(f"/api/portal/requests/{request_id}")["status"] == "awaiting-time":
            portal.http.post(f"/api/portal/requests/{request_id}/withdraw")
        portal.close()
        staff.close()
