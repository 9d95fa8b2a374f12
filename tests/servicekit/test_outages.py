"""An outage told from a fault (servicekit.outages): the database not there, or ending the
session, is an outage; a statement it refuses is not. The errors are the real ones, from a real
engine against a port nobody listens on and against the run's PostgreSQL."""

import pytest
from sqlalchemy import text

from servicekit.db import create_engine
from servicekit.outages import is_outage
from tests.infrastructure import free_port

pytestmark = [pytest.mark.postgres]


async def failure_of(url: str, *statements: str) -> BaseException:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    except Exception as error:
        return error
    finally:
        await engine.dispose()
    raise AssertionError(f"no failure from {statements}")


def nobody_listening() -> str:
    return f"postgresql+asyncpg://clinic:clinic@127.0.0.1:{free_port()}/clinic"


async def test_a_database_nobody_answers_for_is_an_outage() -> None:
    assert is_outage(await failure_of(nobody_listening(), "SELECT 1"))


async def test_a_session_the_server_ends_is_an_outage(postgres_url: str) -> None:
    # As when PostgreSQL shuts down: the server ends the session under the service's feet.
    error = await failure_of(postgres_url, "SELECT pg_terminate_backend(pg_backend_pid())", "SELECT 1")
    assert is_outage(error), repr(error)


@pytest.mark.parametrize(
    "statements",
    [
        ("SELECT * FROM no_such_table",),
        ("SELEKT 1",),
        ("CREATE TEMPORARY TABLE once (id int PRIMARY KEY)", "INSERT INTO once VALUES (1), (1)"),
        ("SELECT 1 / 0",),
    ],
)
async def test_a_statement_the_database_refuses_is_no_outage(postgres_url: str, statements: tuple[str, ...]) -> None:
    assert not is_outage(await failure_of(postgres_url, *statements))


def test_an_error_that_names_no_connection_is_no_outage() -> None:
    assert not is_outage(RuntimeError("bug"))
    assert not is_outage(FileNotFoundError("settings.json"))
