"""Engines and sessions for SQLite (embedded default) and PostgreSQL (CI, production)."""

import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import Table, event, exc
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.sql.dml import Insert


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


# A pooled connection that has waited this long is pinged before it is used again.
IDLE_BEFORE_PING_SECONDS = 5.0


def create_engine(url: str, *, idle_before_ping: float = IDLE_BEFORE_PING_SECONDS) -> AsyncEngine:
    if not is_sqlite(url):
        engine = create_async_engine(url, pool_size=10, max_overflow=10, connect_args=postgres_connect_args(url))
        _ping_when_idle(engine, idle_before_ping)
        return engine
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # WAL lets the HTTP handlers read while the relay and consumers write.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def _ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    """A connection that has waited in the pool `idle_seconds` or more is pinged when taken out, and
    replaced if the database has gone (restarted, or it closed the idle connection). Not every
    time, as `pool_pre_ping` does: its ping is three round trips (BEGIN, a query, ROLLBACK), a
    tenth of the requests service's time in the benchmark's profile. A connection in steady use
    was working a moment ago; if the database goes under load, the failing call's error
    invalidates the pool and the next ones connect afresh."""
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _idle_from_now(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _alive_after_waiting(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool replaces the connection and tries again
            raise exc.DisconnectionError() from error


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def reading_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that only read, outside a transaction (the same pool, in autocommit). At READ
    COMMITTED, PostgreSQL's default and ours, each statement sees its own snapshot inside a
    transaction too, so a read-only transaction bought nothing but two round trips, BEGIN and
    ROLLBACK: under load the request service's reads opened four of them for each one that wrote.
    Nothing written in such a session is kept together: write in `session_factory`'s."""
    return async_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)


def aware_utc(moment: datetime | None) -> datetime | None:
    """A time as the databases hold it, aware and in UTC: what is read back from SQLite is naive,
    and everything the services store is UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def insert_unless_kept(session: AsyncSession, table: Table) -> Insert:
    """An INSERT that keeps a row already there (same key or unique columns) and adds none: its
    rowcount says how many were new. Built once per database kind and table (the inbox runs one
    for every event consumed); give it the row as the execution's parameters."""
    return _insert_unless_kept(session.bind.dialect.name, table)


@cache
def _insert_unless_kept(dialect: str, table: Table) -> Insert:
    dialect_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return dialect_insert(table).on_conflict_do_nothing()
