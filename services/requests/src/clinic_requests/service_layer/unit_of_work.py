"""One transaction: a request's change, its history and the events it publishes commit together."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_requests.adapters.replicated_settings import ReplicatedSettings
from clinic_requests.adapters.repository import AppointmentRequestRepository
from clinic_requests.adapters.request_views import RequestViews
from clinic_requests.adapters.waitlist_repository import WaitlistRepository
from clinic_requests.domain.appointment_request import AppointmentRequest
from servicekit.errors import DomainError
from servicekit.runtime import ServiceRuntime


class RequestNotFound(DomainError, LookupError):
    code = "request-not-found"
    status = 404
    title = "Not found"

    def __init__(self, request_id: UUID) -> None:
        super().__init__(f"No appointment request has id {request_id}.")
        self.request_id = request_id


class RequestsUnitOfWork:
    def __init__(self, session: AsyncSession, runtime: ServiceRuntime) -> None:
        self.session = session
        self.runtime = runtime
        self.requests = AppointmentRequestRepository(session)
        self.views = RequestViews(session)
        self.waitlist = WaitlistRepository(session)
        self.settings = ReplicatedSettings(session, runtime.settings_replica)

    async def existing(self, request_id: UUID, *, for_update: bool = False) -> AppointmentRequest:
        request = await self.requests.get(request_id, for_update=for_update)
        if request is None:
            raise RequestNotFound(request_id)
        return request

    async def add(self, request: AppointmentRequest, *, causation_id: UUID | None = None) -> None:
        await self.requests.add(request)
        await self._publish(request, causation_id=causation_id)

    async def save(self, request: AppointmentRequest, *, causation_id: UUID | None = None) -> None:
        await self.requests.save(request)
        await self._publish(request, causation_id=causation_id)

    async def _publish(self, request: AppointmentRequest, causation_id: UUID | None) -> None:
        # One correlation id per request, so its whole story can be followed across services.
        for event in request.pull_events():
            await self.runtime.outbox.add_event(
                self.session,
                event,
                key=str(request.request_id),
                clinic_id=request.clinic_id,
                correlation_id=request.correlation_id,
                causation_id=causation_id,
            )


@asynccontextmanager
async def unit_of_work(runtime: ServiceRuntime) -> AsyncIterator[RequestsUnitOfWork]:
    async with runtime.sessions.begin() as session:
        yield RequestsUnitOfWork(session, runtime)


@asynccontextmanager
async def reading(runtime: ServiceRuntime) -> AsyncIterator[RequestsUnitOfWork]:
    """A read-only session: nothing is locked, nothing is published."""
    async with runtime.sessions() as session:
        yield RequestsUnitOfWork(session, runtime)
