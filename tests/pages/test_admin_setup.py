"""Setting a clinic up through the admin pages, from nothing: a location in London with its hours,
a therapist working there with working hours and time off, a visit type, a patient found again by
search and a case for them; then editing and deactivating one of each. Every step is checked
through the API; a refused save says why in words and keeps what was typed."""

import uuid
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from clinic_settings.demo_data import DEMO_PASSWORD
from tests.pages.browsing import GatewayApi, screenshot, sign_in


@pytest.fixture
def new_clinic(stack, gateway):
    """An empty clinic of the test's own, with one admin: the demo clinic stays as it is."""
    email = f"admin.{uuid.uuid4().hex[:10]}@new-clinic.example"
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as settings:
        clinic = settings.post("/clinics", json={"name": "Riverside Physiotherapy", "time_zone": "Europe/London"})
        clinic.raise_for_status()
        staff = {"name": "Rosa Admin", "email": email, "password": DEMO_PASSWORD, "permissions": ["admin"]}
        settings.post(f"/clinics/{clinic.json()['clinic_id']}/staff-users", json=staff).raise_for_status()
    api = GatewayApi(gateway, email)
    yield email, api
    api.close()


def form(page: Page, name: str):
    return page.get_by_role("form", name=name)


def card(page: Page, name: str):
    return page.get_by_role("region", name=name, exact=True)


def renamed(page: Page, name: str, details: str, new_name: str) -> Locator:
    """The card of `name` after its name is changed in its `details` form: found by the new one."""
    old = card(page, name)
    old.get_by_text(details).click()
    old.get_by_label("Name").fill(new_name)
    old.get_by_role("button", name="Save details").click()
    new = card(page, new_name)
    expect(new.get_by_text(f"Details of {new_name} saved.")).to_be_visible()
    return new


def open_admin_page(page: Page, gateway: str, link: str) -> None:
    page.get_by_role("navigation", name="Clinic settings pages").get_by_role("link", name=link).click()
    expect(page.locator("#admin-page")).to_be_visible()


def open_as_admin(page: Page, gateway: str, email: str, link: str) -> None:
    """Sign in as the new clinic's admin and open one of its admin pages."""
    sign_in(page, gateway, email, lands_on="/admin")
    open_admin_page(page, gateway, link)


