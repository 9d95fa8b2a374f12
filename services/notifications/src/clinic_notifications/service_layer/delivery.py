"""Delivering stored emails: each due one is sent once, retried with back-off while the SMTP relay
is away, and marked failed after the policy's attempts (an admin can queue it again).

The rows stay locked while their emails are handed to the relay, so two replicas never send the
same email; if the process dies after the relay took them and before the commit, those emails go
once more on restart (SMTP knows no idempotency; a fixed Message-ID lets mail clients fold the two).
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_notifications.adapters import email_store
from clinic_notifications.domain.notices import CARRIES_A_SECRET, NoticeKind
from clinic_notifications.service_layer.outgoing import EmailStatus, OutgoingEmail, RetryPolicy
from servicekit.background import every
from servicekit.runtime import ServiceRuntime

log = logging.getLogger(__name__)

Send = Callable[[OutgoingEmail], Awaitable[None]]


# Emails claimed, sent and recorded in one transaction: four round trips to the database for each
# email (begin, claim, record, commit) were most of its delivery's cost. What a crash before the
# commit sends twice is at most this many.
BATCH = 16


async def deliver_due(runtime: ServiceRuntime, send: Send, policy: RetryPolicy, now: datetime) -> int:
    """Send every email due at `now`, a batch per transaction; how many were sent."""
    sent = 0
    while True:
        async with runtime.sessions.begin() as session:
            due = await email_store.claim_due(session, now, BATCH)
            if not due:
                return sent
            delivered = await _send_batch(session, send, policy, now, due)
            await _record_sent(session, delivered)
            sent += len(delivered)
        if len(due) < BATCH and len(delivered) == len(due):
            # All that was due went: no transaction to find none. One stored since has woken
            # the sender for its next round (Sender.wake).
            return sent


async def _send_batch(
    session: AsyncSession, send: Send, policy: RetryPolicy, now: datetime, due: list[OutgoingEmail]
) -> list[OutgoingEmail]:
    """The emails the relay took, in order, up to the first it did not: that one's failure is
    recorded and the batch ends there, so a relay that is away delays no other email's record
    (the rest are released with the commit and claimed again)."""
    delivered = []
    for email in due:
        try:
            await send(email)
        except Exception as error:
            await _record_failure(session, policy, now, email, error)
            break
        delivered.append(email)
    return delivered


async def _record_sent(session: AsyncSession, delivered: list[OutgoingEmail]) -> None:
    now = datetime.now(UTC)
    secret = [email.email_id for email in delivered if NoticeKind(email.kind) in CARRIES_A_SECRET]
    others = [email.email_id for email in delivered if NoticeKind(email.kind) not in CARRIES_A_SECRET]
    await email_store.record_sent(session, secret, now, forget_body=True)
    await email_store.record_sent(session, others, now)


async def _record_failure(
    session: AsyncSession, policy: RetryPolicy, now: datetime, email: OutgoingEmail, error: Exception
) -> None:
    status, next_attempt_at = policy.after_failure(email.attempts + 1, now)
    await email_store.record_failure(session, email.email_id, status, next_attempt_at, f"{error}")
    # The error's text (a relay's refusal can quote the address) is kept in the row only.
    cause = type(error).__name__
    if status is EmailStatus.FAILED:
        log.error("email %s (%s) failed after %s attempts: %s", email.email_id, email.kind, email.attempts + 1, cause)
    else:
        log.warning("email %s (%s) not sent, retrying at %s: %s", email.email_id, email.kind, next_attempt_at, cause)


class Sender:
    """The background task: delivers what is due, woken when new emails are committed, else every
    `poll_seconds` (retries come due on their own)."""

    def __init__(self, runtime: ServiceRuntime, send: Send, policy: RetryPolicy, poll_seconds: float) -> None:
        self.runtime, self.send, self.policy, self.poll_seconds = runtime, send, policy, poll_seconds
        self.wake = asyncio.Event()

    def running(self) -> AbstractAsyncContextManager[None]:
        return every(
            self.poll_seconds,
            lambda: deliver_due(self.runtime, self.send, self.policy, datetime.now(UTC)),
            name="email-sender",
            wake=self.wake,
        )
