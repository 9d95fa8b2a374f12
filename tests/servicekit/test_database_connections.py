"""The services' connections to PostgreSQL: no TLS to a database on the loopback (it never leaves
the machine, and asyncpg's `prefer` made every query pay for encryption), TLS as the URL asks
elsewhere (servicekit.db.postgres_connect_args); and a pooled connection the database dropped is
replaced, pinged only after it waited (servicekit.db._ping_when_idle)."""

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from servicekit.db import create_engine, postgres_connect_args

pytestmark = [pytest.mark.postgres]

LOOPBACK = "postgresql+asyncpg://clinic:clinic@127.0.0.1:5432/clinic"


@pytest.mark.parametrize(
    ("url", "args"),
    [
        (LOOPBACK, {"ssl": False}),
        ("postgresql+asyncpg://clinic:clinic@localhost/clinic", {"ssl": False}),
        ("postgresql+asyncpg://clinic:clinic@[::1]:5432/clinic", {"ssl": False}),
        ("postgresql+asyncpg://clinic@/clinic?host=/var/run/postgresql", {"ssl": False}),
        (f"{LOOPBACK}?ssl=require", {}),
        ("postgresql+asyncpg://clinic:clinic@postgres:5432/clinic", {}),
        ("postgresql+asyncpg://clinic:clinic@db.internal.example/clinic?ssl=verify-full", {}),
    ],
)
def test_tls_is_left_out_only_on_this_host_and_only_when_the_url_does_not_ask(url: str, args: dict) -> None:
    assert postgres_connect_args(url) == args


async def test_a_service_connection_to_the_local_database_does_not_encrypt(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            encrypted = await connection.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
    finally:
        await engine.dispose()
    assert encrypted is False


async def _terminate_backends(postgres_url: str, pids: set[int]) -> None:
    url = make_url(postgres_url)
    admin = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database, ssl=False
    )
    try:
        for pid in pids:
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def test_a_connection_the_database_dropped_while_it_waited_in_the_pool_is_replaced(postgres_url: str) -> None:
    """As after a restart of PostgreSQL: the next call gets a new connection, not an error."""
    engine = create_engine(postgres_url, idle_before_ping=0)
    try:
        async with engine.connect() as connection:
            before = await connection.scalar(text("SELECT pg_backend_pid()"))
        await _terminate_backends(postgres_url, {before})
        async with engine.connect() as connection:
            after = await connection.scalar(text("SELECT pg_backend_pid()"))
        assert after != before
    finally:
        await engine.dispose()
