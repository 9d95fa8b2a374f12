"""Every page on a 360 px phone without sideways scrolling, by keyboard alone, and with every
control named for screen readers."""

from playwright.sync_api import Page, expect

from tests.pages.browsing import (
    ADMIN,
    CAREGIVER,
    expect_focus_ring,
    has_no_horizontal_scroll,
    screenshot,
    sign_in,
    unlabelled_controls,
)


def test_sign_in_fits_a_phone(gateway, phone: Page) -> None:
    phone.goto(gateway + "/")
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible()
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    screenshot(phone, "sign-in-phone")


ADMIN_PAGES = (
    "/admin",
    "/admin/locations",
    "/admin/visit-types",
    "/admin/therapists",
    "/admin/patients",
    "/admin/cases",
    "/admin/people",
    "/admin/invitations",
    "/admin/emails",
)


def test_clinic_settings_fit_a_phone_with_every_editor_open(gateway, phone: Page) -> None:
    sign_in(phone, gateway, ADMIN, lands_on="/admin")
    expect(phone.get_by_role("switch", name="Take appointment requests through the portal")).to_be_visible()
    links = phone.get_by_role("navigation", name="Clinic settings pages").get_by_role("link")
    paths = [link.get_attribute("href") for link in links.all()]
    assert set(ADMIN_PAGES) <= set(paths)
    for path in paths:  # every page the navigation links to, those added later too
        phone.goto(gateway + path)
        expect(phone.get_by_role("navigation", name="Clinic settings pages")).to_be_visible()
        expect(phone.locator("#loading")).to_be_hidden()
        if path == "/admin/cases":
            phone.get_by_label("Status").select_option(label="Any")
        for summary in phone.locator("summary").all():
            summary.click()
        expect(phone.get_by_text("Loading the working hours…")).to_have_count(0)
        has_no_horizontal_scroll(phone)
        assert unlabelled_controls(phone) == [], path
        phone.evaluate("window.scrollTo(0, 0)")
        if path == "/admin":
            screenshot(phone, "admin-settings-phone")
        if path == "/admin/locations":
            screenshot(phone.get_by_role("region", name="Harborview Downtown", exact=True), "admin-location-phone")


def test_the_portal_fits_a_phone(gateway, phone: Page) -> None:
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    phone.get_by_label("Lily Chen", exact=True).check()
    phone.get_by_label("Re-evaluation", exact=True).check()
    expect(phone.get_by_label("Harborview Downtown", exact=True)).to_be_checked()
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []


def test_my_emails_fit_a_phone(gateway, phone: Page) -> None:
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    phone.get_by_role("link", name="My emails").click()
    expect(phone.get_by_role("group", name="Which emails should the clinic's system send you?")).to_be_visible()
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    screenshot(phone, "my-emails-phone")


def test_the_portal_choices_work_by_keyboard(gateway, page: Page) -> None:
    sign_in(page, gateway, CAREGIVER, lands_on="/portal")
    expect(page.get_by_label("Lily Chen", exact=True)).to_be_visible()
    page.get_by_label("Lily Chen", exact=True).focus()
    expect_focus_ring(page)
    page.keyboard.press("ArrowDown")  # arrows move through a radio group and choose
    expect(page.get_by_label("Owen Chen", exact=True)).to_be_checked()
    expect(page.get_by_label("Developmental delay", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Developmental delay", exact=True)).to_be_focused()
    expect(page.get_by_role("group", name="What kind of visit?").get_by_role("radio")).to_have_count(2)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label("Evaluation", exact=True)).to_be_checked()
    expect(page.get_by_label("Harborview Downtown", exact=True)).to_be_checked()


def test_clinic_settings_work_by_keyboard(gateway, page: Page) -> None:
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    switch = page.get_by_role("switch", name="Take appointment requests through the portal")
    expect(switch).to_be_checked()
    # Tab from the last of the pages' links to the switch, then Enter, as a keyboard user would.
    page.get_by_role("navigation", name="Clinic settings pages").get_by_role("link").last.focus()
    page.keyboard.press("Tab")
    expect(switch).to_be_focused()
    expect_focus_ring(page)
    page.keyboard.press("Enter")
    expect(switch).not_to_be_checked()
    expect(page.get_by_text("Appointment requests are off")).to_be_visible()
    page.keyboard.press("Space")
    expect(switch).to_be_checked()
    expect(page.get_by_text("Appointment requests are on")).to_be_visible()

    page.goto(gateway + "/admin/locations")
    downtown = page.get_by_role("region", name="Harborview Downtown", exact=True)
    downtown.get_by_text("Opening hours", exact=True).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(downtown.get_by_label("Monday Opens (1 of 2)")).to_be_focused()
