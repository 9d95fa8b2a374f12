"""Following the settings service's state topics into this service's settings replica."""

from uuid import UUID

from fastapi import APIRouter, Depends

from clinic_contracts import EventEnvelope
from clinic_contracts.events import ClinicSettingsChanged, Event, StateEvent
from clinic_contracts.topics import SETTINGS_TOPICS
from servicekit.actor_auth import operator_only
from servicekit.problems import Problem
from servicekit.runtime import Runtime, ServiceRuntime

CONSUMER = "settings-replica"


def follow_settings(runtime: ServiceRuntime) -> None:
    async def apply(envelope: EventEnvelope, event: Event) -> None:
        if not isinstance(event, StateEvent):
            return
        async with runtime.sessions.begin() as session:
            if await runtime.inbox.first_delivery(session, CONSUMER, envelope.event_id):
                await runtime.settings_replica.apply(session, event, envelope.clinic_id)

    runtime.follow(SETTINGS_TOPICS, consumer=CONSUMER, handle=apply)


def settings_replica_router() -> APIRouter:
    """Read access to the replica, so operators and tests can see what this service knows."""
    router = APIRouter(prefix="/settings-replica", tags=["settings replica"], dependencies=[Depends(operator_only)])

    @router.get("/clinics/{clinic_id}")
    async def replicated_clinic(clinic_id: UUID, runtime: Runtime) -> ClinicSettingsChanged:
        async with runtime.reading_sessions() as session:
            clinic = await runtime.settings_replica.get(session, ClinicSettingsChanged, str(clinic_id))
        if clinic is None:
            raise Problem(404, "clinic-not-found", "This service knows no such clinic yet")
        return clinic

    return router
