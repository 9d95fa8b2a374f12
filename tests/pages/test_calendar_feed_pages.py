"""Calendar feeds in the browser: a caregiver makes a feed on /account/calendar-feeds, a calendar
app (here httpx, without any session) reads its link, and revoking it closes it at once; a scheduler
picks the therapist to follow."""

import httpx
import icalendar
from playwright.sync_api import Page, expect

from tests.pages.browsing import CAREGIVER, SCHEDULER, has_no_horizontal_scroll, sign_in, unlabelled_controls


def make_feed(page: Page) -> str:
    page.get_by_role("button", name="Make a calendar feed").click()
    link = page.get_by_label("Feed link")
    expect(link).to_be_visible()
    expect(page.get_by_text("It is not shown again")).to_be_visible()
    return link.input_value()


def as_a_calendar_app(url: str) -> httpx.Response:
    return httpx.get(url, timeout=30)


def test_a_caregiver_makes_a_feed_a_calendar_app_reads_it_and_revoking_closes_it(gateway, page: Page) -> None:
    sign_in(page, gateway, CAREGIVER, lands_on="/portal")
    page.get_by_role("link", name="Calendar feeds").click()
    page.wait_for_url(gateway + "/account/calendar-feeds")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar feeds")
    expect(page.get_by_text("everyone you look after")).to_be_visible()
    expect(page.get_by_label("Therapist")).to_be_hidden()

    url = make_feed(page)
    assert url.startswith(gateway + "/ical/") and url.endswith(".ics")
    read = as_a_calendar_app(url)
    assert read.status_code == 200 and read.headers["content-type"].startswith("text/calendar")
    assert str(icalendar.Calendar.from_ical(read.content)["X-WR-CALNAME"]).endswith("our appointments")
    assert unlabelled_controls(page) == []

    feed = page.get_by_role("listitem").filter(has_text="Our appointments").filter(has_text="active").first
    feed.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("no longer shows anything in any calendar app")).to_be_visible()
    closed = as_a_calendar_app(url)
    assert closed.status_code == 404 and closed.json()["code"] == "calendar-feed-not-found"


def test_a_scheduler_follows_a_therapist_on_a_phone(gateway, phone: Page) -> None:
    sign_in(phone, gateway, SCHEDULER, lands_on="/scheduler")
    phone.goto(gateway + "/account/calendar-feeds")
    phone.get_by_label("Therapist").select_option(label="Dana Whitfield")
    url = make_feed(phone)
    assert as_a_calendar_app(url).status_code == 200
    has_no_horizontal_scroll(phone)
    feed = phone.get_by_role("listitem").filter(has_text="Dana Whitfield's calendar").filter(has_text="active").first
    feed.get_by_role("button", name="Revoke").click()
    expect(phone.get_by_text("no longer shows anything")).to_be_visible()
    assert as_a_calendar_app(url).status_code == 404
