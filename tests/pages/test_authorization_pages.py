"""Insurance authorizations through the pages: the admin sets one on a case in the case's form; the
caregiver asking beyond it is refused in words on the portal; the scheduler sees visits left on a
request. The demo clinic's cases get their authorizations back afterwards (demo_clinic_restored)."""

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.pages.browsing import ADMIN, CAREGIVER, SCHEDULER, GatewayApi, sign_in
from tests.pages.test_booking_story import LILYS_CASE, OWENS_CASE, choose_lilys_treatment, submit_for_owen, times


def test_the_admin_sets_an_authorization_and_the_caregiver_asking_beyond_it_is_refused_in_words(
    gateway,
    leftovers,
    page: Page,
    phone: Page,
) -> None:
    # Authorized from four months on: every time the portal offers now is outside it.
    first_day, last_day = date.today() + timedelta(days=120), date.today() + timedelta(days=180)
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    page.goto(gateway + "/admin/cases")
    card = page.locator(f"[data-case-id='{LILYS_CASE}']")
    card.get_by_text("Insurance authorization", exact=True).click()
    form = card.get_by_role("form", name="Insurance authorization of Toe walking")
    expect(form.get_by_text("No insurance authorization tracked.")).to_be_visible()
    form.get_by_label("Authorized visits").fill("8")
    form.get_by_label("First day").fill(str(first_day))
    form.get_by_label("Last day").fill(str(last_day))
    form.get_by_label("At most visits a week").fill("2")
    form.get_by_label("A portal request beyond it").select_option("block")
    form.get_by_role("button", name="Save authorization").click()
    expect(form.get_by_role("status")).to_have_text(
        f"Authorization of Toe walking saved: 8 visits from {first_day} to {last_day}, at most 2 a week."
    )
    admin = GatewayApi(gateway, ADMIN)
    stored = admin.get(f"/api/admin/patient-cases/{LILYS_CASE}")["authorization"]
    admin.close()
    assert stored == {
        "visits": 8,
        "first_day": str(first_day),
        "last_day": str(last_day),
        "visits_per_week": 2,
        "limit": "block",
    }

    # A last day before the first is refused in words, and nothing changes.
    form.get_by_label("Last day").fill(str(first_day - timedelta(days=1)))
    form.get_by_role("button", name="Save authorization").click()
    expect(form.get_by_role("status")).to_contain_text("An authorization's last day can't be before its first day.")

    portal = GatewayApi(gateway, CAREGIVER)
    # Earlier tests may have left Lily's case requests still waiting (its cap would answer first):
    # withdrawn. Ended ones may stand at this very time: only a new one would be wrong.
    for waiting in portal.get("/api/portal/requests", status="pending", limit=200)["items"]:
        if waiting["case_id"] == str(LILYS_CASE):
            portal.http.post(f"/api/portal/requests/{waiting['request_id']}/withdraw")
    before = {r["request_id"] for r in portal.get("/api/portal/requests", limit=200)["items"]}
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    choose_lilys_treatment(phone)
    chosen = times(phone).first
    start = chosen.get_attribute("value")
    chosen.check(force=True)
    phone.get_by_role("button", name="Send request").click()
    outcome = phone.locator("#send-outcome")
    expect(outcome).to_contain_text("That day is outside the dates the insurance authorization covers.")
    expect(outcome).to_contain_text(f"covers visits from {first_day:%B} {first_day.day}, {first_day.year}")
    expect(outcome).not_to_contain_text("outside-authorization")
    after = portal.get("/api/portal/requests", limit=200)["items"]
    assert not [r for r in after if r["request_id"] not in before and r["start"].startswith(start[:19])]
    portal.close()


def test_the_scheduler_sees_visits_left_on_the_request_and_in_its_snapshot(
    gateway,
    stack,
    leftovers,
    page: Page,
) -> None:
    import httpx

    authorization = {
        "visits": 30,
        "first_day": str(date.today()),
        "last_day": str(date.today() + timedelta(days=60)),
        "visits_per_week": None,
        "limit": "warn",
    }
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as settings:
        settings.put(
            f"/patient-cases/{OWENS_CASE}/authorization", json={"authorization": authorization}
        ).raise_for_status()
    owen = submit_for_owen(gateway, leftovers)
    staff = GatewayApi(gateway, SCHEDULER)
    seen = staff.get(f"/api/scheduler/requests/{owen['request_id']}")["authorization"]
    staff.close()
    assert seen["visits_pending"] >= 1 and seen["visits_left"] == 30 - seen["visits_used"] - seen["visits_pending"]
    left = seen["visits_left"]
    words = f"Insurance authorization: {left} visit{'' if left == 1 else 's'} left of 30"

    sign_in(page, gateway, SCHEDULER, lands_on="/scheduler")
    card = page.locator(f"#scheduler-requests > [data-request-id='{owen['request_id']}']")
    expect(card.locator(".authorization")).to_contain_text(words)
    card.get_by_role("button", name="Calendar snapshot").click()
    expect(card.locator(".snapshot-authorization")).to_contain_text(words)


def test_the_admin_chooses_what_a_request_beyond_an_authorization_does_clinic_wide(gateway, page: Page) -> None:
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    choice = page.get_by_label("A request beyond a case's insurance authorization")
    expect(choice).to_have_value("warn")
    choice.select_option("block")
    page.get_by_role("button", name="Save request rules").click()
    expect(page.get_by_text("Request rules saved.")).to_be_visible()
    admin = GatewayApi(gateway, ADMIN)
    policy = admin.get("/api/admin/clinic")["request_policy"]
    admin.close()
    assert policy["authorization_limit"] == "block"
    page.reload()
    expect(page.get_by_label("A request beyond a case's insurance authorization")).to_have_value("block")
