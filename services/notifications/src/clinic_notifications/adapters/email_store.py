"""The emails table: storing composed emails once, claiming due ones, recording each attempt."""

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_notifications.adapters.orm import emails
from clinic_notifications.service_layer.outgoing import DUE_STATUSES, EmailStatus, OutgoingEmail
from servicekit.db import aware_utc, insert_unless_kept


def _email(row) -> OutgoingEmail:
    values = dict(row._mapping)
    for column in ("next_attempt_at", "created_at", "sent_at"):
        values[column] = aware_utc(values[column])
    values["status"] = EmailStatus(values["status"])
    return OutgoingEmail(**values)


async def store_all(session: AsyncSession, composed: list[OutgoingEmail]) -> int:
    """Keep composed emails, in one statement; one for the same cause, kind and recipient as one kept
    already (a redelivered event) is dropped. How many were stored."""
    if not composed:
        return 0
    values = [{**email.__dict__, "status": email.status.value} for email in composed]
    result = await session.execute(insert_unless_kept(session, emails).values(values))
    return result.rowcount


async def claim_due(session: AsyncSession, now: datetime, limit: int) -> list[OutgoingEmail]:
    """The next emails due (oldest first, at most `limit`), locked for this transaction: another
    replica's sender skips them."""
    statement = (
        select(emails)
        .where(emails.c.status.in_([status.value for status in DUE_STATUSES]))
        .where((emails.c.next_attempt_at.is_(None)) | (emails.c.next_attempt_at <= now))
        .order_by(emails.c.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [_email(row) for row in await session.execute(statement)]


async def record_sent(
    session: AsyncSession, email_ids: list[uuid.UUID], now: datetime, *, forget_body: bool = False
) -> None:
    """These emails were sent, in one statement. `forget_body`: the words held a secret (a one-time
    link) that now lives in the person's mailbox only; the record keeps who, what kind and when."""
    if not email_ids:
        return
    forgotten = {"text_body": "", "html_body": ""} if forget_body else {}
    await session.execute(
        update(emails)
        .where(emails.c.email_id.in_(email_ids))
        .values(
            status=EmailStatus.SENT.value,
            attempts=emails.c.attempts + 1,
            sent_at=now,
            next_attempt_at=None,
            **forgotten,
        )
    )


async def record_failure(
    session: AsyncSession, email_id: uuid.UUID, status: EmailStatus, next_attempt_at: datetime | None, error: str
) -> None:
    await session.execute(
        update(emails)
        .where(emails.c.email_id == email_id)
        .values(
            status=status.value,
            attempts=emails.c.attempts + 1,
            next_attempt_at=next_attempt_at,
            last_error=error[:2000],
        )
    )


async def of_clinic(
    session: AsyncSession,
    clinic_id: uuid.UUID,
    *,
    status: EmailStatus | None,
    request_id: uuid.UUID | None,
    offset: int,
    limit: int,
) -> tuple[list[OutgoingEmail], int]:
    where = [emails.c.clinic_id == clinic_id]
    if status is not None:
        where.append(emails.c.status == status.value)
    if request_id is not None:
        where.append(emails.c.request_id == request_id)
    total = (await session.execute(select(func.count()).select_from(emails).where(*where))).scalar_one()
    rows = await session.execute(
        select(emails).where(*where).order_by(emails.c.created_at.desc(), emails.c.email_id).offset(offset).limit(limit)
    )
    return [_email(row) for row in rows], total


async def get(session: AsyncSession, clinic_id: uuid.UUID, email_id: uuid.UUID) -> OutgoingEmail | None:
    row = (
        await session.execute(select(emails).where(emails.c.clinic_id == clinic_id, emails.c.email_id == email_id))
    ).first()
    return None if row is None else _email(row)


async def queue_again(session: AsyncSession, email_id: uuid.UUID) -> None:
    """A failed email, retried by an admin: due now, its attempts counted afresh."""
    await session.execute(
        update(emails)
        .where(emails.c.email_id == email_id)
        .values(status=EmailStatus.QUEUED.value, attempts=0, next_attempt_at=None)
    )
