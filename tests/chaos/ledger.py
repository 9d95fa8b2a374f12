"""What the services' databases say once the load has stopped: requests that did not settle,
events applied twice, and times held twice. Read straight from the suite's own cluster."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg
from sqlalchemy.engine import make_url

UNSETTLED = ("submitted", "approving", "cancelling")


def query(database_url: str, sql: str, *args) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        url = make_url(database_url)
        connection = await asyncpg.connect(
            user=url.username, password=url.password, host=url.host, port=url.port, database=url.database, timeout=5
        )
        try:
            return await connection.fetch(sql, *args)
        finally:
            await connection.close()

    return asyncio.run(run())


def unsettled_since(requests_db: str, moment: float) -> int:
    """Requests last changed at or before `moment` (time.time()) still awaiting the calendar."""
    rows = query(
        requests_db,
        "SELECT count(*) FROM appointment_requests"
        " WHERE (status = ANY($1) OR proposed_hold_id IS NOT NULL) AND updated_at <= $2",
        list(UNSETTLED),
        datetime.fromtimestamp(moment, UTC),
    )
    return rows[0][0]


def statuses(requests_db: str) -> dict[str, str]:
    rows = query(requests_db, "SELECT request_id, status FROM appointment_requests")
    return {str(row["request_id"]): row["status"] for row in rows}


def duplicate_submissions(requests_db: str) -> list[asyncpg.Record]:
    """One request per idempotency key, however often a client sent it."""
    return query(
        requests_db,
        "SELECT portal_user_id, idempotency_key, count(*) FROM appointment_requests"
        " GROUP BY portal_user_id, idempotency_key HAVING count(*) > 1",
    )


def requests_held_or_booked_twice(availability_db: str) -> list[asyncpg.Record]:
    """The load never edits a request: one hold per request, and at most one appointment. A
    second one would be a RequestSubmitted or RequestApprovalStarted applied twice."""
    return query(
        availability_db,
        "SELECT request_id, kind, count(*) FROM calendar_items WHERE request_id IS NOT NULL"
        " GROUP BY request_id, kind HAVING count(*) > 1",
    )


def overlapping_items(availability_db: str) -> list[asyncpg.Record]:
    """Two active items on one therapist's calendar at once, where both keep others off it."""
    return query(
        availability_db,
        "SELECT a.item_id, b.item_id, a.therapist_id, a.start_at, b.start_at FROM calendar_items a"
        " JOIN calendar_items b ON a.therapist_id = b.therapist_id AND a.item_id < b.item_id"
        " AND a.start_at < b.end_at AND b.start_at < a.end_at"
        " WHERE a.status = 'active' AND b.status = 'active' AND a.blocking AND b.blocking",
    )


def calendar_disagreements(requests_db: str, availability_db: str) -> list[str]:
    """Each settled request as the calendar has it: pending holds its time, approved has its
    appointment, an ended request holds nothing. A disagreement is an event lost on the way."""
    items: dict[str, list[tuple[str, str]]] = {}
    for row in query(
        availability_db, "SELECT request_id, kind, status FROM calendar_items WHERE request_id IS NOT NULL"
    ):
        items.setdefault(str(row["request_id"]), []).append((row["kind"], row["status"]))
    expected = {
        "pending": {("hold", "active")},
        "approved": {("appointment", "active")},
    }
    wrong = []
    for request_id, status in statuses(requests_db).items():
        active = {item for item in items.get(request_id, []) if item[1] == "active"}
        if active != expected.get(status, set()):
            wrong.append(f"{request_id} {status}: calendar has {sorted(items.get(request_id, []))}")
    return wrong
