"""What this service remembers of each appointment request (see orm.request_contacts)."""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import CounterOfferAccepted, OfferedTime, RequestEditApplied
from clinic_notifications.adapters.orm import request_contacts
from servicekit.db import aware_utc, insert_unless_kept


@dataclass(frozen=True)
class RequestContact:
    request_id: uuid.UUID
    clinic_id: uuid.UUID
    portal_user_id: uuid.UUID
    patient_id: uuid.UUID
    case_id: uuid.UUID
    visit_type_id: uuid.UUID
    location_id: uuid.UUID
    therapist_id: uuid.UUID
    start: datetime
    end: datetime
    status: str
    submitted_at: datetime
    updated_at: datetime
    appointment_id: uuid.UUID | None = None
    invitation_sequence: int = 0

    def but(self, **changes) -> "RequestContact":
        return replace(self, **changes)

    def at(self, time: RequestEditApplied | CounterOfferAccepted | OfferedTime) -> "RequestContact":
        """The same request at another time: an edited, offered or accepted one."""
        return self.but(
            visit_type_id=time.visit_type_id,
            location_id=time.location_id,
            therapist_id=time.therapist_id,
            start=time.start,
            end=time.end,
        )


def _contact(row) -> RequestContact:
    values = dict(row._mapping)
    for column in ("start", "end", "submitted_at", "updated_at"):
        values[column] = aware_utc(values[column])
    return RequestContact(**values)


# Run for every event about a request, built once (a statement built anew cost more CPU than
# running it); an update's columns come from its parameters' keys.
_FOR_UPDATE = (
    select(request_contacts).where(request_contacts.c.request_id == bindparam("by_request_id")).with_for_update()
)
_INSERT = insert(request_contacts)
_UPDATE = update(request_contacts).where(request_contacts.c.request_id == bindparam("by_request_id"))


async def get(session: AsyncSession, request_id: uuid.UUID) -> RequestContact | None:
    row = (await session.execute(_FOR_UPDATE, {"by_request_id": request_id})).first()
    return None if row is None else _contact(row)


async def save(session: AsyncSession, contact: RequestContact, *, new: bool) -> None:
    values = dict(contact.__dict__)
    if new:
        await session.execute(_INSERT, values)
    else:
        await session.execute(_UPDATE, {**values, "by_request_id": contact.request_id})


async def remember(session: AsyncSession, contact: RequestContact) -> None:
    """Keep `contact` unless the request is known already (a later event came first)."""
    await session.execute(insert_unless_kept(session, request_contacts), contact.__dict__)


async def waiting_in_clinic(session: AsyncSession, clinic_id: uuid.UUID) -> list[RequestContact]:
    rows = await session.execute(
        select(request_contacts)
        .where(request_contacts.c.clinic_id == clinic_id, request_contacts.c.status == "pending")
        .order_by(request_contacts.c.start)
    )
    return [_contact(row) for row in rows]


async def clinics_with_waiting_requests(session: AsyncSession) -> list[uuid.UUID]:
    rows = await session.execute(
        select(request_contacts.c.clinic_id).where(request_contacts.c.status == "pending").distinct()
    )
    return list(rows.scalars())
