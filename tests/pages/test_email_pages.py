"""Emails in the browser: everyone chooses on /account/emails what reaches them (the digest is for
staff only), and an admin follows the clinic's emails on /admin/emails, filters them and sends a
failed one again. The emails are real: the notifications service mails them to the test's SMTP
server (`mail_sink`)."""

import asyncio
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import asyncpg
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import make_url

from tests.pages.browsing import (
    ADMIN,
    CAREGIVER,
    SCHEDULER,
    GatewayApi,
    expect_focus_ring,
    has_no_horizontal_scroll,
    screenshot,
    sign_in,
    unlabelled_controls,
    wait_until,
)

PREFERENCES = "/api/me/notification-preferences"
CHOICE = "Which emails should the clinic's system send you?"
INVITATION_SUBJECT = "You are invited to Harborview Physical Therapy's appointment portal"


@pytest.fixture
def choices_kept(gateway):
    """The choice of whoever a test signs in as, put back after it (other tests expect theirs)."""
    kept: list[tuple[GatewayApi, str]] = []

    def keep(email: str) -> GatewayApi:
        api = GatewayApi(gateway, email)
        kept.append((api, api.get(PREFERENCES)["delivery"]))
        return api

    yield keep
    for api, delivery in kept:
        api.http.put(PREFERENCES, json={"delivery": delivery}).raise_for_status()
        api.close()


@pytest.fixture
def invite(admin_api):
    """Invites a member of staff (who may do nothing) by email, as an admin does; the invitation
    is withdrawn and the account deactivated after the test."""
    made: list[dict] = []

    def invite() -> dict:
        email = f"emails.{uuid.uuid4().hex[:8]}@harborview.example"
        body = {"kind": "staff", "name": "Robin Mailed", "email": email, "permissions": [], "location_ids": []}
        answer = admin_api.http.post("/api/admin/invitations", json=body)
        assert answer.status_code == 201, answer.text
        made.append(answer.json())
        return answer.json()

    yield invite
    for invitation in made:
        admin_api.http.post(f"/api/admin/invitations/{invitation['invitation_id']}/revoke").raise_for_status()
        admin_api.http.patch(
            f"/api/admin/staff-users/{invitation['user_id']}", json={"active": False}
        ).raise_for_status()


def email_to(admin_api: GatewayApi, address: str, status: str, **more) -> dict:
    """The clinic's email to `address` once it is in `status` (and matches `more`), as the admin
    API lists it."""

    async def found():
        items = admin_api.get("/api/admin/emails", status=status, limit=200)["items"]
        return next((item for item in items if item["to_address"] == address and item.items() >= more.items()), None)

    return wait_until(found, timeout=60)


def test_a_caregiver_turns_emails_off_and_finds_them_off_after_reloading(gateway, page: Page, choices_kept) -> None:
    wei = choices_kept(CAREGIVER)
    wei.http.put(PREFERENCES, json={"delivery": "immediate"}).raise_for_status()
    sign_in(page, gateway, CAREGIVER, lands_on="/portal")
    page.get_by_role("link", name="My emails").click()
    page.wait_for_url(gateway + "/account/emails")
    expect(page.get_by_role("heading", level=1)).to_have_text("My emails")
    expect(page.get_by_role("link", name="My emails")).to_have_attribute("aria-current", "page")

    # A caregiver's emails are about their own requests: there is no digest to choose.
    choices = page.get_by_role("group", name=CHOICE).get_by_role("radio")
    expect(choices).to_have_count(2)
    expect(page.get_by_label("Each email as it happens")).to_be_checked()
    expect(page.get_by_label("Only the daily digest of waiting requests")).to_have_count(0)
    expect(page.get_by_text("an email with a link to your own account (an invitation")).to_be_visible()

    page.get_by_label("No emails").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_have_text(
        "Saved. The clinic's system sends you no emails, except links to your own account."
    )
    assert wei.get(PREFERENCES)["delivery"] == "off"

    page.reload()
    expect(page.get_by_label("No emails")).to_be_checked()
    expect(page.get_by_label("Each email as it happens")).not_to_be_checked()
    assert page.locator("#page-problem").text_content() == ""


