"""Signing in and out: each kind of user lands in their own area; failures are said plainly."""

from playwright.sync_api import expect

from tests.pages.browsing import ADMIN, CAREGIVER, SCHEDULER, expect_focus_ring, screenshot, sign_in


def test_a_wrong_password_is_said_plainly_and_keeps_the_user_on_the_form(gateway, phone) -> None:
    phone.goto(gateway + "/")
    phone.get_by_label("Email").fill(ADMIN)
    phone.get_by_label("Password").fill("not-the-password")
    phone.get_by_role("button", name="Sign in").click()

    alert = phone.get_by_role("alert")
    expect(alert).to_have_text("That email and password don't match an account. Check both and try again.")
    expect(phone).to_have_url(gateway + "/")
    expect(phone.get_by_label("Password")).to_be_focused()
    screenshot(phone, "sign-in-wrong-password-phone")


def test_an_empty_form_asks_for_both_fields(gateway, page) -> None:
    page.goto(gateway + "/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Please enter your email and password.")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Email")).to_be_focused()


def test_signing_in_with_the_keyboard_alone_opens_the_caregivers_portal(gateway, page) -> None:
    page.goto(gateway + "/")
    screenshot(page, "sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    expect_focus_ring(page)
    page.keyboard.type(CAREGIVER)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("harborview-demo-2026")
    page.keyboard.press("Enter")

    page.wait_for_url(gateway + "/portal")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request an appointment")
    expect(page.get_by_text("Signed in as Wei Chen")).to_be_visible()


def test_an_admin_lands_on_clinic_settings_and_signing_out_ends_the_session(gateway, page) -> None:
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clinic settings")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(gateway + "/")
    page.goto(gateway + "/admin")
    page.wait_for_url(gateway + "/")
    expect(page.get_by_text("Please sign in first.")).to_be_visible()


def test_a_session_the_gateway_no_longer_accepts_sends_the_user_back_to_sign_in(gateway, page) -> None:
    page.goto(gateway + "/")
    page.evaluate(
        """sessionStorage.setItem('clinic.session',
             JSON.stringify({token: 'expired-or-forged', kind: 'staff'}))"""
    )
    page.goto(gateway + "/admin")
    page.wait_for_url(gateway + "/")
    expect(page.get_by_text("You have been signed out. Please sign in again.")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('clinic.session')") is None


def test_a_portal_user_opening_clinic_settings_is_told_it_is_for_staff(gateway, page) -> None:
    sign_in(page, gateway, CAREGIVER, lands_on="/portal")
    page.goto(gateway + "/admin")
    expect(page.get_by_role("alert")).to_have_text(
        "This page is for clinic staff. Sign in with a staff account to use it."
    )
    expect(page.get_by_role("switch")).to_have_count(0)


def test_a_scheduler_lands_on_appointment_requests_and_may_not_change_settings(gateway, page) -> None:
    sign_in(page, gateway, SCHEDULER, lands_on="/scheduler")
    expect(page.get_by_role("heading", level=1)).to_have_text("Appointment requests")
    expect(page.get_by_text("Signed in as Sam Delgado")).to_be_visible()
    expect(page.locator("#page-problem")).to_be_empty()

    page.goto(gateway + "/admin")
    expect(page.get_by_role("alert")).to_have_text(
        "Your account can't change clinic settings. Ask a clinic administrator for the Admin permission."
    )
