"""Delivering stored emails: each due one is sent once, retried with back-off while the SMTP relay
is away, and marked failed after the policy's attempts (an admin can queue it again).

The row stays locked while its email is handed to the relay, so two replicas never send the same
email; if the process dies after the relay took it and before the commit, the email goes once
more on restart (SMTP knows no idempotency; its fixed Message-ID lets mail clients fold the two).
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from clinic_notifications.adapters import email_store
from clinic_notifications.domain.notices import CARRIES_A_SECRET, NoticeKind
from clinic_notifications.service_layer.outgoing import EmailStatus, OutgoingEmail, RetryPolicy
from servicekit.background import every
from servicekit.runtime import ServiceRuntime

log = logging.getLogger(__name__)

Send = Callable[[OutgoingEmail], Awaitable[None]]


async def deliver_due(runtime: ServiceRuntime, send: Send, policy: RetryPolicy, now: datetime) -> int:
    """Send every email due at `now`, one transaction each; how many were sent."""
    sent = 0
    while True:
        async with runtime.sessions.begin() as session:
            email = await email_store.claim_due(session, now)
            if email is None:
                return sent
            try:
                await send(email)
            except Exception as error:
                status, next_attempt_at = policy.after_failure(email.attempts + 1, now)
                await email_store.record_failure(session, email.email_id, status, next_attempt_at, f"{error}")
                # The error's text (a relay's refusal can quote the address) is kept in the row only.
                cause = type(error).__name__
                if status is EmailStatus.FAILED:
                    log.error(
                        "email %s (%s) failed after %s attempts: %s",
                        email.email_id,
                        email.kind,
                        email.attempts + 1,
                        cause,
                    )
                else:
                    log.warning(
                        "email %s (%s) not sent, retrying at %s: %s", email.email_id, email.kind, next_attempt_at, cause
                    )
                continue
            await email_store.record_sent(
                session, email.email_id, datetime.now(UTC), forget_body=NoticeKind(email.kind) in CARRIES_A_SECRET
            )
            sent += 1


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