def test_a_scheduler_may_choose_the_daily_digest_by_keyboard(gateway, page: Page, choices_kept) -> None:
    sam = choices_kept(SCHEDULER)
    sam.http.put(PREFERENCES, json={"delivery": "immediate"}).raise_for_status()
    sign_in(page, gateway, SCHEDULER, lands_on="/scheduler")
    page.goto(gateway + "/account/emails")
    choices = page.get_by_role("group", name=CHOICE).get_by_role("radio")
    expect(choices).to_have_count(3)
    immediate = page.get_by_label("Each email as it happens")
    expect(immediate).to_be_checked()
    immediate.focus()
    expect_focus_ring(page)
    page.keyboard.press("ArrowDown")  # arrows move through a radio group and choose
    digest = page.get_by_label("Only the daily digest of waiting requests")
    expect(digest).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save my choice")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_have_text(
        "Saved. You get only the daily digest of waiting requests."
    )
    assert sam.get(PREFERENCES)["delivery"] == "digest"


def test_an_admin_finds_the_invitation_just_mailed_and_filters_by_status(
    gateway, page: Page, admin_api, invite, mail_sink
) -> None:
    invitation = invite()
    address = invitation["email"]
    email_to(admin_api, address, "sent", kind="account-invitation")
    mail_sink.wait_for(lambda received: received.to == [address])

    sign_in(page, gateway, ADMIN, lands_on="/admin")
    page.get_by_role("navigation", name="Clinic settings pages").get_by_role("link", name="Emails").click()
    page.wait_for_url(gateway + "/admin/emails")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emails")
    card = page.get_by_role("listitem").filter(has_text=address)
    expect(card.get_by_role("heading")).to_have_text("Invitation to the portal Sent")
    expect(card).to_contain_text(f"To {address} (staff)")
    expect(card).to_contain_text(f"Subject: {INVITATION_SUBJECT}")
    expect(card).to_contain_text("Sent ")
    expect(card.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="newest first")).to_contain_text("Showing ")
    screenshot(page, "admin-emails")

    page.get_by_label("Status").select_option(label="Sent")
    expect(card).to_be_visible()
    expect(page.locator("#email-list .badge").filter(has_not_text=re.compile(r"^Sent$"))).to_have_count(0)
    page.get_by_label("Status").select_option(label="Failed")
    expect(card).to_have_count(0)
    expect(page.locator("#email-list .badge", has_text=re.compile(r"^Sent$"))).to_have_count(0)


def fail(notifications_database: str, email_id: str, error: str) -> None:
    """What the sender does once an email's last attempt failed, without waiting out every attempt."""

    async def update() -> None:
        url = make_url(notifications_database)
        connection = await asyncpg.connect(
            user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
        )
        try:
            changed = await connection.execute(
                "UPDATE emails SET status = 'failed', next_attempt_at = NULL, last_error = $2"
                " WHERE email_id = $1 AND status = 'retrying'",
                uuid.UUID(email_id),
                error,
            )
            assert changed == "UPDATE 1", changed
        finally:
            await connection.close()

    # Playwright's sync API keeps an event loop in this thread: the database gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, update()).result()


def test_an_admin_sends_a_failed_email_again(
    gateway, page: Page, admin_api, invite, mail_sink, service_database_urls
) -> None:
    mail_sink.stop()  # the relay is away: the invitation is tried again, then given up on
    try:
        address = invite()["email"]
        trying = email_to(admin_api, address, "retrying")
        assert trying["last_error"], trying
        fail(service_database_urls["notifications"], trying["email_id"], "550 Mailbox unavailable")
    finally:
        mail_sink.start()

    sign_in(page, gateway, ADMIN, lands_on="/admin")
    page.goto(gateway + "/admin/emails")
    page.get_by_label("Status").select_option(label="Failed")
    expect(page.locator("#email-list")).not_to_have_attribute("aria-busy", "true")  # the failed ones listed
    card = page.get_by_role("listitem").filter(has_text=address)
    expect(card.get_by_role("heading")).to_have_text("Invitation to the portal Failed")
    expect(card).to_contain_text("The mail relay answered: 550 Mailbox unavailable")
    expect(card).to_contain_text("Failed after ")
    has_no_horizontal_scroll(page)
    assert unlabelled_controls(page) == []

    card.get_by_role("button", name=f"Send again: Invitation to the portal to {address}").click()
    card = page.get_by_role("listitem").filter(has_text=address)
    expect(card.get_by_role("status")).to_have_text("Queued again: it goes out in a moment.")
    # The sender is woken at once: the answer may already find it sent.
    expect(card.get_by_role("heading")).to_have_text(re.compile(r"Invitation to the portal (Waiting to be sent|Sent)"))
    expect(card.get_by_role("heading")).to_be_focused()
    expect(card.get_by_role("button", name="Send again")).to_have_count(0)
    email_to(admin_api, address, "sent")
    mail_sink.wait_for(lambda received: received.to == [address])

    page.get_by_label("Status").select_option(label="Sent")
    expect(page.get_by_role("listitem").filter(has_text=address)).to_contain_text("Sent ")
