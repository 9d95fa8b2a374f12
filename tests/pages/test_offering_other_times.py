"""Both sides of a counter-offer through the pages: the scheduler offers two other times for Owen's
pending request, the caregiver accepts the second in the portal, and the scheduler finds the
request approved at that time (the other offered time free again).

Owen's request is sent through the portal API (as in test_booking_story.py); what is booked is
cancelled afterwards, and an offer left open by a failure is declined.
"""

import re
from datetime import date, datetime

from playwright.sync_api import Browser, Page, expect

from clinic_settings import demo_data as demo
from tests.pages.browsing import CAREGIVER, SCHEDULER, GatewayApi, sign_in
from tests.pages.test_booking_story import OWENS_CASE, owens_free_times, submit_for_owen
from tests.pages.test_moving_a_request import as_read, outcome_of


def two_other_days(gateway: str, request: dict) -> list[dict]:
    """The last free time of two days other than the request's: other times that share no moment."""
    portal = GatewayApi(gateway, CAREGIVER)
    listing = owens_free_times(portal)
    portal.close()
    asked_day = request["start"][:10]
    last_of_day: dict[str, dict] = {}
    for slot in listing or []:
        if slot["local_start"][:10] != asked_day:
            last_of_day[slot["local_start"][:10]] = slot
    assert len(last_of_day) >= 2, listing
    return list(last_of_day.values())[-2:]


def test_the_scheduler_offers_two_times_and_the_caregiver_accepts_one(
    gateway,
    leftovers,
    page: Page,
    browser: Browser,
) -> None:
    owen = submit_for_owen(gateway, leftovers)
    request_id = owen["request_id"]
    first, second = two_other_days(gateway, owen)
    staff, portal = GatewayApi(gateway, SCHEDULER), GatewayApi(gateway, CAREGIVER)
    try:
        sign_in(page, gateway, SCHEDULER, lands_on="/scheduler")
        card = page.locator(f"#scheduler-requests > [data-request-id='{request_id}']")
        card.get_by_role("button", name="Calendar snapshot").click()
        card.get_by_label("Other time 1").fill(first["local_start"][:16])
        card.get_by_label("Other time 2").fill(second["local_start"][:16])
        card.get_by_role("button", name="Offer these times").click()
        expect(outcome_of(card)).to_contain_text("2 times are offered, held until")
        # No longer pending: the card says so at once, and approve/decline are gone.
        expect(card.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
        expect(card.locator(".badge")).not_to_have_text("Pending")

        caregiver = browser.new_page()
        sign_in(caregiver, gateway, CAREGIVER, lands_on="/portal")
        item = caregiver.locator(f"[data-request-id='{request_id}']")
        expect(item.get_by_text("Other times offered")).to_be_visible()
        expect(item.get_by_role("button", name="Decline all")).to_be_visible()
        accepts = item.get_by_role("button", name=re.compile("^Accept "))
        expect(accepts).to_have_count(2)
        expect(accepts.nth(1)).to_have_accessible_name(re.compile(re.escape(as_read(second["local_start"]))))
        accepts.nth(1).click()
        expect(caregiver.locator("#my-requests-outcome")).to_contain_text("You accepted")
        caregiver.close()

        request = staff.once_approved(f"/api/scheduler/requests/{request_id}")
        leftovers["appointments"].append(request["appointment_id"])
        assert datetime.fromisoformat(request["start"]) == datetime.fromisoformat(second["start"])

        page.reload()
        page.locator("#filter-status").select_option("approved")
        approved_card = page.locator(f"#scheduler-requests > [data-request-id='{request_id}']")
        expect(approved_card.get_by_text("Approved", exact=True)).to_be_visible()
        expect(approved_card.locator(".when")).to_contain_text(as_read(second["local_start"]))
        # The other offered time is free again for Owen's case.
        day = date.fromisoformat(first["local_start"][:10])
        listing = portal.free_times(OWENS_CASE, demo.EVALUATION, day, day)
        assert listing is not None and first["start"] in [slot["start"] for slot in listing]
    finally:
        if portal.get(f"/api/portal/requests/{request_id}")["status"] == "offered":
            portal.http.post(f"/api/portal/requests/{request_id}/offer/decline")
        staff.close()
        portal.close()
