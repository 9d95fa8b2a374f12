"""One transaction over every settings table: a change and its events commit together or not at all."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters import orm
from clinic_settings.adapters.calendar_feeds_repository import CalendarFeedsRepository
from clinic_settings.adapters.changes_repository import ChangesRepository
from clinic_settings.adapters.credentials_repository import CredentialsRepository
from clinic_settings.adapters.external_ids_repository import ExternalIdsRepository
from clinic_settings.adapters.one_time_links_repository import OneTimeLinksRepository
from clinic_settings.adapters.repository import Repository
from clinic_settings.adapters.sign_in_failures_repository import SignInFailuresRepository
from clinic_settings.domain.audit import SERVICE_ITSELF, change_of
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.domain.errors import SettingsConflict, SettingsRuleBroken
from clinic_settings.domain.location import Location
from clinic_settings.domain.one_time_links import LinkPurpose
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType
from servicekit.audit import acting_reference
from servicekit.errors import NotFound
from servicekit.outbox import Outbox
from servicekit.runtime import ServiceRuntime

E = TypeVar("E", bound=SettingsEntity)


class EntityNotFound(NotFound):
    """No such clinic, location, user... (`kind`) has this id."""


class SettingsUnitOfWork:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session = session
        self.outbox = outbox
        self.clinics = Repository(session, orm.clinics, Clinic)
        self.locations = Repository(session, orm.locations, Location)
        self.visit_types = Repository(session, orm.visit_types, VisitType)
        self.therapists = Repository(session, orm.therapists, Therapist)
        self.patients = Repository(session, orm.patients, Patient)
        self.patient_cases = Repository(session, orm.patient_cases, PatientCase, order_by="title")
        self.portal_users = Repository(session, orm.portal_users, PortalUser)
        self.staff_users = Repository(session, orm.staff_users, StaffUser)
        self.credentials = CredentialsRepository(session)
        self.sign_in_failures = SignInFailuresRepository(session)
        self.external_ids = ExternalIdsRepository(session)
        self.changes = ChangesRepository(session)
        # Every change in this unit of work is recorded as made by the caller of this request.
        self.actor = acting_reference(otherwise=SERVICE_ITSELF)
        self.invitations = OneTimeLinksRepository(session, LinkPurpose.INVITATION)
        self.password_resets = OneTimeLinksRepository(session, LinkPurpose.PASSWORD_RESET)
        self.calendar_feeds = CalendarFeedsRepository(session)

    def links(self, purpose: LinkPurpose) -> OneTimeLinksRepository:
        return self.invitations if purpose is LinkPurpose.INVITATION else self.password_resets

    async def existing(self, repository, entity_id: UUID, *, for_update: bool = False):
        """The entity (or one-time link) with this id, or EntityNotFound."""
        entity = await repository.get(entity_id, for_update=for_update)
        if entity is None:
            raise EntityNotFound(repository.kind, entity_id)
        return entity

    async def clinic(self, clinic_id: UUID) -> Clinic:
        return await self.existing(self.clinics, clinic_id)

    async def referenced(
        self, repository: Repository[E], entity_id: UUID, clinic_id: UUID, *, for_update: bool = False
    ) -> E:
        """An entity that a change points at: it must exist, in the same clinic."""
        kind = repository.entity.kind
        entity = await repository.get(entity_id, for_update=for_update)
        if entity is None:
            raise SettingsRuleBroken(f"unknown-{kind}", f"No {kind.replace('-', ' ')} has id {entity_id}.")
        if entity.clinic_id != clinic_id:
            raise SettingsRuleBroken(
                "reference-to-another-clinic",
                f"The {kind.replace('-', ' ')} {entity_id} belongs to another clinic.",
            )
        return entity

    async def all_referenced(self, repository: Repository[E], entity_ids, clinic_id: UUID) -> list[E]:
        return [await self.referenced(repository, entity_id, clinic_id) for entity_id in entity_ids]

    async def require_new(self, repository: Repository[E], entity_id: UUID) -> None:
        """Checked before anything else, so creating the same entity again is always `...-exists`."""
        if await repository.get(entity_id) is not None:
            kind = repository.entity.kind
            raise SettingsConflict(f"{kind}-exists", f"A {kind.replace('-', ' ')} with id {entity_id} already exists.")

    async def add(self, repository: Repository[E], entity: E) -> E:
        await repository.add(entity)
        await self._record(None, entity)
        return entity

    async def replace(self, repository: Repository[E], before: E, after: E) -> E:
        """Store, record and publish `after` unless it is `before` unchanged."""
        if after is not before:
            await repository.save(after)
            await self._record(before, after)
        return after

    async def _record(self, before: SettingsEntity | None, after: SettingsEntity) -> None:
        """The audit entry and the event of a change, in its transaction: all three or none."""
        await self.changes.add(change_of(before, after, actor=self.actor, at=datetime.now(UTC)))
        await self.outbox.add_event(
            self.session, after.as_event(), key=str(after.entity_id), clinic_id=after.clinic_id, actor=self.actor
        )


@asynccontextmanager
async def unit_of_work(runtime: ServiceRuntime) -> AsyncIterator[SettingsUnitOfWork]:
    try:
        async with runtime.sessions.begin() as session:
            yield SettingsUnitOfWork(session, runtime.outbox)
    except IntegrityError as clash:
        # Ids and emails are checked before writing; only a concurrent change can get here.
        raise SettingsConflict(
            "concurrent-change", "Another change to the same settings got there first; try again."
        ) from clash
