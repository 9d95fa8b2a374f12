"""Storing waitlist entries, and what the requests made for their offers say about them."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, text, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_requests.adapters.orm import appointment_requests, waitlist_entries
from clinic_requests.domain.appointment_request import OPEN_STATUSES
from clinic_requests.domain.waitlist import EntryStatus, PartOfDay, WaitlistEntry, Windows
from servicekit.db import aware_utc

# One advisory-lock space per purpose: a clinic's waitlist must not share keys with a case's
# submissions (AppointmentRequestRepository.lock_case).
_WAITLIST_LOCK_SPACE = 0x57A17


class WaitlistRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_clinic(self, clinic_id: UUID) -> None:
        """Serialise the offering of one clinic's freed times until the transaction ends: two
        times freed at once are offered one after the other, each seeing the other's offer (so
        no one is offered two, and no time goes to two). SQLite has one writer at a time already."""
        if self.session.bind.dialect.name == "postgresql":
            key = clinic_id.int & ((1 << 31) - 1)
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": _WAITLIST_LOCK_SPACE, "key": key}
            )

    async def add(self, entry: WaitlistEntry) -> None:
        await self.session.execute(insert(waitlist_entries).values(**_row(entry)))

    async def save(self, entry: WaitlistEntry) -> None:
        await self.session.execute(
            update(waitlist_entries).where(waitlist_entries.c.entry_id == entry.entry_id).values(**_row(entry))
        )

    async def get(self, entry_id: UUID, *, for_update: bool = False) -> WaitlistEntry | None:
        query = select(waitlist_entries).where(waitlist_entries.c.entry_id == entry_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else entry_from_row(row)

    async def waiting_for_case(self, case_id: UUID) -> WaitlistEntry | None:
        query = select(waitlist_entries).where(
            (waitlist_entries.c.case_id == case_id) & (waitlist_entries.c.status == EntryStatus.WAITING.value)
        )
        row = (await self.session.execute(query)).mappings().first()
        return None if row is None else entry_from_row(row)

    async def waiting_for_therapist(self, clinic_id: UUID, therapist_id: UUID) -> list[WaitlistEntry]:
        table = waitlist_entries
        query = select(table).where(
            (table.c.clinic_id == clinic_id)
            & (table.c.therapist_id == therapist_id)
            & (table.c.status == EntryStatus.WAITING.value)
        )
        return [entry_from_row(row) for row in (await self.session.execute(query)).mappings()]

    async def listed(
        self,
        *,
        portal_user_id: UUID | None = None,
        patient_ids: frozenset[UUID] | None = None,
        case_id: UUID | None = None,
        statuses: tuple[EntryStatus, ...] = (EntryStatus.WAITING,),
    ) -> list[WaitlistEntry]:
        """Entries in the order they joined; narrowed to one portal user's, or to some patients'."""
        table = waitlist_entries
        query = select(table).where(table.c.status.in_([status.value for status in statuses]))
        if portal_user_id is not None:
            query = query.where(table.c.portal_user_id == portal_user_id)
        if patient_ids is not None:
            query = query.where(table.c.patient_id.in_(patient_ids))
        if case_id is not None:
            query = query.where(table.c.case_id == case_id)
        query = query.order_by(table.c.joined_at, table.c.entry_id)
        return [entry_from_row(row) for row in (await self.session.execute(query)).mappings()]

    async def patients_with_open_offers(self, clinic_id: UUID) -> set[UUID]:
        """Patients a waitlist offer is open for (being held, or waiting for their answer)."""
        table = appointment_requests
        query = select(table.c.patient_id).where(
            (table.c.clinic_id == clinic_id)
            & table.c.waitlist_entry_id.is_not(None)
            & table.c.status.in_([status.value for status in OPEN_STATUSES])
        )
        return set((await self.session.execute(query)).scalars())

    async def entries_offered(self, entry_ids: list[UUID], therapist_id: UUID, start: datetime) -> set[UUID]:
        """Which of these entries were offered this therapist's time at `start` already (it lapsed,
        or they declined it): the next in line gets it, not them again."""
        table = appointment_requests
        query = select(table.c.waitlist_entry_id).where(
            table.c.waitlist_entry_id.in_(entry_ids) & (table.c.therapist_id == therapist_id) & (table.c.start == start)
        )
        return set((await self.session.execute(query)).scalars())


# The entry's fields a column holds as they are.
_AS_STORED = (
    "entry_id",
    "clinic_id",
    "case_id",
    "patient_id",
    "portal_user_id",
    "visit_type_id",
    "location_id",
    "therapist_id",
    "joined_by_staff",
    "priority",
)


def entry_from_row(row: RowMapping) -> WaitlistEntry:
    return WaitlistEntry(
        **{name: row[name] for name in _AS_STORED},
        windows=Windows(
            weekdays=frozenset(row["weekdays"]),
            parts_of_day=frozenset(PartOfDay(part) for part in row["parts_of_day"]),
            first_day=row["first_day"],
            last_day=row["last_day"],
        ),
        joined_at=aware_utc(row["joined_at"]),
        status=EntryStatus(row["status"]),
        ended_at=aware_utc(row["ended_at"]) if row["ended_at"] else None,
    )


def _row(entry: WaitlistEntry) -> dict:
    windows = entry.windows
    return {
        **{name: getattr(entry, name) for name in _AS_STORED},
        "weekdays": sorted(windows.weekdays),
        "parts_of_day": sorted(part.value for part in windows.parts_of_day),
        "first_day": windows.first_day,
        "last_day": windows.last_day,
        "status": entry.status.value,
        "joined_at": entry.joined_at,
        "ended_at": entry.ended_at,
    }
