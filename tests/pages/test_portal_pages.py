"""The portal's first steps, on a phone: patient, treatment, visit type and location."""

import httpx
from playwright.sync_api import Page, expect

from clinic_settings import demo_data as demo
from tests.pages.browsing import CAREGIVER, screenshot, sign_in


def choices(page: Page, legend: str):
    return page.get_by_role("group", name=legend).get_by_role("radio")


def test_a_caregiver_chooses_a_child_treatment_visit_type_and_location(gateway, phone: Page) -> None:
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    patients = choices(phone, "Who is the appointment for?")
    expect(patients).to_have_count(2)
    expect(phone.get_by_role("group", name="Which treatment is it for?")).to_be_hidden()

    phone.get_by_label("Owen Chen", exact=True).check()
    # Owen has one requestable case and it is chosen for him; its location is the one offered.
    expect(choices(phone, "Which treatment is it for?")).to_have_count(1)
    expect(phone.get_by_label("Developmental delay", exact=True)).to_be_checked()
    expect(phone.get_by_text("At Harborview Downtown")).to_be_visible()
    visit_types = choices(phone, "What kind of visit?")
    expect(visit_types).to_have_count(2)
    phone.get_by_label("Evaluation", exact=True).check()
    expect(phone.get_by_label("Harborview Downtown", exact=True)).to_be_checked()
    expect(phone.get_by_text("Times are in Eastern Time (America/New_York).")).to_be_visible()
    screenshot(phone, "portal-request-phone", full_page=True)

    # Another child: the later choices start again from the treatment.
    phone.get_by_label("Lily Chen", exact=True).check()
    expect(phone.get_by_label("Toe walking", exact=True)).to_be_checked()
    expect(choices(phone, "What kind of visit?")).to_have_count(2)
    expect(phone.get_by_label("Treatment", exact=True)).not_to_be_checked()
    expect(phone.get_by_role("group", name="Where?")).to_be_hidden()


def turn_requests_off(stack, setting: str) -> None:
    """Appointment requests off for a clinic or a case (`setting` is its path in the settings service)."""
    httpx.put(
        f"{stack.url('settings')}{setting}/appointment-requests", json={"enabled": False}, auth=stack.operator_auth()
    ).raise_for_status()


def test_only_cases_that_take_requests_are_offered(gateway, stack, phone: Page) -> None:
    lily_case = demo.demo_id("case/Lily Chen/Toe walking")
    turn_requests_off(stack, f"/patient-cases/{lily_case}")

    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    phone.get_by_label("Lily Chen", exact=True).check()
    expect(phone.get_by_text("There is nothing to request for Lily through the portal right now.")).to_be_visible()
    expect(choices(phone, "Which treatment is it for?")).to_have_count(0)
    expect(phone.get_by_role("group", name="What kind of visit?")).to_be_hidden()

    phone.get_by_label("Owen Chen", exact=True).check()
    expect(choices(phone, "Which treatment is it for?")).to_have_count(1)
    expect(phone.get_by_label("Developmental delay", exact=True)).to_be_checked()


def test_with_requests_off_no_case_is_offered(gateway, stack, phone: Page) -> None:
    turn_requests_off(stack, f"/clinics/{demo.CLINIC_ID}")
    sign_in(phone, gateway, CAREGIVER, lands_on="/portal")
    phone.get_by_label("Owen Chen", exact=True).check()
    expect(phone.get_by_text("There is nothing to request for Owen through the portal right now.")).to_be_visible()
