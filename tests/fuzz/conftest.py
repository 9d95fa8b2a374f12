"""The fuzz's clinic on the shared stack, its three signed-in roles, and the tally of cases."""

import pytest

from tests.fuzz import fuzz_clinic as clinic
from tests.fuzz.tally import TALLY
from tests.gateway.gateway_api import Api


@pytest.fixture(scope="session")
def fuzz_gateway(stack) -> str:
    """The gateway, once the fuzz's clinic is loaded and its therapists have working hours."""
    return clinic.COPY.load(stack)


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
