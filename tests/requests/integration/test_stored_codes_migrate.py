"""Migration 0004: the calendar's codes that requests stored in snake_case before every code of the
system took kebab-case are rewritten, on SQLite and PostgreSQL, so a page reading them from the
database finds the code the catalogue (clinic_contracts.problem_codes) and problems.js know."""

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import select, text, update

from clinic_requests.adapters.orm import appointment_requests
from clinic_requests.bootstrap import MIGRATIONS
from servicekit.migrations import upgrade_to_head
from tests.requests.integration.test_request_use_cases import submit


def _downgrade(connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


CODES = (
    appointment_requests.c.refusal_code,
    appointment_requests.c.conflict_code,
    appointment_requests.c.edit_refusal_code,
)


async def test_snake_case_codes_stored_before_0004_are_kebab_case_after_it(runtime, world) -> None:
    request = await submit(runtime, world)
    old = {
        "refusal_code": "outside_working_hours",
        "conflict_code": "conflicts_with_calendar",
        "edit_refusal_code": "therapist_not_working_that_day",
    }
    async with runtime.engine.begin() as connection:
        # What came after 0005 is undone by its own downgrades first.
        await connection.run_sync(_downgrade, "0005")
        await connection.execute(
            update(appointment_requests).where(appointment_requests.c.request_id == request.request_id).values(**old)
        )
        # As a database migrated by the release before 0004 left it (nor had its outbox 0005's column).
        await connection.execute(text("ALTER TABLE outbox DROP COLUMN headers"))
        await connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))

    await upgrade_to_head(runtime.engine, MIGRATIONS)

    async with runtime.engine.connect() as connection:
        stored = (
            await connection.execute(select(*CODES).where(appointment_requests.c.request_id == request.request_id))
        ).one()
        version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    assert tuple(stored) == ("outside-working-hours", "conflicts-with-calendar", "therapist-not-working-that-day")
    script = Config()
    script.set_main_option("script_location", MIGRATIONS)
    assert version == ScriptDirectory.from_config(script).get_current_head()
