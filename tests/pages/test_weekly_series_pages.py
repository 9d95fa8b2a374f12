"""A weekly series through the pages: the caregiver repeats a time every week, previews which
visits are available, and sends them as one request; the scheduler decides the series' visits on
one card (approves some, declines one with a reason); the caregiver reads each visit's outcome.

Whatever the test leaves pending is withdrawn and whatever it books is cancelled afterwards."""

from playwright.sync_api import Page, expect

from tests.pages.browsing import CAREGIVER, SCHEDULER, GatewayApi, sign_in, unlabelled_controls, wait_until
from tests.pages.test_booking_story import LILYS_CASE, choose_lilys_treatment, times

VISITS = 4
REASON = "Dana is at a course that week."


def make_room(gateway: str) -> None:
    """Lily's case may have requests waiting from other tests: the case's cap must have room."""
    portal = GatewayApi(gateway, CAREGIVER)
    for status in ("pending", "submitted"):
        for request in portal.get("/api/portal/requests", status=status, limit=200)["items"]:
            if request["case_id"] == str(LILYS_CASE):
                portal.http.post(f"/api/portal/requests/{request['request_id']}/withdraw")
    portal.close()


def test_a_weekly_series_previewed_sent_and_decided_visit_by_visit(
    gateway,
    leftovers,
    page: Page,
) -> None:
    make_room(gateway)
    sign_in(page, gateway, CAREGIVER, lands_on="/portal")
    choose_lilys_treatment(page)
    expect(times(page).first).to_be_attached()
    times(page).first.check(force=True)

    page.get_by_label("Every week at this time").check()
    page.get_by_label("Number of visits").fill(str(VISITS))
    page.get_by_role("button", name="Check these times").click()
    preview = page.locator("#series-preview li")
    expect(preview).to_have_count(VISITS)
    available = page.locator("#series-preview li.available")
    free = available.count()
    assert free >= 2, "the first free time, repeated, is mostly free in the demo clinic"
    expect(page.locator("#series-preview li.taken .hint")).to_have_count(VISITS - free)
    assert unlabelled_controls(page) == []

    page.get_by_role("button", name="Send request").click()
    sent = page.locator("#send-outcome")
    expect(sent).to_contain_text("Series sent: Treatment for Lily Chen")
    portal = GatewayApi(gateway, CAREGIVER)

    async def series_pending():
        items = portal.get("/api/portal/requests", limit=100)["items"]
        visits = [item for item in items if item["series"] and item["status"] == "pending"]
        newest = max((v["submitted_at"] for v in visits), default=None)
        mine = [v for v in visits if v["submitted_at"] == newest]
        return mine if len(mine) == free else None

    visits = sorted(wait_until(series_pending, timeout=30, interval=0.5), key=lambda v: v["series"]["occurrence"])
    leftovers["requests"].extend(visit["request_id"] for visit in visits)
    series_id = visits[0]["series"]["series_id"]
    entry = page.locator(f"#request-list [data-series-id='{series_id}']")
    expect(entry).to_contain_text("Weekly series: Treatment for Lily Chen")
    expect(entry.locator("[data-request-id]")).to_have_count(free)

    # The scheduler: one card for the series; all approved but the last, declined with a reason.
    scheduler = page.context.new_page()
    sign_in(scheduler, gateway, SCHEDULER, lands_on="/scheduler")
    card = scheduler.locator(f"#scheduler-requests > [data-series-id='{series_id}']")
    expect(card).to_contain_text("weekly series")
    expect(card.locator(".series-visit")).to_have_count(free)
    card.get_by_role("button", name="Approve all waiting").click()
    last = visits[-1]["series"]["occurrence"]
    card.get_by_role("group", name=f"Visit {last}", exact=True).get_by_label("Decline").check()
    card.get_by_label(f"Reason for declining visit {last}").fill(REASON)
    assert unlabelled_controls(scheduler) == []
    card.get_by_role("button", name="Send decisions").click()
    expect(scheduler.locator("#review-outcome")).to_contain_text(f"{free - 1} approved, 1 declined")

    async def decided():
        statuses = [portal.get(f"/api/portal/requests/{v['request_id']}")["status"] for v in visits]
        return statuses if statuses == ["approved"] * (free - 1) + ["declined"] else None

    wait_until(decided, timeout=30, interval=0.5)

    # The caregiver reads each visit's outcome, the reason with the declined one.
    page.reload()
    entry = page.locator(f"#request-list [data-series-id='{series_id}']")
    declined = entry.locator(f"[data-request-id='{visits[-1]['request_id']}']")
    expect(declined).to_contain_text(REASON)
    for visit in visits[:-1]:
        badge = entry.locator(f"[data-request-id='{visit['request_id']}'] .badge")
        expect(badge).to_have_class("badge status-approved")
    portal.close()
