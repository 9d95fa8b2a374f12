"""The request service's unit of work in memory, for the unit ring: the same interface as the
database's (service_layer.unit_of_work), with what it would publish kept in `outbox`.

tests/requests/scenarios.py runs the same stories over this and over SQLite and PostgreSQL, and
test_in_memory_interface.py holds every method here to the real one's signature, so the two
cannot drift apart.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from clinic_contracts.events import ClinicSettingsChanged, Event, StateEvent
from clinic_requests.adapters.replicated_settings import ReplicatedSettings
from clinic_requests.adapters.request_views import Order, Page, RequestFilter
from clinic_requests.domain.appointment_request import (
    BOOKED_STATUSES,
    EXPIRABLE_STATUSES,
    OPEN_STATUSES,
    AppointmentRequest,
    HistoryEntry,
)
from clinic_requests.domain.authorization import CountedVisit
from clinic_requests.domain.request_series import RequestSeries
from clinic_requests.domain.waitlist import EntryStatus, WaitlistEntry
from clinic_requests.service_layer.unit_of_work import RequestsUnitOfWork

S = TypeVar("S", bound=StateEvent)


@dataclass
class Published:
    """One event as the outbox would have stored it."""

    event: Event
    key: str
    causation_id: UUID | None


@dataclass
class CaseAppointment:
    case_id: UUID
    start: datetime
    cancelled: bool = False


@dataclass
class Stored:
    """Everything the service's database holds; a transaction works on a copy of it."""

    requests: dict[UUID, AppointmentRequest] = field(default_factory=dict)
    history: dict[UUID, list[HistoryEntry]] = field(default_factory=dict)
    series: dict[UUID, RequestSeries] = field(default_factory=dict)
    case_appointments: dict[UUID, CaseAppointment] = field(default_factory=dict)
    waitlist: dict[UUID, WaitlistEntry] = field(default_factory=dict)
    settings: dict[tuple[str, str], StateEvent] = field(default_factory=dict)
    outbox: list[Published] = field(default_factory=list)
    inbox: set[tuple[str, UUID]] = field(default_factory=set)


class InMemoryRequestRepository:
    def __init__(self, stored: Stored) -> None:
        self.stored = stored

    async def get(self, request_id: UUID, *, for_update: bool = False) -> AppointmentRequest | None:
        return copy.deepcopy(self.stored.requests.get(request_id))

    async def by_idempotency_key(self, portal_user_id: UUID, key: str) -> AppointmentRequest | None:
        return next(
            (
                copy.deepcopy(request)
                for request in self.stored.requests.values()
                if request.portal_user_id == portal_user_id and request.idempotency_key == key
            ),
            None,
        )

    async def lock_case(self, case_id: UUID) -> None:
        """One transaction at a time runs in memory: nothing to wait for."""

    async def count_open_for_case(self, case_id: UUID) -> int:
        return len(
            {
                request.series.series_id if request.series else request.request_id
                for request in self.stored.requests.values()
                if request.case_id == case_id and request.status in OPEN_STATUSES
            }
        )

    async def counted_visits(self, case_ids: list[UUID]) -> dict[UUID, list[CountedVisit]]:
        visits: dict[UUID, list[CountedVisit]] = {case_id: [] for case_id in case_ids}
        for request in self.stored.requests.values():
            if request.case_id in visits and request.status in (*BOOKED_STATUSES, *OPEN_STATUSES):
                visits[request.case_id].append(CountedVisit(request.visit.start, request.status in BOOKED_STATUSES))
        for appointment in self.stored.case_appointments.values():
            if appointment.case_id in visits and not appointment.cancelled:
                visits[appointment.case_id].append(CountedVisit(appointment.start, booked=True))
        return visits

    async def add_series(self, series: RequestSeries) -> None:
        self.stored.series[series.series_id] = series

    async def series_by_idempotency_key(self, portal_user_id: UUID, key: str) -> RequestSeries | None:
        return next(
            (s for s in self.stored.series.values() if s.portal_user_id == portal_user_id and s.idempotency_key == key),
            None,
        )

    async def in_series(self, series_id: UUID) -> list[AppointmentRequest]:
        members = [r for r in self.stored.requests.values() if r.series and r.series.series_id == series_id]
        return copy.deepcopy(sorted(members, key=lambda request: request.series.occurrence))

    async def record_case_appointment(self, appointment_id: UUID, case_id: UUID, start: datetime) -> None:
        self.stored.case_appointments.setdefault(appointment_id, CaseAppointment(case_id, start))

    async def cancel_case_appointment(self, appointment_id: UUID) -> None:
        if appointment := self.stored.case_appointments.get(appointment_id):
            appointment.cancelled = True

    async def clinics_with_expirable_requests(self) -> list[UUID]:
        expirable = {r.clinic_id for r in self.stored.requests.values() if r.status in EXPIRABLE_STATUSES}
        return list(expirable)

    async def overdue_in_clinic(self, clinic_id: UUID, now: datetime, submitted_before: datetime) -> list[UUID]:
        """Candidates only, like the database's: the request itself decides."""
        expiry = now - submitted_before
        return [
            request.request_id
            for request in self.stored.requests.values()
            if request.clinic_id == clinic_id and request.is_overdue(now, expiry)
        ]

    async def add(self, request: AppointmentRequest) -> None:
        self.stored.history[request.request_id] = []
        await self.save(request)

    async def save(self, request: AppointmentRequest) -> None:
        self.stored.history[request.request_id].extend(request.pull_history())
        # As a row holds it: the state, not the events still to be published.
        kept = copy.deepcopy(request)
        kept.pull_events()
        self.stored.requests[request.request_id] = kept


