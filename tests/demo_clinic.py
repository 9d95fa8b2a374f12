"""The demo clinic on the running stack: loading it, and accounts and bookings made in it by tests."""

import os
import subprocess
import sys

import httpx

from clinic_settings import demo_data as demo

DANA = demo.demo_id("therapist/Dana Whitfield")
OWEN = demo.demo_id("patient/Owen Chen")


def load_demo_clinic(stack) -> None:
    """Loads the demo clinic through the settings service, as an operator would."""
    loaded = subprocess.run(
        [sys.executable, "-m", "clinic_settings.demo", "--url", stack.url("settings")],
        env={**os.environ, **stack.operator_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr


def new_account(stack, kind: str, name: str, email: str, **fields) -> dict:
    """A new `kind` of user ("portal-users" or "staff-users") of the demo clinic, with the demo
    password, made by the operator through the settings service."""
    created = httpx.post(
        f"{stack.url('settings')}/clinics/{demo.CLINIC_ID}/{kind}",
        json={"name": name, "email": email, "password": demo.DEMO_PASSWORD, **fields},
        auth=stack.operator_auth(),
        timeout=20,
    )
    assert created.status_code == 201, created.text
    return created.json()


def new_caregiver(stack, name: str, email: str) -> dict:
    return new_account(stack, "portal-users", name, email, role="caregiver")


def owens_appointment_with_dana(start: str) -> dict:
    """The scheduler's booking of Owen's treatment with Dana (Lily's therapist) at Downtown, at `start`:
    a time taken from Lily."""
    return {
        "patient_id": str(OWEN),
        "therapist_id": str(DANA),
        "location_id": str(demo.DOWNTOWN),
        "start": start,
        "visit_type_id": str(demo.TREATMENT),
    }
