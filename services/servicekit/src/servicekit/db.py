"""Engines and sessions for SQLite (embedded default) and PostgreSQL (CI, production)."""

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# The database on this very host: what travels there never leaves the machine.
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def postgres_connect_args(url: str) -> dict:
    """No TLS to a PostgreSQL on the loopback or a Unix socket, unless the URL asks for it
    (`?ssl=require`): asyncpg's default is to try TLS (`prefer`), and Debian's cluster offers it, so
    every query to the local database paid for encryption (a quarter of the requests and
    availability services' time in the benchmark's profile). A database on another host keeps the
    default, or what its URL says."""
    parsed = make_url(url)
    if {"ssl", "sslmode"} & set(parsed.query):
        return {}
    host = parsed.host
    if host is None or host in _LOOPBACK or host.startswith("/"):
        return {"ssl": False}
    return {}


def create_engine(url: str) -> AsyncEngine:
    if not is_sqlite(url):
        return create_async_engine(
            url, pool_size=10, max_overflow=10, pool_pre_ping=True, connect_args=postgres_connect_args(url)
        )
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        # WAL lets the HTTP handlers read while the relay and consumers write.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def aware_utc(moment: datetime | None) -> datetime | None:
    """A time as the databases hold it, aware and in UTC: what is read back from SQLite is naive,
    and everything the services store is UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