class InMemoryRequestViews:
    def __init__(self, stored: Stored) -> None:
        self.stored = stored

    async def one(self, request_id: UUID) -> AppointmentRequest | None:
        return copy.deepcopy(self.stored.requests.get(request_id))

    async def history(self, request_id: UUID) -> list[HistoryEntry]:
        return list(self.stored.history.get(request_id, []))

    async def page(self, where: RequestFilter, order: Order, *, limit: int, offset: int) -> Page:
        admitted = [request for request in self.stored.requests.values() if where.admits(request)]
        if order is Order.NEWEST:
            admitted.sort(key=lambda request: request.request_id)
            admitted.sort(key=lambda request: request.submitted_at, reverse=True)
        else:
            admitted.sort(key=lambda request: (request.visit.start, request.request_id))
        return Page(items=copy.deepcopy(admitted[offset : offset + limit]), total=len(admitted))

    async def count(self, where: RequestFilter) -> int:
        return sum(1 for request in self.stored.requests.values() if where.admits(request))


class InMemoryWaitlistRepository:
    def __init__(self, stored: Stored) -> None:
        self.stored = stored

    async def lock_clinic(self, clinic_id: UUID) -> None:
        """One transaction at a time runs in memory: nothing to wait for."""

    async def add(self, entry: WaitlistEntry) -> None:
        self.stored.waitlist[entry.entry_id] = entry

    async def save(self, entry: WaitlistEntry) -> None:
        self.stored.waitlist[entry.entry_id] = entry

    async def get(self, entry_id: UUID, *, for_update: bool = False) -> WaitlistEntry | None:
        return self.stored.waitlist.get(entry_id)

    async def waiting_for_case(self, case_id: UUID) -> WaitlistEntry | None:
        waiting = await self.listed(case_id=case_id)
        return waiting[0] if waiting else None

    async def waiting_for_therapist(self, clinic_id: UUID, therapist_id: UUID) -> list[WaitlistEntry]:
        waiting = await self.listed()
        return [entry for entry in waiting if entry.clinic_id == clinic_id and entry.therapist_id == therapist_id]

    async def listed(
        self,
        *,
        portal_user_id: UUID | None = None,
        patient_ids: frozenset[UUID] | None = None,
        case_id: UUID | None = None,
        statuses: tuple[EntryStatus, ...] = (EntryStatus.WAITING,),
    ) -> list[WaitlistEntry]:
        entries = [
            entry
            for entry in self.stored.waitlist.values()
            if entry.status in statuses
            and portal_user_id in (None, entry.portal_user_id)
            and (patient_ids is None or entry.patient_id in patient_ids)
            and case_id in (None, entry.case_id)
        ]
        return sorted(entries, key=lambda entry: (entry.joined_at, entry.entry_id))

    async def patients_with_open_offers(self, clinic_id: UUID) -> set[UUID]:
        return {
            request.patient_id
            for request in self.stored.requests.values()
            if request.clinic_id == clinic_id
            and request.waitlist_entry_id is not None
            and request.status in OPEN_STATUSES
        }

    async def entries_offered(self, entry_ids: list[UUID], therapist_id: UUID, start: datetime) -> set[UUID]:
        return {
            request.waitlist_entry_id
            for request in self.stored.requests.values()
            if request.waitlist_entry_id in entry_ids
            and request.visit.therapist_id == therapist_id
            and request.visit.start == start
        }


