"""An email as this service stores it between composing and delivery, and its life."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class EmailStatus(StrEnum):
    """What a person reading the admin list needs: waiting to go, sent, trying again after a
    failure, or given up on (an admin may retry it)."""

    QUEUED = "queued"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"


DUE_STATUSES = (EmailStatus.QUEUED, EmailStatus.RETRYING)


@dataclass(frozen=True)
class OutgoingEmail:
    email_id: uuid.UUID
    clinic_id: uuid.UUID
    cause_id: uuid.UUID
    kind: str
    recipient_kind: str
    recipient_id: uuid.UUID
    to_address: str
    subject: str
    text_body: str
    html_body: str
    calendar: str | None
    calendar_method: str | None
    request_id: uuid.UUID | None
    status: EmailStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def queued(
        cls,
        *,
        clinic_id: uuid.UUID,
        cause_id: uuid.UUID,
        kind: str,
        recipient_kind: str,
        recipient_id: uuid.UUID,
        to_address: str,
        subject: str,
        text_body: str,
        html_body: str,
        created_at: datetime,
        request_id: uuid.UUID | None = None,
        calendar: str | None = None,
        calendar_method: str | None = None,
    ) -> "OutgoingEmail":
        """A new email, composed and waiting for its first attempt."""
        return cls(
            email_id=uuid.uuid4(), clinic_id=clinic_id, cause_id=cause_id, kind=kind, recipient_kind=recipient_kind,
            recipient_id=recipient_id, to_address=to_address, subject=subject, text_body=text_body,
            html_body=html_body, calendar=calendar, calendar_method=calendar_method, request_id=request_id,
            status=EmailStatus.QUEUED, attempts=0, next_attempt_at=None, last_error=None, created_at=created_at,
            sent_at=None,
        )  # fmt: skip


@dataclass(frozen=True)
class RetryPolicy:
    """Back-off between attempts: doubling from `first`, never longer than `longest`; after
    `attempts` failures the email is failed."""

    attempts: int
    first: timedelta
    longest: timedelta

    def after_failure(self, attempts_made: int, now: datetime) -> tuple[EmailStatus, datetime | None]:
        if attempts_made >= self.attempts:
            return EmailStatus.FAILED, None
        wait = min(self.first * (2 ** (attempts_made - 1)), self.longest)
        return EmailStatus.RETRYING, now + wait
