"""Accounts by invitation, and forgotten passwords, in the browser: an admin invites a caregiver on
/admin/invitations and copies the link; the caregiver opens it on a phone, chooses a password and
signs in; someone who forgot their password gets a new one through /forgot-password."""

import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.demo_clinic import new_caregiver
from tests.pages.browsing import (
    ADMIN,
    expect_focus_ring,
    has_no_horizontal_scroll,
    screenshot,
    sign_in,
    unlabelled_controls,
)
from tests.pages.conftest import DESKTOP, PHONE
from tests.settings.settings_api import links_logged_for

CHOSEN = "my own new password"


@pytest.fixture
def accounts_made(stack):
    """Ids of the portal users a test makes in the demo clinic: deactivated after it, so the demo
    clinic keeps no working account the test chose the password of."""
    made: list[str] = []
    yield made
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as settings:
        for user_id in made:
            settings.patch(f"/portal-users/{user_id}", json={"active": False}).raise_for_status()


@pytest.fixture
def admin_page(browser, gateway):
    """The admin on a desktop, allowed to use the clipboard, on the invitations page."""
    context = browser.new_context(**DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, gateway, ADMIN, lands_on="/admin")
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Invitations").click()
    page.wait_for_url(gateway + "/admin/invitations")
    expect(page.get_by_role("heading", name="Invite someone")).to_be_visible()
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page's scripts: {errors}"