class InMemoryReplica:
    """The settings replica's reads (servicekit.settings_replica) over the states a test stored
    (`FakeUnitOfWorkFactory.know`); the service's own ReplicatedSettings reads through it."""

    def __init__(self, stored: Stored) -> None:
        self.stored = stored

    async def get(self, session: None, model: type[S], entity_id: str) -> S | None:
        state = self.stored.settings.get((model.event_type, entity_id))
        return state if isinstance(state, model) else None

    async def get_many(
        self, session: None, wanted: list[tuple[type[S], str]], *, their_clinics: bool = False
    ) -> dict[tuple[type[S], str], S]:
        found = {(model, entity_id): await self.get(session, model, entity_id) for model, entity_id in wanted}
        if their_clinics:
            for clinic_id in {getattr(state, "clinic_id", None) for state in found.values() if state is not None}:
                clinic = await self.get(session, ClinicSettingsChanged, str(clinic_id))
                found[ClinicSettingsChanged, str(clinic_id)] = clinic  # type: ignore[index]
        return {key: state for key, state in found.items() if state is not None}

    async def all_of(
        self, session: None, model: type[S], clinic_id: UUID, *, where: Mapping[str, str] | None = None
    ) -> list[S]:
        return sorted(
            (
                state
                for state in self.stored.settings.values()
                if isinstance(state, model)
                and getattr(state, "clinic_id", None) == clinic_id
                and all(str(getattr(state, name)) == value for name, value in (where or {}).items())
            ),
            key=lambda state: state.entity_id,
        )


class FakeRequestsUnitOfWork(RequestsUnitOfWork):
    def __init__(self, stored: Stored) -> None:
        self.stored = stored
        self.requests = InMemoryRequestRepository(stored)
        self.views = InMemoryRequestViews(stored)
        self.waitlist = InMemoryWaitlistRepository(stored)
        # No session: the replica answers from memory.
        self.settings = ReplicatedSettings(None, InMemoryReplica(stored))

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        if (consumer, event_id) in self.stored.inbox:
            return False
        self.stored.inbox.add((consumer, event_id))
        return True

    async def _to_outbox(self, request: AppointmentRequest, event: Event, causation_id: UUID | None) -> None:
        self.stored.outbox.append(Published(event, str(request.request_id), causation_id))


class FakeUnitOfWorkFactory:
    """Transactions over one in-memory store: a block that raises leaves the store as it was."""

    def __init__(self) -> None:
        self.stored = Stored()

    def know(self, *states: StateEvent) -> None:
        """The settings as if the settings topics had brought them."""
        for state in states:
            self.stored.settings[state.event_type, state.entity_id] = state

    def published(self, request_id: UUID) -> list[Event]:
        return [published.event for published in self.stored.outbox if published.key == str(request_id)]

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[RequestsUnitOfWork]:
        working = copy.deepcopy(self.stored)
        yield FakeRequestsUnitOfWork(working)
        self.stored = working

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[RequestsUnitOfWork]:
        yield FakeRequestsUnitOfWork(copy.deepcopy(self.stored))
