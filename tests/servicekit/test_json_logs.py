"""servicekit.json_logs: one JSON object per line, and an exception without its message, which may
quote a person's data: here a statement's value that PostgreSQL (through asyncpg) refused."""

import json
import logging

import pytest
from sqlalchemy import text

from servicekit.db import create_engine
from servicekit.json_logs import JsonLines

pytestmark = [pytest.mark.postgres]

# Named here, not where it is used: a traceback shows the source lines of its frames.
PATIENT = "Lily Chen"


def logged(record_error: BaseException | None, message: str = "the call failed") -> dict:
    logger = logging.getLogger("test.json_logs")
    exc_info = (type(record_error), record_error, record_error.__traceback__) if record_error else None
    record = logger.makeRecord(logger.name, logging.ERROR, __file__, 1, message, (), exc_info)
    return json.loads(JsonLines("requests").format(record))


async def test_a_failed_statement_is_logged_where_and_of_what_kind_without_the_values(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            with pytest.raises(Exception) as failure:
                await connection.execute(text("SELECT CAST(:name AS integer)"), {"name": PATIENT})
    finally:
        await engine.dispose()
    assert PATIENT in str(failure.value), "the control: the driver's message quotes the value"

    line = logged(failure.value)
    assert PATIENT not in json.dumps(line)
    assert line["exception"].startswith("Traceback (most recent call last):")
    assert "test_a_failed_statement_is_logged" in line["exception"], "where it happened"
    assert line["exception"].rstrip().endswith("DBAPIError"), line["exception"][-300:]
    assert "asyncpg.exceptions.DataError" in line["exception"], "the driver's error it came from"


def test_a_line_names_its_time_level_logger_message_and_service() -> None:
    line = logged(None, "expired 3 requests")
    assert line.keys() == {"time", "level", "logger", "message", "service"}
    assert (line["level"], line["logger"], line["message"], line["service"]) == (
        "ERROR",
        "test.json_logs",
        "expired 3 requests",
        "requests",
    )
    assert "trace_id" not in line, "no span is recorded here"
