"""The fuzz's clinic on the shared stack, its three signed-in roles, and the tally of cases."""

from datetime import date

import httpx
import pytest

from clinic_settings.demo import DemoLoader
from tests.fuzz import fuzz_clinic as clinic
from tests.fuzz.tally import TALLY
from tests.gateway.gateway_api import Api, wait_for

WEEKDAYS = [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(5)]


@pytest.fixture(scope="session")
def fuzz_gateway(stack) -> str:
    """The gateway, once the fuzz's clinic is loaded and its therapists have working hours."""
    with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth("settings"), timeout=30) as http:
        DemoLoader(http, clinic.DATA).load()
    admin = Api(stack.url("gateway"), clinic.ADMIN["email"])
    body = {"periods": [{"effective_from": str(date.today()), "hours": WEEKDAYS}]}
    for therapist in clinic.DATA.THERAPISTS:
        for location_id in therapist["location_ids"]:
            path = f"/api/admin/therapists/{therapist['therapist_id']}/working-hours/{location_id}"
            # Until the calendar's copy of the settings knows the therapist.
            wait_for(lambda path=path: admin.call("PUT", path, json=body).status_code == 200, timeout=60)
    admin.close()
    return stack.url("gateway")


@pytest.fixture(scope="session")
def fuzz_roles(fuzz_gateway) -> dict[str, Api]:
    roles = {
        "caregiver": Api(fuzz_gateway, clinic.CAREGIVER["email"]),
        "scheduler": Api(fuzz_gateway, clinic.SCHEDULER["email"]),
        "admin": Api(fuzz_gateway, clinic.ADMIN["email"]),
    }
    yield roles
    for api in roles.values():
        api.close()


def pytest_terminal_summary(terminalreporter) -> None:
    if TALLY.total:
        terminalreporter.write_sep("=", "schemathesis fuzz")
        for line in TALLY.report():
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request) -> None:
    """Schemathesis 4.32's lazy schemas read and write `node._nodeid`, which pytest 9.2 no longer
    has (it is `_id` now); the attribute is only read back for the subtests' names."""
    request.node._nodeid = request.node.nodeid