def test_an_admin_sets_up_a_clinic_and_changes_it(gateway, page: Page, new_clinic) -> None:
    email, api = new_clinic
    sign_in(page, gateway, email, lands_on="/admin")

    # A location in London. A misspelt zone is refused in words, and nothing typed is lost.
    open_admin_page(page, gateway, "Locations")
    assert page.locator("datalist option[value='Europe/London']").count() == 1
    adding = form(page, "Add a location")
    adding.get_by_label("Name").fill("Thames Clinic")
    adding.get_by_label("Address").fill("1 Riverside Walk, London SE1")
    adding.get_by_label("Time zone").fill("Europe/Londres")
    adding.get_by_role("button", name="Add location").click()
    expect(adding.get_by_role("status")).to_contain_text("'Europe/Londres' is not an IANA time zone")
    expect(adding.get_by_label("Name")).to_have_value("Thames Clinic")
    expect(adding.get_by_label("Address")).to_have_value("1 Riverside Walk, London SE1")
    adding.get_by_label("Time zone").fill("Europe/London")
    adding.get_by_role("button", name="Add location").click()
    expect(adding.get_by_role("status")).to_contain_text("Thames Clinic added.")
    thames = card(page, "Thames Clinic")
    expect(thames).to_contain_text("Time zone: ")
    thames.get_by_text("Opening hours", exact=True).click()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        thames.get_by_role("button", name=f"Add hours on {day}").click()
    thames.get_by_label("Friday Closes").fill("13:00")
    thames.get_by_role("button", name="Save opening hours").click()
    expect(thames.get_by_text("Opening hours of Thames Clinic saved.")).to_be_visible()
    (location,) = api.get("/api/admin/locations")
    assert (location["name"], location["time_zone"], location["address"]) == (
        "Thames Clinic",
        "Europe/London",
        "1 Riverside Walk, London SE1",
    )
    assert {"weekday": 4, "start": "09:00:00", "end": "13:00:00"} in location["operating_hours"]
    assert len(location["operating_hours"]) == 5
    thames.get_by_role("switch", name="Allow appointment requests at Thames Clinic").click()
    expect(thames.get_by_text("Thames Clinic now takes appointment requests.")).to_be_visible()

    # A visit type.
    open_admin_page(page, gateway, "Visit types")
    adding = form(page, "Add a visit type")
    adding.get_by_label("Name").fill("Hydrotherapy")
    adding.get_by_label("Length (minutes)").fill("45")
    adding.get_by_role("button", name="Add visit type").click()
    expect(adding.get_by_role("status")).to_contain_text("Hydrotherapy added.")
    expect(card(page, "Hydrotherapy")).to_contain_text("45 minutes")

    # A therapist at the location, with working hours there and a week off.
    open_admin_page(page, gateway, "Therapists")
    adding = form(page, "Add a therapist")
    adding.get_by_label("Name").fill("Nadia Khan")
    adding.get_by_label("Thames Clinic").check()
    adding.get_by_role("button", name="Add therapist").click()
    expect(adding.get_by_role("status")).to_contain_text("Nadia Khan added.")
    nadia = card(page, "Nadia Khan")
    expect(nadia).to_contain_text("Works at Thames Clinic")
    nadia.get_by_text("Working hours at Thames Clinic").click()
    expect(nadia.get_by_text("Not working")).to_have_count(7)
    for day in ("Monday", "Wednesday"):
        nadia.get_by_role("button", name=f"Add hours on {day}").click()
    nadia.get_by_label("Wednesday Ends").fill("12:30")
    nadia.get_by_role("button", name="Save working hours").click()
    expect(nadia.get_by_text("Working hours of Nadia Khan at Thames Clinic saved.")).to_be_visible(timeout=30_000)
    therapist_id = api.get("/api/admin/therapists")[0]["therapist_id"]
    hours = api.get(f"/api/admin/therapists/{therapist_id}/working-hours/{location['location_id']}")
    assert hours["periods"][0]["hours"] == [
        {"weekday": 0, "start": "09:00:00", "end": "17:00:00"},
        {"weekday": 2, "start": "09:00:00", "end": "12:30:00"},
    ]
    assert hours["periods"][0]["effective_from"] <= str(date.today() + timedelta(days=1))
    nadia.get_by_text("Time off", exact=True).click()
    expect(nadia.get_by_text("No time off planned.")).to_be_visible()
    nadia.get_by_role("button", name="Add time off").click()
    nadia.get_by_label("From (time off 1)").fill("2027-08-02T00:00")
    nadia.get_by_label("Until (time off 1)").fill("2027-08-09T00:00")
    nadia.get_by_role("button", name="Save time off").click()
    expect(nadia.get_by_text("Time off of Nadia Khan saved.")).to_be_visible()
    screenshot(nadia, "admin-therapist")
    # London is an hour ahead of UTC in August.
    time_off = api.get(f"/api/admin/therapists/{therapist_id}/time-off")["time_off"]
    assert [(span["start"], span["end"]) for span in time_off] == [("2027-08-01T23:00:00Z", "2027-08-08T23:00:00Z")]

    # A patient, found again by search, and a case for them allowing the visit type.
    open_admin_page(page, gateway, "Patients")
    adding = form(page, "Add a patient")
    adding.get_by_label("Name").fill("Oliver Brook")
    adding.get_by_label("Date of birth").fill(str(date.today() + timedelta(days=3)))
    adding.get_by_role("button", name="Add patient").click()
    expect(adding.get_by_role("status")).to_contain_text("That date of birth can't be right.")
    expect(adding.get_by_label("Name")).to_have_value("Oliver Brook")
    adding.get_by_label("Date of birth").fill("2015-06-01")
    adding.get_by_role("button", name="Add patient").click()
    expect(adding.get_by_role("status")).to_contain_text("Oliver Brook added.")
    page.get_by_label("Find a patient").fill("")
    expect(page.get_by_text("1 patient.")).to_be_visible()
    page.get_by_label("Find a patient").fill("brOOK")
    expect(page.get_by_text("1 patient found for “brOOK”.")).to_be_visible()
    oliver = card(page, "Oliver Brook")
    expect(oliver).to_contain_text("Born 1 June 2015")
    page.get_by_label("Find a patient").fill("nobody like that")
    expect(page.get_by_text("0 patients found for “nobody like that”.")).to_be_visible()
    expect(oliver).to_be_hidden()
    page.get_by_label("Find a patient").fill("oliver")
    oliver.get_by_text("Open a case").click()
    opening = form(page, "Open a case for Oliver Brook")
    opening.get_by_label("Title").fill("Sprained wrist")
    expect(opening.get_by_label("Location")).to_have_value(location["location_id"])
    expect(opening.get_by_label("Primary therapist")).to_have_value(therapist_id)
    opening.get_by_label("Allow appointment requests").check()
    opening.get_by_label("Hydrotherapy (45 min)").check()
    opening.get_by_role("button", name="Open case").click()
    expect(opening.get_by_role("status")).to_have_text("Case Sprained wrist opened.")
    expect(oliver).to_contain_text("1 active case")
    screenshot(oliver, "admin-patient")
    (case,) = api.get("/api/admin/patient-cases")
    (hydrotherapy,) = api.get("/api/admin/visit-types")
    assert (case["title"], case["primary_therapist_id"], case["location_id"]) == (
        "Sprained wrist",
        therapist_id,
        location["location_id"],
    )
    assert case["allow_appointment_requests"] is True
    assert case["requestable_visit_type_ids"] == [hydrotherapy["visit_type_id"]]

    # Edit and deactivate one of each: the case first, while all it depends on is active.
    oliver.get_by_role("link", name="Change their cases").click()
    expect(page.get_by_label("Patient or case")).to_have_value("Oliver Brook")
    expect(page.get_by_text("1 case shown.")).to_be_visible()
    wrist = card(page, "Oliver Brook: Sprained wrist")
    wrist.get_by_text("Title, location and therapist").click()
    wrist.get_by_label("Title").fill("Sprained left wrist")
    wrist.get_by_role("button", name="Save details").click()
    wrist = card(page, "Oliver Brook: Sprained left wrist")  # named by what was saved
    expect(wrist.get_by_text("Details of Sprained left wrist saved.")).to_be_visible()
    wrist.get_by_role("button", name="Discharge Sprained left wrist").click()
    expect(wrist.get_by_text("Sprained left wrist is discharged.")).to_be_visible()
    wrist.get_by_role("button", name="Take up again Sprained left wrist").click()
    expect(wrist.get_by_text("Sprained left wrist is active again.")).to_be_visible()
    assert api.get(f"/api/admin/patient-cases/{case['case_id']}")["title"] == "Sprained left wrist"

    open_admin_page(page, gateway, "Patients")
    oliver = renamed(page, "Oliver Brook", "Name and date of birth", "Oliver Brook-Hale")
    deactivate(oliver, "Oliver Brook-Hale")
    expect(oliver).to_contain_text("0 active cases")
    expect(oliver).to_contain_text("Discharged")
    patient = api.get("/api/admin/patients")[0]
    assert (patient["name"], patient["active"]) == ("Oliver Brook-Hale", False)
    assert api.get(f"/api/admin/patient-cases/{case['case_id']}")["status"] == "discharged"

    open_admin_page(page, gateway, "Therapists")
    nadia = renamed(page, "Nadia Khan", "Name and locations", "Nadia Khan-Reid")
    deactivate(nadia, "Nadia Khan-Reid")
    assert api.get(f"/api/admin/therapists/{therapist_id}")["active"] is False

    open_admin_page(page, gateway, "Visit types")
    hydro = card(page, "Hydrotherapy")
    hydro.get_by_text("Name and length").click()
    hydro.get_by_label("Length (minutes)").fill("60")
    hydro.get_by_role("button", name="Save details").click()
    expect(hydro.get_by_text("Hydrotherapy saved.")).to_be_visible()
    expect(hydro).to_contain_text("60 minutes")
    deactivate(hydro, "Hydrotherapy")
    assert api.get(f"/api/admin/visit-types/{hydrotherapy['visit_type_id']}")["active"] is False

    open_admin_page(page, gateway, "Locations")
    thames = renamed(page, "Thames Clinic", "Name, address and time zone", "Thames Riverside")
    deactivate(thames, "Thames Riverside")
    stored = api.get(f"/api/admin/locations/{location['location_id']}")
    assert (stored["name"], stored["active"], stored["allow_appointment_requests"]) == (
        "Thames Riverside",
        False,
        False,
    )
    expect(thames.get_by_role("switch", name="Allow appointment requests at Thames Riverside")).not_to_be_checked()

    # Reactivated, it takes requests again only once they are allowed again.
    thames.get_by_role("button", name="Reactivate Thames Riverside").click()
    expect(thames.get_by_text("Thames Riverside is active again.")).to_be_visible()
    assert api.get(f"/api/admin/locations/{location['location_id']}")["allow_appointment_requests"] is False


