"""What the page tests share: signing in through the form, asking the API what was stored,
screenshots for the README, and putting the demo clinic back as it was."""

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx
from playwright.sync_api import Locator, Page

from clinic_settings.demo_data import DEMO_PASSWORD
from tests.kafka_tools import eventually

# Tests never change tracked files: screenshots go to a temporary folder unless SCREENSHOTS_DIR
# names one (`SCREENSHOTS_DIR=docs/screenshots` refreshes the README's pictures on purpose).
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "clinic-screenshots")

ADMIN = "admin@harborview.example"
SCHEDULER = "scheduler.downtown@harborview.example"
CAREGIVER = "wei.chen@harborview.example"


def wait_until(check: Callable[[], Awaitable], **options):
    """`eventually` for these tests: Playwright's sync API keeps an event loop running in the test's
    thread, so the polling gets a thread (and a loop) of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, eventually(check, **options)).result()


def sign_in(page: Page, gateway: str, email: str, password: str = DEMO_PASSWORD, *, lands_on: str) -> None:
    """Sign in through the sign-in form and wait for the page the user is sent to."""
    page.goto(gateway + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(gateway + lands_on)


def screenshot(what: Page | Locator, name: str, **options) -> Path:
    """A PNG of a page (or one part of it) for the README, in docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    what.screenshot(path=path, animations="disabled", caret="hide", **options)
    return path


def has_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


def unlabelled_controls(page: Page) -> list[str]:
    """Form controls and buttons that a screen reader would announce without a name."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button, a[href], summary')]
            .filter((control) => control.offsetParent !== null || control.getClientRects().length)
            .filter((control) => {
              const named = control.labels?.length || control.getAttribute('aria-label')
                || control.getAttribute('aria-labelledby') || control.textContent.trim();
              return !named;
            })
            .map((control) => control.outerHTML.slice(0, 120))"""
    )


def expect_focus_ring(page: Page) -> None:
    """The focused control shows a visible outline (the style every page shares)."""
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline


class GatewayApi:
    """The gateway's JSON API as a signed-in user, to check what the pages stored."""

    def __init__(self, gateway: str, email: str, password: str = DEMO_PASSWORD) -> None:
        session = httpx.post(f"{gateway}/api/session", json={"email": email, "password": password}, timeout=20)
        session.raise_for_status()
        self.http = httpx.Client(
            base_url=gateway, headers={"Authorization": f"Bearer {session.json()['token']}"}, timeout=20
        )

    def get(self, path: str, **params):
        response = self.http.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def close(self) -> None:
        self.http.close()


@dataclass
class ClinicSnapshot:
    """What the pages can change in a clinic, as it was, to be put back after a test."""

    clinic: dict
    locations: list[dict]
    cases: list[dict]

    @classmethod
    def take(cls, settings: httpx.Client, clinic_id: UUID) -> "ClinicSnapshot":
        read = lambda path: settings.get(path).raise_for_status().json()  # noqa: E731
        return cls(
            clinic=read(f"/clinics/{clinic_id}"),
            locations=read(f"/clinics/{clinic_id}/locations"),
            cases=read(f"/clinics/{clinic_id}/patient-cases"),
        )

    def restore(self, settings: httpx.Client) -> None:
        """PUT back only what differs: an unchanged setting publishes nothing."""
        now = ClinicSnapshot.take(settings, self.clinic["clinic_id"])
        put = lambda path, body: settings.put(path, json=body).raise_for_status()  # noqa: E731
        clinic = f"/clinics/{self.clinic['clinic_id']}"
        if now.clinic["appointment_requests_enabled"] != self.clinic["appointment_requests_enabled"]:
            put(f"{clinic}/appointment-requests", {"enabled": self.clinic["appointment_requests_enabled"]})
        if now.clinic["request_policy"] != self.clinic["request_policy"]:
            settings.patch(clinic, json={"request_policy": self.clinic["request_policy"]}).raise_for_status()
        for was, current in zip(self.locations, now.locations, strict=True):
            path = f"/locations/{was['location_id']}"
            if current["allow_appointment_requests"] != was["allow_appointment_requests"]:
                put(f"{path}/appointment-requests", {"enabled": was["allow_appointment_requests"]})
            if current["operating_hours"] != was["operating_hours"]:
                put(f"{path}/operating-hours", was["operating_hours"])
            if current["closures"] != was["closures"]:
                put(f"{path}/closures", was["closures"])
        for was, current in zip(self.cases, now.cases, strict=True):
            path = f"/patient-cases/{was['case_id']}"
            if current["allow_appointment_requests"] != was["allow_appointment_requests"]:
                put(f"{path}/appointment-requests", {"enabled": was["allow_appointment_requests"]})
            if current["requestable_visit_type_ids"] != was["requestable_visit_type_ids"]:
                put(f"{path}/requestable-visit-types", was["requestable_visit_type_ids"])
            if current.get("authorization") != was.get("authorization"):
                put(f"{path}/authorization", {"authorization": was.get("authorization")})
