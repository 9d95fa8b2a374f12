"""The services' connections to PostgreSQL: no TLS to a database on the loopback (it never leaves
the machine, and asyncpg's `prefer` made every query pay for encryption), TLS as the URL asks
elsewhere (servicekit.db.postgres_connect_args)."""

import pytest
from sqlalchemy import text

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
