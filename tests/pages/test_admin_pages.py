"""Clinic settings through the admin pages, each change checked through the API."""

import pytest
from playwright.sync_api import Page, expect

from clinic_settings import demo_data as demo
from tests.pages.browsing import ADMIN, GatewayApi, screenshot, sign_in


@pytest.fixture
def settings_page(gateway, page) -> Page:
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    expect(page.get_by_role("switch", name="Take appointment requests through the portal")).to_be_visible()
    return page


@pytest.fixture
def locations_page(gateway, settings_page: Page) -> Page:
    settings_page.goto(gateway + "/admin/locations")
    expect(location_card(settings_page, "Harborview Downtown")).to_be_visible()
    return settings_page


@pytest.fixture
def cases_page(gateway, settings_page: Page) -> Page:
    settings_page.goto(gateway + "/admin/cases")
    expect(settings_page.get_by_label("Patient or case")).to_be_visible()
    return settings_page


def location_card(page: Page, name: str):
    return page.get_by_role("region", name=name, exact=True)


def opening_hours_of(page: Page, name: str):
    """The location's card with its opening hours opened."""
    card = location_card(page, name)
    card.get_by_text("Opening hours", exact=True).click()
    return card


def case_card(page: Page, title: str):
    return page.get_by_role("region", name=title, exact=True)


def test_turning_appointment_requests_off_and_on(settings_page: Page, admin_api: GatewayApi) -> None:
    page = settings_page
    screenshot(page, "admin-settings")
    switch = page.get_by_role("switch", name="Take appointment requests through the portal")
    outcome = page.get_by_role("region", name="Appointment requests").get_by_role("status")
    expect(switch).to_be_checked()
    expect(page.get_by_text("2 of 2 locations and 16 of 19 active cases allow requests.")).to_be_visible()

    switch.click()
    expect(outcome).to_have_text("Appointment requests are off: portal users can't send new requests.")
    expect(switch).not_to_be_checked()
    assert admin_api.get("/api/admin/clinic")["appointment_requests_enabled"] is False

    switch.click()
    expect(outcome).to_have_text("Appointment requests are on: portal users can send requests.")
    assert admin_api.get("/api/admin/clinic")["appointment_requests_enabled"] is True


def test_editing_a_locations_opening_hours(locations_page: Page, admin_api: GatewayApi) -> None:
    page = locations_page
    downtown = opening_hours_of(page, "Harborview Downtown")
    downtown.get_by_label("Saturday Closes").fill("13:30")
    downtown.get_by_role("button", name="Add hours on Sunday").click()
    expect(downtown.get_by_label("Sunday Opens")).to_be_focused()
    downtown.get_by_label("Sunday Opens").fill("10:00")
    downtown.get_by_label("Sunday Closes").fill("14:00")
    downtown.get_by_role("button", name="Remove Monday hours (2 of 2)").click()
    screenshot(downtown, "admin-opening-hours")
    downtown.get_by_role("button", name="Save opening hours").click()
    expect(downtown.get_by_text("Opening hours of Harborview Downtown saved.")).to_be_visible()

    stored = {location["name"]: location for location in admin_api.get("/api/admin/locations")}
    hours = [(h["weekday"], h["start"], h["end"]) for h in stored["Harborview Downtown"]["operating_hours"]]
    assert (0, "13:00:00", "17:00:00") not in hours
    assert (0, "08:00:00", "12:00:00") in hours and (1, "13:00:00", "17:00:00") in hours
    assert (5, "09:00:00", "13:30:00") in hours and (6, "10:00:00", "14:00:00") in hours

    page.reload()
    downtown = opening_hours_of(page, "Harborview Downtown")
    expect(downtown.get_by_label("Sunday Closes")).to_have_value("14:00")


def test_overlapping_hours_are_refused_in_plain_words(locations_page: Page, admin_api: GatewayApi) -> None:
    page = locations_page
    pasadena = opening_hours_of(page, "Harborview Pasadena")
    pasadena.get_by_label("Friday Closes").fill("15:00")
    pasadena.get_by_role("button", name="Add hours on Friday").click()
    pasadena.get_by_label("Friday Opens (2 of 2)").fill("14:00")
    pasadena.get_by_role("button", name="Save opening hours").click()

    expect(pasadena.get_by_role("status").last).to_have_text(
        "Opening hours on the same day can't overlap. Friday 09:00-15:00 and Friday 14:00-16:00 overlap."
    )
    stored = {location["name"]: location for location in admin_api.get("/api/admin/locations")}
    assert {"weekday": 4, "start": "09:00:00", "end": "13:00:00"} in stored["Harborview Pasadena"]["operating_hours"]


