"""What the page tests share: signing in through the form, asking the API what was stored,
screenshots for the README, and putting the demo clinic back as it was."""

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

import httpx
from playwright.sync_api import Locator, Page

from clinic_settings.demo_data import DEMO_PASSWORD
from tests.infrastructure import ROOT
from tests.kafka_tools import wait_until

# Tests never change tracked files: screenshots go to the ignored build/ folder, and to the README's
# docs/screenshots/ only when asked for on purpose with UPDATE_SCREENSHOTS=1.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "build") / "screenshots"

ADMIN = "admin@harborview.example"
SCHEDULER = "scheduler.downtown@harborview.example"
CAREGIVER = "wei.chen@harborview.example"


def sign_in(page: Page, gateway: str, email: str, password: str = DEMO_PASSWORD, *, lands_on: str) -> None:
    """Sign in through the sign-in form and wait for the page the user is sent to."""
    page.goto(gateway + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(gateway + lands_on)


def screenshot(what: Page | Locator, name: str, **options) -> Path:
    """A PNG of a page (or one part of it) for the README (see SCREENSHOTS for where it goes)."""
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

    def free_times(self, case_id: UUID, visit_type_id: UUID, first: date, last: date) -> list[dict] | None:
        """The case's free times from `first` to `last`, as the portal lists them; None while the
        services have yet to learn of the clinic's settings (any answer but a 200)."""
        days = {"visit_type_id": str(visit_type_id), "date_from": str(first), "date_to": str(last)}
        response = self.http.get(f"/api/portal/cases/{case_id}/slots", params=days)
        return response.json()["slots"] if response.status_code == 200 else None

    def once_approved(self, path: str) -> dict:
        """The request at `path` once it is approved (its appointment booked)."""

        async def approved():
            request = self.get(path)
            return request if request["status"] == "approved" else None

        return wait_until(approved)

    def close(self) -> None:
        self.http.close()


def _as_is(value):
    return value


# What ClinicSnapshot.restore puts back, setting by setting, where a test changed it: the path
# under the location or case, and the body made from the value it had.
LOCATION_SETTINGS = {
    "allow_appointment_requests": ("appointment-requests", lambda enabled: {"enabled": enabled}),
    "operating_hours": ("operating-hours", _as_is),
    "closures": ("closures", _as_is),
}
CASE_SETTINGS = {
    "allow_appointment_requests": ("appointment-requests", lambda enabled: {"enabled": enabled}),
    "requestable_visit_type_ids": ("requestable-visit-types", _as_is),
    "authorization": ("authorization", lambda authorization: {"authorization": authorization}),
}


def _put_back(settings: httpx.Client, path: str, was: dict, now: dict, fields: dict) -> None:
    """PUT back each of `fields` whose value is `now` other than it `was`."""
    for field, (sub_path, body) in fields.items():
        if now.get(field) != was.get(field):
            settings.put(f"{path}/{sub_path}", json=body(was.get(field))).raise_for_status()


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
            _put_back(settings, f"/locations/{was['location_id']}", was, current, LOCATION_SETTINGS)
        for was, current in zip(self.cases, now.cases, strict=True):
            _put_back(settings, f"/patient-cases/{was['case_id']}", was, current, CASE_SETTINGS)