def test_an_admin_invites_a_caregiver_who_chooses_a_password_and_signs_in(
    admin_page: Page, browser, gateway, accounts_made
) -> None:
    page = admin_page
    email = f"rae.{uuid.uuid4().hex[:8]}@example.org"
    page.get_by_label("Name", exact=True).fill("Rae Okafor")
    page.get_by_label("Email", exact=True).fill(email)
    expect(page.get_by_label("A caregiver, such as a parent")).to_be_checked()
    page.get_by_label("Find a patient").fill("chen")
    page.get_by_label("Lily Chen").check()
    page.get_by_label("Owen Chen").check()
    page.get_by_role("button", name="Send invitation").click()

    box = page.get_by_role("group", name="Invitation link for Rae Okafor")
    expect(box).to_contain_text("Rae Okafor is invited. Send them this link")
    link = box.get_by_label("Invitation link for Rae Okafor").input_value()
    assert link.startswith(f"{gateway}/invitation#token=")
    box.get_by_role("button", name="Copy link").click()
    expect(box.get_by_role("status")).to_have_text("Copied. Paste it into an email or message to them.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    invited = page.get_by_role("listitem").filter(has_text=email)
    expect(invited).to_contain_text("Waiting for them")
    accounts_made.append(
        next(i["user_id"] for i in page.evaluate(_INVITATIONS) if i["email"] == email)  # for clean-up
    )
    screenshot(page, "admin-invitations")

    # The caregiver, on a phone, with the link the admin sent; by keyboard.
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    try:
        phone.goto(link)
        expect(phone.get_by_text("Welcome, Rae Okafor. Harborview Physical Therapy invites you")).to_be_visible()
        expect(phone.get_by_label("Your email")).to_have_value(email)
        expect(phone.get_by_label("Choose a password")).to_be_focused()
        has_no_horizontal_scroll(phone)
        assert unlabelled_controls(phone) == []
        screenshot(phone, "invitation-phone")
        phone.keyboard.type(CHOSEN)
        phone.keyboard.press("Tab")
        expect(phone.get_by_label("Type the password again")).to_be_focused()
        expect_focus_ring(phone)
        phone.keyboard.type("not the same one")
        phone.keyboard.press("Enter")
        expect(phone.get_by_role("alert").last).to_have_text(
            "The two passwords are not the same. Please type them again."
        )
        phone.get_by_label("Type the password again").fill(CHOSEN)
        phone.get_by_role("button", name="Set my password").click()

        phone.wait_for_url(gateway + "/")
        expect(phone.get_by_text(f"Your password is set. Sign in with {email} and your new password.")).to_be_visible()
        sign_in(phone, gateway, email, CHOSEN, lands_on="/portal")
        expect(phone.get_by_label("Lily Chen", exact=True)).to_be_visible()
        expect(phone.get_by_label("Owen Chen", exact=True)).to_be_visible()

        phone.goto(link)  # used: it says so, in words
        expect(phone.get_by_role("alert").first).to_have_text(
            "This invitation has already been used to set a password. Sign in, or use “Forgot your password?”."
        )
        expect(phone.get_by_role("link", name="Go to sign in")).to_be_visible()
    finally:
        context.close()

    page.reload()
    expect(page.get_by_role("listitem").filter(has_text=email)).to_contain_text("Accepted")


_INVITATIONS = """async () => {
  const session = JSON.parse(sessionStorage.getItem('clinic.session'));
  const answer = await fetch('/api/admin/invitations', {headers: {Authorization: `Bearer ${session.token}`}});
  return answer.json();
}"""


def test_an_admin_withdraws_an_invitation_and_sends_it_again(admin_page: Page) -> None:
    page = admin_page
    email = f"staff.{uuid.uuid4().hex[:8]}@harborview.example"
    page.get_by_label("A member of staff").check()
    expect(page.get_by_label("Find a patient")).to_be_hidden()
    page.get_by_label("Name", exact=True).fill("Robin Staff")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("All locations, now and later").check()
    expect(page.get_by_label("Harborview Downtown")).to_be_hidden()
    page.get_by_role("button", name="Send invitation").click()
    first = page.get_by_role("group", name="Invitation link for Robin Staff").get_by_role("textbox").input_value()

    card = page.get_by_role("listitem").filter(has_text=email)
    card.get_by_role("button", name="Withdraw: Robin Staff").click()
    card = page.get_by_role("listitem").filter(has_text=email)
    expect(card).to_contain_text("Withdrawn")
    expect(card.get_by_role("status").first).to_have_text("Robin Staff's link no longer works.")
    card.get_by_role("button", name="Send again: Robin Staff").click()
    card = page.get_by_role("listitem").filter(has_text=email)
    expect(card).to_contain_text("Waiting for them")
    again = card.get_by_role("textbox").input_value()
    assert again != first and again.startswith(first.partition("#")[0])
    invitation = next(i for i in page.evaluate(_INVITATIONS) if i["email"] == email)
    staff = page.evaluate(
        """async (path) => {
          const session = JSON.parse(sessionStorage.getItem('clinic.session'));
          return (await fetch(path, {headers: {Authorization: `Bearer ${session.token}`}})).json();
        }""",
        "/api/admin/staff-users",
    )
    (robin,) = [user for user in staff if user["staff_user_id"] == invitation["user_id"]]
    assert robin["permissions"] == [] and robin["all_locations"] is True


def test_a_link_that_cannot_be_used_is_said_in_words(gateway, page: Page) -> None:
    page.goto(gateway + "/invitation")
    expect(page.get_by_role("alert").first).to_contain_text("This invitation link is incomplete.")
    page.goto(gateway + "/invitation#token=" + "x" * 43)
    page.reload()
    expect(page.get_by_role("alert").first).to_have_text(
        "This invitation link isn't valid. Check that you opened the whole link, or ask the clinic to send a new one."
    )
    expect(page.get_by_label("Choose a password")).to_be_hidden()
    page.goto(gateway + "/reset-password")
    expect(page.get_by_role("alert").first).to_contain_text("This password reset link is incomplete.")
    expect(page.get_by_role("link", name="Ask for a new link")).to_be_visible()


def test_a_forgotten_password_is_replaced_through_the_emailed_link(gateway, stack, phone: Page, accounts_made) -> None:
    email = f"ivy.{uuid.uuid4().hex[:8]}@example.org"
    user_id = new_caregiver(stack, "Ivy Reset", email)["portal_user_id"]
    accounts_made.append(user_id)

    phone.goto(gateway + "/")
    phone.get_by_role("link", name="Forgot your password?").click()
    phone.wait_for_url(gateway + "/forgot-password")
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    phone.get_by_role("button", name="Send me a link").click()
    expect(phone.get_by_role("alert")).to_have_text("Please enter your email.")
    phone.get_by_label("Email").fill(email)
    phone.get_by_role("button", name="Send me a link").click()
    expect(phone.get_by_role("status")).to_contain_text(
        "If an account uses this email, a link to choose a new password"
    )
    expect(phone.get_by_role("button", name="Send me a link")).to_be_hidden()
    screenshot(phone, "forgot-password-phone")
    (link,) = links_logged_for(stack, user_id)  # the notifications service's job, once it exists

    phone.goto(link)
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    phone.get_by_label("New password", exact=True).fill("short")
    phone.get_by_label("Type the password again").fill("short")
    phone.get_by_role("button", name="Set my new password").click()
    expect(phone.get_by_role("alert").last).to_have_text(
        "That password is too short. A password has at least 10 characters."
    )
    phone.get_by_label("New password", exact=True).fill(CHOSEN)
    phone.get_by_label("Type the password again").fill(CHOSEN)
    phone.get_by_role("button", name="Set my new password").click()
    phone.wait_for_url(gateway + "/")
    expect(phone.get_by_text(f"Your new password is set. Sign in with {email} and your new password.")).to_be_visible()
    sign_in(phone, gateway, email, CHOSEN, lands_on="/portal")

    phone.goto(link)
    phone.get_by_label("New password", exact=True).fill("yet another password")
    phone.get_by_label("Type the password again").fill("yet another password")
    phone.get_by_role("button", name="Set my new password").click()
    expect(phone.get_by_role("alert").last).to_have_text(
        "This password reset link has already been used. Sign in, or ask for a new link."
    )


def test_the_invitations_page_fits_a_phone(gateway, phone: Page) -> None:
    sign_in(phone, gateway, ADMIN, lands_on="/admin")
    phone.goto(gateway + "/admin/invitations")
    expect(phone.get_by_role("heading", name="Invite someone")).to_be_visible()
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    phone.get_by_label("A member of staff").check()
    has_no_horizontal_scroll(phone)
    assert unlabelled_controls(phone) == []
    screenshot(phone, "admin-invitations-phone", full_page=True)
