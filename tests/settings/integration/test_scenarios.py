"""The settings scenarios (tests/settings/scenarios.py) on the real unit of work, SQLite and
PostgreSQL: what the in-memory one is held to."""

import pytest

from clinic_settings.service_layer.unit_of_work import unit_of_work
from tests.settings.integration.conftest import staged_events
from tests.settings.scenarios import SCENARIOS, SettingsUnderTest


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_scenario(scenario, runtime) -> None:
    await scenario(SettingsUnderTest(unit_of_work(runtime), lambda: staged_events(runtime)))
