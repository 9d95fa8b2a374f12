"""The settings scenarios (tests/settings/scenarios.py) on the real unit of work, SQLite and
PostgreSQL: what the in-memory one is held to."""

from uuid import uuid4

import pytest

from clinic_settings.domain.clinic import Clinic
from clinic_settings.service_layer import entities
from clinic_settings.service_layer.unit_of_work import EntityNotFound, reading_unit_of_work, unit_of_work
from tests.settings.integration.conftest import staged_events
from tests.settings.scenarios import SCENARIOS, SettingsUnderTest, a_practice


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_scenario(scenario, runtime) -> None:
    await scenario(SettingsUnderTest(unit_of_work(runtime), lambda: staged_events(runtime)))


async def test_a_reading_unit_of_work_reads_what_was_stored_and_refuses_to_change_it(runtime) -> None:
    """GETs and the access check read outside a transaction (reading_unit_of_work): they see what
    was committed, and a change through one is refused before anything is written."""
    practice = await a_practice(SettingsUnderTest(unit_of_work(runtime), lambda: staged_events(runtime)))
    reading = reading_unit_of_work(runtime)
    found = await entities.one(reading, Clinic, practice.clinic.clinic_id)
    assert found == practice.clinic
    events_before = await staged_events(runtime)
    renamed = Clinic(clinic_id=uuid4(), name="Elsewhere", time_zone="America/New_York")
    with pytest.raises(RuntimeError, match="does not change"):
        await entities.add(reading, renamed)
    assert await staged_events(runtime) == events_before
    with pytest.raises(EntityNotFound):
        await entities.one(unit_of_work(runtime), Clinic, renamed.clinic_id)
