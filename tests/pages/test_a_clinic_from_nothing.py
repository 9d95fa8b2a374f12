"""A real clinic starts from nothing, through the product alone: the operator's first-clinic
command invites its admin; the admin chooses a password and, in the pages, sets the clinic up
(request rules, a location in Europe/London, a visit type, a therapist with working hours, a
patient and a case) and invites a caregiver; the caregiver accepts on a phone, chooses a password,
signs in and requests a time on the day London's clocks change (2027-03-28 as this was written).

It runs on the test run's system, beside the demo clinic: the new clinic starts with nothing in
it. (A second system on empty databases would share this run's broker, and with it the topics:
both calendars would answer the new clinic's requests. `tests/settings/test_bootstrap.py` starts
the settings service on an empty database and runs the same command there.)
"""

import os
import re
import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.pages.browsing import GatewayApi, has_no_horizontal_scroll, sign_in, unlabelled_controls, wait_until
from tests.pages.conftest import DESKTOP, PHONE

LONDON = ZoneInfo("Europe/London")
ADMIN_PASSWORD = "fernhill admin's own password"
CAREGIVER_PASSWORD = "a caregiver's own password"


def next_change_of_clocks(after: date) -> date:
    """The next day London's clocks change (last Sunday of March or October), a week away or more:
    2027-03-28 as this test was written."""
    day = after + timedelta(days=7)
    while True:
        tomorrow = datetime(day.year, day.month, day.day, tzinfo=LONDON) + timedelta(days=1)
        today = datetime(day.year, day.month, day.day, tzinfo=LONDON)
        if today.utcoffset() != tomorrow.utcoffset():
            return day
        day += timedelta(days=1)


