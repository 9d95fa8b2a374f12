"""Telling an outage (the database unreachable, restarting, or gone mid-call) from a fault of the
work itself: an outage is waited out or answered 503, never counted against an event or a call."""

from __future__ import annotations

from asyncpg.exceptions import InterfaceError, OperatorInterventionError, PostgresConnectionError
from sqlalchemy import exc

_OUTAGES = (
    ConnectionError,  # refused, reset, aborted
    TimeoutError,
    PostgresConnectionError,  # the connection failed or is gone
    OperatorInterventionError,  # the server is shutting down, starting up, or ended the session
    InterfaceError,  # asyncpg: "connection is closed"
    exc.DisconnectionError,
    exc.TimeoutError,  # no pooled connection in time
)


def is_outage(error: BaseException) -> bool:
    """Whether `error`, or what it wraps, says the database could not be reached or was lost."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _OUTAGES):
            return True
        if isinstance(current, exc.DBAPIError) and current.connection_invalidated:
            return True
        wrapped = getattr(current, "orig", None)
        current = wrapped if isinstance(wrapped, BaseException) else (current.__cause__ or current.__context__)
    return False
