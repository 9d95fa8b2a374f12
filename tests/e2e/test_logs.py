"""Every service's log, after real traffic through the stack: one JSON object per line, each with
the service and (in a call) its request id, and none with a person's data: no patient's name, no
portal user's email, no note a caregiver wrote, no one's name or email given in an invitation."""

import json
import uuid

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.conftest import admin, caregiver, gateway, therapists_at_work  # noqa: F401 - the demo clinic
from tests.gateway.gateway_api import lilys_withdrawn_request

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

SERVICES = ("gateway", "settings", "availability", "requests", "notifications")
FIELDS = {"time", "level", "logger", "message", "service"}


@pytest.fixture(scope="module")
def personal_data(admin, caregiver, therapists_at_work, mail_sink) -> set[str]:
    """What traffic just sent through the stack that no log may hold."""
    marker = uuid.uuid4().hex[:8]
    note = f"Lily gets anxious on the stairs {marker}"
    lilys_withdrawn_request(caregiver, note, position=4)
    invited_name, invited_email = f"Rowan Logcheck {marker}", f"rowan.{marker}@harborview.example"
    admin.ok(
        "POST",
        "/api/admin/invitations",
        json={"name": invited_name, "kind": "portal", "email": invited_email, "role": "caregiver"},
    )
    # Mailed: the notifications service has handled the invitation too.
    mail_sink.wait_for(lambda received: invited_email in received.to, timeout=60)
    return (
        {patient["name"] for patient in demo.PATIENTS}
        | {user["email"] for user in demo.PORTAL_USERS}
        | {note, invited_name, invited_email}
    )


def log_lines(stack, service: str) -> list[str]:
    return [line for line in (stack.log_dir / f"{service}.log").read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("service", SERVICES)
def test_every_line_is_one_json_object_naming_the_service(stack, personal_data, service: str) -> None:
    lines = log_lines(stack, service)
    assert lines, f"{service} logged nothing"
    for line in lines:
        entry = json.loads(line)
        assert FIELDS <= set(entry), line
        assert entry["service"] == service


@pytest.mark.parametrize("service", SERVICES)
def test_no_line_holds_a_persons_data(stack, personal_data, service: str) -> None:
    text = "\n".join(log_lines(stack, service)).lower()
    found = sorted(value for value in personal_data if value.lower() in text)
    assert not found, f"{service}'s log holds {found}"


def test_a_line_logged_in_a_call_carries_its_request_id(stack, personal_data) -> None:
    """The settings service logs the one-time link it made for the invitation within the call that
    made it: the line carries that call's request id."""
    entries = [json.loads(line) for line in log_lines(stack, "settings")]
    links = [entry for entry in entries if entry["logger"] == "clinic_settings.links"]
    assert links and all(len(entry.get("request_id", "")) >= 8 for entry in links), links[:3]