def first_clinic(system, admin_email: str) -> str:
    """The operator's command; the admin's invitation link it prints."""
    done = subprocess.run(
        [
            *(sys.executable, "-m", "clinic_settings.bootstrap", "--url", system.url("settings")),
            *("--clinic-name", "Fernhill Physiotherapy", "--time-zone", "Europe/London"),
            *("--admin-name", "Ada Okafor", "--admin-email", admin_email),
        ],
        env={**os.environ, **system.operator_env()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return re.search(r"(http\S+/invitation#token=\S+)", done.stdout).group(1)


def accept(page: Page, link: str, gateway: str, email: str, password: str, *, lands_on: str) -> None:
    page.goto(link)
    expect(page.get_by_label("Your email")).to_have_value(email)
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_url(gateway + "/")
    sign_in(page, gateway, email, password, lands_on=lands_on)


def add(page: Page, form: str, fields: dict[str, str]) -> None:
    """Fill in one of the admin pages' "Add a …" forms, send it with its "Add …" button, and see
    it say that what is named was added."""
    adding = page.get_by_role("form", name=form)
    for label, value in fields.items():
        adding.get_by_label(label).fill(value)
    adding.get_by_role("button", name=form.replace("Add a ", "Add ")).click()
    expect(adding.get_by_role("status")).to_contain_text(f"{fields['Name']} added.")


def go_to(page: Page, link: str) -> None:
    page.get_by_role("navigation", name="Clinic settings pages").get_by_role("link", name=link).click()
    expect(page.locator("#admin-page")).to_be_visible()


def set_up_the_clinic(page: Page) -> None:
    """What the admin does in the pages, in the order a clinic would."""
    # Requests may be made up to half a year ahead, and the clinic takes them.
    page.get_by_label("How far ahead (days)").fill("180")
    page.get_by_role("button", name="Save request rules").click()
    expect(page.get_by_text("Request rules saved.")).to_be_visible()
    switch = page.get_by_role("switch", name="Take appointment requests through the portal")
    switch.click()
    expect(switch).to_be_checked()

    go_to(page, "Locations")
    add(
        page,
        "Add a location",
        {"Name": "Fernhill Riverside", "Address": "2 Mill Lane, London SE10", "Time zone": "Europe/London"},
    )
    riverside = page.get_by_role("region", name="Fernhill Riverside", exact=True)
    riverside.get_by_text("Opening hours", exact=True).click()
    for day in ("Friday", "Saturday", "Sunday"):
        riverside.get_by_role("button", name=f"Add hours on {day}").click()
    riverside.get_by_role("button", name="Save opening hours").click()
    expect(riverside.get_by_text("Opening hours of Fernhill Riverside saved.")).to_be_visible()
    riverside.get_by_role("switch", name="Allow appointment requests at Fernhill Riverside").click()
    expect(riverside.get_by_text("Fernhill Riverside now takes appointment requests.")).to_be_visible()

    go_to(page, "Visit types")
    add(page, "Add a visit type", {"Name": "Treatment", "Length (minutes)": "45"})

    go_to(page, "Therapists")
    adding = page.get_by_role("form", name="Add a therapist")
    adding.get_by_label("Name").fill("Nadia Khan")
    adding.get_by_label("Fernhill Riverside").check()
    adding.get_by_role("button", name="Add therapist").click()
    expect(adding.get_by_role("status")).to_contain_text("Nadia Khan added.")
    nadia = page.get_by_role("region", name="Nadia Khan", exact=True)
    nadia.get_by_text("Working hours at Fernhill Riverside").click()
    for day in ("Friday", "Saturday", "Sunday"):
        nadia.get_by_role("button", name=f"Add hours on {day}").click()
    nadia.get_by_role("button", name="Save working hours").click()
    expect(nadia.get_by_text("Working hours of Nadia Khan at Fernhill Riverside saved.")).to_be_visible(timeout=30_000)

    go_to(page, "Patients")
    add(page, "Add a patient", {"Name": "Oliver Brook", "Date of birth": "2015-06-01"})
    oliver = page.get_by_role("region", name="Oliver Brook", exact=True)
    oliver.get_by_text("Open a case").click()
    opening = page.get_by_role("form", name="Open a case for Oliver Brook")
    opening.get_by_label("Title").fill("Sprained wrist")
    opening.get_by_label("Allow appointment requests").check()
    opening.get_by_label("Treatment (45 min)").check()
    opening.get_by_role("button", name="Open case").click()
    expect(opening.get_by_role("status")).to_have_text("Case Sprained wrist opened.")


def invite_a_caregiver(page: Page, email: str) -> str:
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Invitations").click()
    expect(page.get_by_role("heading", name="Invite someone")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Mia Brook")
    page.get_by_label("Email", exact=True).fill(email)
    expect(page.get_by_label("A caregiver, such as a parent")).to_be_checked()
    page.get_by_label("Find a patient").fill("oliver")
    page.get_by_label("Oliver Brook").check()
    page.get_by_role("button", name="Send invitation").click()
    box = page.get_by_role("group", name="Invitation link for Mia Brook")
    expect(box).to_contain_text("Mia Brook is invited.")
    return box.get_by_label("Invitation link for Mia Brook").input_value()


def test_a_clinic_starts_from_nothing_and_a_caregiver_requests_on_the_day_the_clocks_change(stack, browser) -> None:
    gateway = stack.url("gateway")
    admin_email = f"ada.{uuid.uuid4().hex[:8]}@fernhill.example"
    admin_link = first_clinic(stack, admin_email)
    assert admin_link.startswith(f"{gateway}/invitation#token=")

    desk = browser.new_context(**DESKTOP)
    mobile = browser.new_context(**PHONE)
    try:
        page, phone = desk.new_page(), mobile.new_page()
        for each in (page, phone):
            each.set_default_timeout(15_000)
        # The first admin also schedules, so they land on the requests; the settings are a click away.
        accept(page, admin_link, gateway, admin_email, ADMIN_PASSWORD, lands_on="/scheduler")
        page.goto(gateway + "/admin")
        expect(page.get_by_role("switch", name="Take appointment requests through the portal")).to_be_visible()
        admin = GatewayApi(gateway, admin_email, ADMIN_PASSWORD)
        assert admin.get("/api/admin/locations") == [] and admin.get("/api/admin/patients") == []

        set_up_the_clinic(page)
        (location,) = admin.get("/api/admin/locations")
        (case,) = admin.get("/api/admin/patient-cases")
        (visit_type,) = admin.get("/api/admin/visit-types")
        assert location["time_zone"] == "Europe/London" and location["allow_appointment_requests"] is True
        assert case["requestable_visit_type_ids"] == [visit_type["visit_type_id"]]
        assert admin.get("/api/admin/clinic")["request_policy"]["booking_horizon_days"] == 180

        caregiver_email = f"mia.{uuid.uuid4().hex[:8]}@example.org"
        caregiver_link = invite_a_caregiver(page, caregiver_email)
        accept(phone, caregiver_link, gateway, caregiver_email, CAREGIVER_PASSWORD, lands_on="/portal")

        # The day the clocks change (2027-03-28, forward): 10:00 in London is 09:00 UTC that day,
        # 10:00 UTC the Sunday before.
        change = next_change_of_clocks(date.today())
        portal = GatewayApi(gateway, caregiver_email, CAREGIVER_PASSWORD)

        async def known_to_the_calendar():
            params = {
                "visit_type_id": visit_type["visit_type_id"],
                "date_from": str(change - timedelta(days=7)),
                "date_to": str(change),
            }
            answer = portal.http.get(f"/api/portal/cases/{case['case_id']}/slots", params=params)
            return answer.json()["slots"] if answer.status_code == 200 and answer.json()["slots"] else None

        offered = {
            datetime.fromisoformat(slot["local_start"]): slot for slot in wait_until(known_to_the_calendar, timeout=60)
        }
        week_before, on_the_day = (
            datetime(d.year, d.month, d.day, 10, tzinfo=LONDON) for d in (change - timedelta(days=7), change)
        )
        assert week_before.utcoffset() != on_the_day.utcoffset()  # in March: +00:00, then +01:00
        for local in (week_before, on_the_day):
            slot = offered[local]  # 10:00 in London is offered on both Sundays ...
            assert datetime.fromisoformat(slot["start"]) == local  # ... at its own instant
            assert datetime.fromisoformat(slot["local_start"]).utcoffset() == local.utcoffset()

        # On the phone: the patient, the case and the visit type, then week after week to that Sunday.
        phone.get_by_label("Oliver Brook", exact=True).check()
        expect(phone.get_by_label("Sprained wrist", exact=True)).to_be_checked()
        phone.get_by_label("Treatment", exact=True).check()
        expect(phone.get_by_label("Fernhill Riverside", exact=True)).to_be_checked()
        when = phone.get_by_role("group", name="When?")
        expect(when.get_by_text("Times are in", exact=False)).to_contain_text("Europe/London")
        that_sunday = f"{on_the_day:%A, %B} {on_the_day.day}"
        first_day = datetime.now(LONDON).date()
        for _ in range((change - first_day).days // 7):
            when.get_by_role("button", name="Next week").click()
            expect(when).not_to_have_attribute("aria-busy", "true")
        day = when.get_by_role("group", name=that_sunday)
        ten = day.locator("label.time").filter(has=phone.locator(f"input[value='{offered[on_the_day]['start']}']"))
        expect(ten).to_have_text("10:00 AM")  # shown in London's time of that day
        ten.locator("input").check(force=True)
        has_no_horizontal_scroll(phone)
        assert unlabelled_controls(phone) == []
        phone.get_by_role("button", name="Send request").click()
        expect(phone.locator("#send-outcome")).to_contain_text("Waiting for the clinic (pending)", timeout=30_000)

        (request,) = portal.get("/api/portal/requests")["items"]
        assert request["status"] == "pending" and request["case_id"] == case["case_id"]
        assert datetime.fromisoformat(request["start"]) == on_the_day
        # Who did all this: the clinic by the operator's command, everything in it by its admin.
        me = admin.get("/api/me")["user"]
        trail = admin.get("/api/admin/changes", limit=500)
        assert {(c["entity_kind"], c["actor"]) for c in trail if c["revision"] == 1} == {
            ("clinic", "system:operator"),
            ("staff-user", "system:operator"),
            *(
                (kind, f"staff:{me['staff_user_id']}")
                for kind in ("location", "visit-type", "therapist", "patient", "patient-case")
            ),
            ("portal-user", f"staff:{me['staff_user_id']}"),
        }
        portal.close()
        admin.close()
    finally:
        desk.close()
        mobile.close()
