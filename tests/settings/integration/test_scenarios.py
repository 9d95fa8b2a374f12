"""The settings scenarios (tests/settings/scenarios.py) on the real unit of work, SQLite and
PostgreSQL: what the in-memory one is held to."""

from uuid import uuid4

import pytest
from sqlalchemy import event

from clinic_settings.domain.clinic import Clinic
from clinic_settings.service_layer import entities, reading
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


async def test_a_reading_unit_of_work_reads_an_entity_once_for_the_request_it_serves(runtime) -> None:
    """A GET's access check and its route share one reading unit of work (transactions.py): the
    route finds what the check read without a second query. The next request reads afresh, and
    sees a change committed in between."""
    practice = await a_practice(SettingsUnderTest(unit_of_work(runtime), lambda: staged_events(runtime)))
    clinic_id = practice.clinic.clinic_id
    statements: list[str] = []

    def note(connection, cursor, statement, *rest) -> None:
        statements.append(statement)

    event.listen(runtime.engine.sync_engine, "before_cursor_execute", note)
    try:
        one_request = reading_unit_of_work(runtime)
        async with one_request as uow:  # the access check
            checked = await uow.clinics.get(clinic_id)
        read_by_the_check = len(statements)
        async with one_request as uow:  # the route
            answered = await uow.clinics.get(clinic_id)
        assert answered == checked
        assert len(statements) == read_by_the_check == 1
        await entities.change(unit_of_work(runtime), Clinic, clinic_id, name="Harborview North")
        next_request = await entities.one(reading_unit_of_work(runtime), Clinic, clinic_id)
    finally:
        event.remove(runtime.engine.sync_engine, "before_cursor_execute", note)
    assert next_request.name == "Harborview North"


async def test_a_requests_settings_are_read_in_one_query_when_the_location_is_named(runtime) -> None:
    """A submission's four settings (case, location, visit type, clinic) in one statement after
    the portal user; without a location named, its case's is read once the case is known."""
    practice = await a_practice(SettingsUnderTest(unit_of_work(runtime), lambda: staged_events(runtime)))
    statements: list[str] = []

    def note(connection, cursor, statement, *rest) -> None:
        statements.append(statement)

    asked = (practice.caregiver.portal_user_id, practice.case.case_id, practice.visit_types[0].visit_type_id)
    event.listen(runtime.engine.sync_engine, "before_cursor_execute", note)
    try:
        await reading.request_settings(reading_unit_of_work(runtime), *asked, practice.location.location_id)
        named = len(statements)
        await reading.request_settings(reading_unit_of_work(runtime), *asked)
    finally:
        event.remove(runtime.engine.sync_engine, "before_cursor_execute", note)
    assert (named, len(statements) - named) == (2, 3)
