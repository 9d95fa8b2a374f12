"""One transaction: a request's change, its history and the events it publishes commit together.

The use cases see `RequestsUnitOfWork` only, and get one from a `UnitOfWorkFactory` (bootstrap
gives them the database's; the unit ring an in-memory one, tests/requests/in_memory.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from clinic_contracts.events import Event
from clinic_requests.adapters.replicated_settings import ReplicatedSettings
from clinic_requests.adapters.repository import AppointmentRequestRepository
from clinic_requests.adapters.request_views import RequestViews
from clinic_requests.adapters.waitlist_repository import WaitlistRepository
from clinic_requests.domain.appointment_request import AppointmentRequest
from servicekit.errors import DomainError
from servicekit.session_unit_of_work import SessionUnitOfWork

if TYPE_CHECKING:
    # The runtime brings the broker and the web framework; the unit ring needs neither.
    from sqlalchemy.ext.asyncio import AsyncSession

    from servicekit.runtime import ServiceRuntime


class RequestNotFound(DomainError, LookupError):
    code = "request-not-found"
    status = 404
    title = "Not found"

    def __init__(self, request_id: UUID) -> None:
        super().__init__(f"No appointment request has id {request_id}.")
        self.request_id = request_id


class RequestsUnitOfWork:
    """What a use case reads and changes; subclasses say where it is stored and how events leave."""

    requests: AppointmentRequestRepository
    views: RequestViews
    waitlist: WaitlistRepository
    settings: ReplicatedSettings

    async def existing(self, request_id: UUID, *, for_update: bool = False) -> AppointmentRequest:
        request = await self.requests.get(request_id, for_update=for_update)
        if request is None:
            raise RequestNotFound(request_id)
        return request

    async def add(self, request: AppointmentRequest, *, causation_id: UUID | None = None) -> None:
        await self.requests.add(request)
        await self._publish(request, causation_id)

    async def save(self, request: AppointmentRequest, *, causation_id: UUID | None = None) -> None:
        await self.requests.save(request)
        await self._publish(request, causation_id)

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        """Records that `consumer` took this event; False when it had already (a redelivery)."""
        raise NotImplementedError

    async def _publish(self, request: AppointmentRequest, causation_id: UUID | None) -> None:
        for event in request.pull_events():
            await self._to_outbox(request, event, causation_id)

    async def _to_outbox(self, request: AppointmentRequest, event: Event, causation_id: UUID | None) -> None:
        raise NotImplementedError


class UnitOfWorkFactory(Protocol):
    def begin(self) -> AbstractAsyncContextManager[RequestsUnitOfWork]:
        """One transaction: committed when the block ends without an exception."""

    def reading(self) -> AbstractAsyncContextManager[RequestsUnitOfWork]:
        """A read-only view: nothing is locked, nothing is published."""


class SqlRequestsUnitOfWork(SessionUnitOfWork, RequestsUnitOfWork):
    def __init__(self, session: AsyncSession, runtime: ServiceRuntime) -> None:
        super().__init__(session, runtime)
        self.requests = AppointmentRequestRepository(session)
        self.views = RequestViews(session)
        self.waitlist = WaitlistRepository(session)
        self.settings = ReplicatedSettings(session, runtime.settings_replica)

    async def _to_outbox(self, request: AppointmentRequest, event: Event, causation_id: UUID | None) -> None:
        # One correlation id per request, so its whole story can be followed across services.
        await self.runtime.outbox.add_event(
            self.session,
            event,
            key=str(request.request_id),
            clinic_id=request.clinic_id,
            correlation_id=request.correlation_id,
            causation_id=causation_id,
        )


class SqlUnitOfWorkFactory:
    """Units of work over the service's database, its outbox, inbox and settings replica."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[RequestsUnitOfWork]:
        async with self.runtime.sessions.begin() as session:
            yield SqlRequestsUnitOfWork(session, self.runtime)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[RequestsUnitOfWork]:
        async with self.runtime.reading_sessions() as session:
            yield SqlRequestsUnitOfWork(session, self.runtime)
