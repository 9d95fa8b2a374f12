"""What one SQL statement costs the service that runs it, in client CPU. A script, not a test.

    .venv/bin/python bench/bench_statements.py
    ... --database-url postgresql+asyncpg://clinic:clinic@127.0.0.1:5432/bench_statements

Every service runs its statements through SQLAlchemy 2's async ORM session over asyncpg. This
measures, on the request service's own tables, one lookup of a request by id and one insert of an
outbox row, each run in the ways the services run statements, with the floor beside them (the
same lookup in bare asyncpg, on the same connection pool):

- built on every call (`select(...).where(column == value)`, `insert(...).values(**row)`): a
  clause and a bind parameter made for each column and value, then the statement's cache key;
- built once, run with parameters (`bindparam`), as the hot paths now are;
- the same on a Core connection instead of an ORM session;
- inside a transaction of its own (`sessions.begin()`) or a reading session of its own
  (`servicekit.db.reading_session_factory`), as a unit of work runs one.

CPU is this process's (time.process_time), the database's is not counted: the figures are what a
service spends per statement. The PostgreSQL server comes from where the tests get theirs
(tests/infrastructure.py: deploy/postgres.sh here) unless --database-url names a database (it is
migrated and its outbox written to).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import bindparam, insert, select  # noqa: E402

from clinic_requests.adapters.orm import appointment_requests, metadata  # noqa: E402
from clinic_requests.bootstrap import MIGRATIONS  # noqa: E402
from servicekit.db import create_engine, reading_session_factory, session_factory  # noqa: E402
from servicekit.migrations import upgrade_to_head  # noqa: E402
from tests.conftest import recreate_database  # noqa: E402
from tests.infrastructure import start_postgres  # noqa: E402

OUTBOX = metadata.tables["outbox"]
BY_ID = select(appointment_requests).where(appointment_requests.c.request_id == bindparam("by_request_id"))
INSERT_OUTBOX = insert(OUTBOX)


def outbox_row() -> dict:
    return {
        "event_id": uuid.uuid4(),
        "topic": "bench.statements",
        "message_key": "bench",
        "envelope": "{}",
        "created_at": datetime.now(UTC),
        "headers": None,
    }


async def cpu_ms_each(run: Callable[[], Awaitable[object]], count: int) -> float:
    for _ in range(min(100, count)):  # warm: prepared statements, SQLAlchemy's statement cache
        await run()
    started = time.process_time()
    for _ in range(count):
        await run()
    return (time.process_time() - started) * 1000 / count


async def measure(url: str, count: int) -> list[tuple[str, float]]:
    engine = create_engine(url)
    await upgrade_to_head(engine, MIGRATIONS)
    sessions, reading = session_factory(engine), reading_session_factory(engine)
    request_id = uuid.uuid4()
    figures = []
    try:
        session = reading()
        figures.append(
            (
                "lookup by id, built on every call, open session",
                await cpu_ms_each(
                    lambda: session.execute(
                        select(appointment_requests).where(appointment_requests.c.request_id == request_id)
                    ),
                    count,
                ),
            )
        )
        by_id = {"by_request_id": request_id}
        figures.append(
            ("lookup by id, built once, open session", await cpu_ms_each(lambda: session.execute(BY_ID, by_id), count))
        )
        await session.close()

        async def in_transaction() -> None:
            async with sessions.begin() as session:
                await session.execute(BY_ID, by_id)

        async def in_reading_session() -> None:
            async with reading() as session:
                await session.execute(BY_ID, by_id)

        figures.append(
            ("lookup by id, built once, in a transaction of its own", await cpu_ms_each(in_transaction, count))
        )
        figures.append(
            ("lookup by id, built once, in a reading session of its own", await cpu_ms_each(in_reading_session, count))
        )

        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            figures.append(
                (
                    "lookup by id, built once, Core connection",
                    await cpu_ms_each(lambda: connection.execute(BY_ID, by_id), count),
                )
            )
            raw = (await connection.get_raw_connection()).driver_connection
            sql = "SELECT * FROM appointment_requests WHERE request_id = $1"
            figures.append(
                ("floor: the same lookup in bare asyncpg", await cpu_ms_each(lambda: raw.fetch(sql, request_id), count))
            )

        async with sessions() as session:
            figures.append(
                (
                    "outbox insert, built on every call",
                    await cpu_ms_each(lambda: session.execute(insert(OUTBOX).values(**outbox_row())), count),
                )
            )
            figures.append(
                (
                    "outbox insert, built once",
                    await cpu_ms_each(lambda: session.execute(INSERT_OUTBOX, outbox_row()), count),
                )
            )
            await session.rollback()  # nothing of the run stays in the outbox
    finally:
        await engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to use (migrated, outbox written to)")
    parser.add_argument("--count", type=int, default=2000, help="statements timed per figure")
    args = parser.parse_args()
    with ExitStack() as cleanup:
        url = args.database_url or asyncio.run(recreate_database(start_postgres(cleanup), "bench_statements"))
        figures = asyncio.run(measure(url, args.count))
    width = max(len(what) for what, _ in figures)
    print(f"client CPU per statement, {args.count} each (PostgreSQL, asyncpg, SQLAlchemy 2 async):")
    for what, cpu_ms in figures:
        print(f"  {what:<{width}}  {cpu_ms:6.3f} ms")


if __name__ == "__main__":
    main()