def test_adding_a_closure(locations_page: Page, admin_api: GatewayApi) -> None:
    pasadena = location_card(locations_page, "Harborview Pasadena")
    pasadena.get_by_text("Closures (3)").click()
    pasadena.get_by_role("button", name="Add a closure").click()
    pasadena.get_by_label("First day (closure 4)").fill("2027-07-05")
    pasadena.get_by_label("Last day (closure 4)").fill("2027-07-05")
    pasadena.get_by_label("Reason (closure 4)").fill("Staff training")
    pasadena.get_by_role("button", name="Save closures").click()
    expect(pasadena.get_by_text("Closures of Harborview Pasadena saved.")).to_be_visible()
    expect(pasadena.get_by_text("Closures (4)")).to_be_visible()

    stored = {location["name"]: location for location in admin_api.get("/api/admin/locations")}
    assert {"first_day": "2027-07-05", "last_day": "2027-07-05", "reason": "Staff training"} in stored[
        "Harborview Pasadena"
    ]["closures"]


def test_allowing_and_disallowing_a_case_and_its_visit_types(cases_page: Page, admin_api: GatewayApi) -> None:
    page = cases_page
    page.get_by_label("Patient or case").fill("Samuel")
    expect(page.get_by_text("1 case shown.")).to_be_visible()
    card = case_card(page, "Samuel Park: Ankle sprain")
    allow = card.get_by_role("switch", name="Allow appointment requests")
    expect(allow).not_to_be_checked()
    case_id = str(demo.demo_id("case/Samuel Park/Ankle sprain"))

    allow.click()
    expect(card.get_by_role("status")).to_have_text("Ankle sprain now takes appointment requests.")
    assert admin_api.get("/api/admin/patient-cases", patient_id=str(demo.demo_id("patient/Samuel Park")))[0][
        "allow_appointment_requests"
    ]

    card.get_by_label("Evaluation (60 min)").check()
    expect(card.get_by_role("status")).to_have_text(
        "Saved: Evaluation, Re-evaluation and Treatment can be requested for Ankle sprain."
    )
    card.get_by_label("Re-evaluation (30 min)").uncheck()
    expect(card.get_by_role("status")).to_have_text(
        "Saved: Evaluation and Treatment can be requested for Ankle sprain."
    )
    screenshot(card, "admin-patient-case")

    allow.click()
    expect(card.get_by_role("status")).to_have_text("Ankle sprain no longer takes appointment requests.")
    stored = next(case for case in admin_api.get("/api/admin/patient-cases") if case["case_id"] == case_id)
    assert stored["allow_appointment_requests"] is False
    assert set(stored["requestable_visit_type_ids"]) == {str(demo.EVALUATION), str(demo.TREATMENT)}


def test_changing_the_request_rules(settings_page: Page, admin_api: GatewayApi) -> None:
    page = settings_page
    page.get_by_label("Start times every (minutes)").fill("30")
    page.get_by_label("A waiting request holds its time").uncheck()
    page.get_by_role("button", name="Save request rules").click()
    expect(page.get_by_text("Request rules saved.")).to_be_visible()
    policy = admin_api.get("/api/admin/clinic")["request_policy"]
    assert policy["slot_interval_minutes"] == 30 and policy["pending_request_holds_slot"] is False
    assert policy["portal_cancellation_notice_hours"] is None, "empty: portal users may not cancel"

    cancellation = page.get_by_label("Portal users may cancel up to (hours before)")
    cancellation.fill("48")
    page.get_by_role("button", name="Save request rules").click()
    expect(page.get_by_text("Request rules saved.")).to_be_visible()
    assert admin_api.get("/api/admin/clinic")["request_policy"]["portal_cancellation_notice_hours"] == 48
    page.reload()
    expect(cancellation).to_have_value("48")
    cancellation.fill("")
    page.get_by_role("button", name="Save request rules").click()
    expect(page.get_by_text("Request rules saved.")).to_be_visible()
    assert admin_api.get("/api/admin/clinic")["request_policy"]["portal_cancellation_notice_hours"] is None

    page.get_by_label("Start times every (minutes)").fill("2")
    page.get_by_role("button", name="Save request rules").click()
    expect(page.get_by_text("Request rules saved.")).to_be_hidden()
    assert page.get_by_label("Start times every (minutes)").evaluate("(input) => !input.validity.valid")
    assert admin_api.get("/api/admin/clinic")["request_policy"]["slot_interval_minutes"] == 30
