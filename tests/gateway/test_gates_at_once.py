"""A gate an admin switches holds for the very next submission: no moment in which the request
service's copy of the settings still judges by the old one (servicekit.settings_freshness)."""

import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import LILY, LILY_CASE, first_closed_gate, wait_for_gate

# Each gate is switched several times, with the submission sent straight after the admin's answer:
# without the catch-up, the copy lags by tens of milliseconds to a second, so some would be judged
# by the old setting.
ROUNDS = 4

GATES = {
    "clinic": ("/api/admin/clinic/appointment-requests", "appointment-requests-off"),
    "location": (f"/api/admin/locations/{demo.DOWNTOWN}/appointment-requests", "location-not-requestable"),
    "case": (f"/api/admin/patient-cases/{LILY_CASE}/appointment-requests", "case-not-requestable"),
}


@pytest.mark.parametrize("gate", GATES)
def test_a_switched_gate_holds_for_the_next_submission(
    gate, admin, caregiver, therapists_at_work, settings_restored
) -> None:
    path, closed_code = GATES[gate]
    # Every gate open: a start inside the minimum notice is refused by the notice alone.
    wait_for_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT, "within-minimum-notice")
    judged = []
    for _ in range(ROUNDS):
        admin.ok("PUT", path, json={"enabled": False})
        judged.append(first_closed_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT))
        admin.ok("PUT", path, json={"enabled": True})
        judged.append(first_closed_gate(caregiver, LILY, LILY_CASE, demo.TREATMENT))
    assert judged == [closed_code, "within-minimum-notice"] * ROUNDS
