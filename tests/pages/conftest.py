"""Browser tests of the pages: Debian's Chromium, driven by Playwright, against the running stack
with the demo clinic loaded."""

from datetime import date
from pathlib import Path

import httpx
import pytest

from clinic_settings import demo_data as demo
from tests.demo_clinic import load_demo_clinic
from tests.infrastructure import unavailable
from tests.pages.browsing import ADMIN, CAREGIVER, SCHEDULER, ClinicSnapshot, GatewayApi, wait_until

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling hosts that a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# The demo therapists at Downtown whose hours `working_hours` sets.
THERAPISTS = (demo.demo_id("therapist/Dana Whitfield"), demo.demo_id("therapist/Priya Raman"))


def pytest_itemcollected(item: pytest.Item) -> None:
    """A page test on the running stack needs Kafka and PostgreSQL: marked here once, for them all."""
    if Path(__file__).parent in item.path.parents and "stack" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.kafka)
        item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def gateway(stack) -> str:
    """The gateway's address, once the demo clinic is loaded and signing in to it works."""
    load_demo_clinic(stack)
    # The gateway reads settings from the settings service itself, so they are visible at once.
    signed_in = httpx.post(
        f"{stack.url('gateway')}/api/session",
        json={"email": "admin@harborview.example", "password": demo.DEMO_PASSWORD},
        timeout=20,
    )
    assert signed_in.status_code == 200, signed_in.text
    return stack.url("gateway")


@pytest.fixture(scope="session")
def browser(gateway):
    """Started after the stack (`gateway`): Playwright's sync API keeps an event loop running in
    this thread, and the stack's fixtures start Kafka's topics with `asyncio.run`, which a running
    loop refuses. A file whose first fixture asked for the browser first failed at setup alone."""
    if not CHROMIUM.exists():
        unavailable("Chromium", f"{CHROMIUM} is missing; deploy/install.sh installs Debian's chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        unavailable("Playwright", str(error))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, options: dict):
    """A page in a fresh browser context (so a fresh sessionStorage); an uncaught error in its
    scripts fails the test."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page's scripts: {errors}"


@pytest.fixture
def page(browser):
    """A desktop-sized page."""
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser):
    """A page the size of a small phone held upright, with touch."""
    yield from _page(browser, PHONE)


@pytest.fixture
def admin_api(gateway):
    """The gateway's API as the demo clinic's admin."""
    api = GatewayApi(gateway, ADMIN)
    yield api
    api.close()


@pytest.fixture(autouse=True)
def demo_clinic_restored(request):
    """Whatever a test changes in the demo clinic is put back after it, so the tests (and the other
    suites that share the stack) can run in any order."""
    if "gateway" not in request.fixturenames:
        yield None
        return
    request.getfixturevalue("gateway")
    stack = request.getfixturevalue("stack")
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as settings:
        snapshot = ClinicSnapshot.take(settings, demo.CLINIC_ID)
        yield snapshot
        snapshot.restore(settings)


@pytest.fixture(scope="module")
def working_hours(gateway) -> None:
    """Dana and Priya work at Downtown Monday to Saturday, set through the admin API (the admin
    page has no editor for a therapist's hours); repeated until availability knows them."""
    admin = GatewayApi(gateway, ADMIN)
    weekly = [{"weekday": day, "start": "08:00", "end": "17:00"} for day in range(6)]
    body = {"periods": [{"effective_from": str(date.today()), "hours": weekly}]}

    async def scheduled() -> bool:
        for therapist in THERAPISTS:
            response = admin.http.put(f"/api/admin/therapists/{therapist}/working-hours/{demo.DOWNTOWN}", json=body)
            if response.status_code != 200:
                assert response.json().get("code", "").startswith("unknown-"), response.text
                return False
        return True

    wait_until(scheduled, timeout=60, interval=0.5)
    admin.close()


@pytest.fixture
def leftovers(gateway, working_hours):
    """Requests and appointments a test made (with the therapists' hours set, so it can make
    them): pending ones are withdrawn, bookings cancelled."""
    made = {"requests": [], "appointments": []}
    yield made
    portal, scheduler = GatewayApi(gateway, CAREGIVER), GatewayApi(gateway, SCHEDULER)
    for request_id in made["requests"]:
        request = portal.get(f"/api/portal/requests/{request_id}")
        if request["status"] in ("submitted", "pending"):
            portal.http.post(f"/api/portal/requests/{request_id}/withdraw")
        if request["appointment_id"]:
            made["appointments"].append(request["appointment_id"])
    for appointment_id in made["appointments"]:
        scheduler.http.post(f"/api/scheduler/appointments/{appointment_id}/cancel")
    portal.close()
    scheduler.close()