def deactivate(region, name: str) -> None:
    """Deactivate, confirm when asked, and see it said."""
    region.get_by_role("button", name=f"Deactivate {name}").click()
    expect(region.get_by_text(f"Deactivate {name}?")).to_be_visible()
    region.get_by_role("button", name=f"Yes, deactivate {name}").click()
    expect(region.get_by_text(f"{name} is deactivated.")).to_be_visible()
    expect(region.get_by_role("button", name=f"Reactivate {name}")).to_be_focused()
    expect(region).to_contain_text("Deactivated")


def test_a_refused_save_keeps_what_was_typed_and_says_why(gateway, page: Page, new_clinic) -> None:
    email, api = new_clinic
    open_as_admin(page, gateway, email, "Staff and portal users")
    me = card(page, "Rosa Admin")
    me.get_by_text("Permissions and locations").click()
    me.get_by_label("Admin: changes the clinic's settings").uncheck()
    me.get_by_role("button", name="Save permissions").click()
    expect(form(page, "Permissions of Rosa Admin").get_by_role("status")).to_contain_text(
        "The clinic needs an active admin. Rosa Admin is the clinic's only active admin"
    )
    expect(me.get_by_label("Admin: changes the clinic's settings")).not_to_be_checked()
    me.get_by_text("Name and email", exact=True).click()
    me.get_by_label("Email").fill("not an address")
    me.get_by_role("button", name="Save name and email").click()
    expect(form(page, "Account details of Rosa Admin").get_by_role("status")).to_contain_text(
        "That doesn't look like an email address."
    )
    expect(me.get_by_label("Email")).to_have_value("not an address")
    assert api.get("/api/me")["user"]["email"] == email
    screenshot(me, "admin-staff-user")


def test_a_location_is_added_and_deactivated_by_keyboard_alone(gateway, page: Page, new_clinic) -> None:
    email, api = new_clinic
    open_as_admin(page, gateway, email, "Locations")
    adding = form(page, "Add a location")
    adding.get_by_label("Name").focus()
    page.keyboard.type("Kew")
    page.keyboard.press("Tab")
    expect(adding.get_by_label("Address")).to_be_focused()
    page.keyboard.press("Tab")
    expect(adding.get_by_label("Time zone")).to_be_focused()
    page.keyboard.type("Europe/London")
    page.keyboard.press("Enter")
    expect(adding.get_by_role("status")).to_contain_text("Kew added.")
    kew = card(page, "Kew")
    kew.get_by_role("button", name="Deactivate Kew").focus()
    page.keyboard.press("Enter")
    expect(kew.get_by_role("button", name="Yes, deactivate Kew")).to_be_focused()
    page.keyboard.press("Enter")
    expect(kew.get_by_role("button", name="Reactivate Kew")).to_be_focused()
    assert api.get("/api/admin/locations")[0]["active"] is False
