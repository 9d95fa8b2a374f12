"""One transaction over every settings table: a change and its events commit together or not at all.

`SettingsUnitOfWork` is what use cases see; `SqlUnitOfWork` keeps it in the service's database, and
the tests' in-memory one (tests/settings/in_memory.py) in dictionaries. Use cases open it with
`async with uow:`; a use case called inside another's transaction (an import adds many entities)
joins that transaction instead of opening its own.
"""

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clinic_settings.adapters import orm
from clinic_settings.adapters.calendar_feeds_repository import CalendarFeedsRepository
from clinic_settings.adapters.changes_repository import ChangesRepository
from clinic_settings.adapters.credentials_repository import CredentialsRepository
from clinic_settings.adapters.external_ids_repository import ExternalIdsRepository
from clinic_settings.adapters.one_time_links_repository import OneTimeLinksRepository
from clinic_settings.adapters.repository import Repository, get_each
from clinic_settings.adapters.sign_in_failures_repository import SignInFailuresRepository
from clinic_settings.domain.audit import SERVICE_ITSELF, SettingsChange, change_of
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.credentials import Credentials
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

# Each entity's repository: the unit of work's attribute, its table, and the field lists sort by.
ENTITY_REPOSITORIES: dict[type[SettingsEntity], tuple[str, str]] = {
    Clinic: ("clinics", "name"),
    Location: ("locations", "name"),
    VisitType: ("visit_types", "name"),
    Therapist: ("therapists", "name"),
    Patient: ("patients", "name"),
    PatientCase: ("patient_cases", "title"),
    PortalUser: ("portal_users", "name"),
    StaffUser: ("staff_users", "name"),
}


class EntityRepository(Protocol, Generic[E]):
    """What the service layer asks of an entity's repository, kept in a database or in memory."""

    entity: type[E]

    @property
    def kind(self) -> str: ...

    async def get(self, entity_id: UUID, *, for_update: bool = False) -> E | None: ...

    async def of_clinic(
        self, clinic_id: UUID, *, among: Collection[UUID] | None = None, for_update: bool = False, **equal_to: Any
    ) -> list[E]:
        """The clinic's entities of this kind (only those with an id `among`, when given)."""
        ...

    async def add(self, entity: E) -> None: ...

    async def save(self, entity: E) -> None: ...


class CredentialsStore(Protocol):
    async def with_email(self, email: str, clinic_id: UUID | None = None) -> list[Credentials]: ...

    async def add(self, entry: Credentials) -> None: ...

    async def change_email(self, user_id: UUID, email: str) -> None: ...

    async def change_password_hash(self, user_id: UUID, password_hash: str) -> None: ...


class ChangesStore(Protocol):
    async def add(self, change: SettingsChange) -> None: ...


class EntityNotFound(NotFound):
    """No such clinic, location, user... (`kind`) has this id."""


class SettingsUnitOfWork(ABC):
    """The transaction's repositories exist between `async with uow:` and its end."""

    clinics: EntityRepository[Clinic]
    locations: EntityRepository[Location]
    visit_types: EntityRepository[VisitType]
    therapists: EntityRepository[Therapist]
    patients: EntityRepository[Patient]
    patient_cases: EntityRepository[PatientCase]
    portal_users: EntityRepository[PortalUser]
    staff_users: EntityRepository[StaffUser]
    credentials: CredentialsStore
    changes: ChangesStore
    _depth = 0

    async def __aenter__(self) -> Self:
        if self._depth == 0:
            # Every change in this unit of work is recorded as made by the caller of this request.
            self.actor = acting_reference(otherwise=SERVICE_ITSELF)
            await self._begin()
        self._depth += 1
        return self

    async def __aexit__(
        self, error_type: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            await (self._commit() if error is None else self._rollback())

    @abstractmethod
    async def _begin(self) -> None:
        """Start a transaction and make its repositories."""

    @abstractmethod
    async def _commit(self) -> None: ...

    @abstractmethod
    async def _rollback(self) -> None: ...

    @abstractmethod
    async def _publish(self, entity: SettingsEntity) -> None:
        """Put the entity's event in the outbox, in this transaction."""

    def of(self, entity_type: type[E]) -> EntityRepository[E]:
        repository: EntityRepository[E] = getattr(self, ENTITY_REPOSITORIES[entity_type][0])
        return repository

    async def get_each(self, asked: Sequence[tuple[EntityRepository[Any], UUID]]) -> list[Any]:
        """Each entity asked for, by repository and id (None: not found). SqlUnitOfWork reads
        them all in one query."""
        return [await repository.get(entity_id) for repository, entity_id in asked]

    async def existing(self, repository: Any, entity_id: UUID, *, for_update: bool = False) -> Any:
        """The entity (or one-time link) with this id, or EntityNotFound."""
        entity = await repository.get(entity_id, for_update=for_update)
        if entity is None:
            raise EntityNotFound(repository.kind, entity_id)
        return entity

    async def clinic(self, clinic_id: UUID) -> Clinic:
        clinic: Clinic = await self.existing(self.clinics, clinic_id)
        return clinic

    async def referenced(
        self, repository: EntityRepository[E], entity_id: UUID, clinic_id: UUID, *, for_update: bool = False
    ) -> E:
        """An entity that a change points at: it must exist, in the same clinic."""
        kind = repository.kind
        entity = await repository.get(entity_id, for_update=for_update)
        if entity is None:
            raise SettingsRuleBroken(f"unknown-{kind}", f"No {kind.replace('-', ' ')} has id {entity_id}.")
        if entity.clinic_id != clinic_id:
            raise SettingsRuleBroken(
                "reference-to-another-clinic",
                f"The {kind.replace('-', ' ')} {entity_id} belongs to another clinic.",
            )
        return entity

    async def all_referenced(
        self, repository: EntityRepository[E], entity_ids: Iterable[UUID], clinic_id: UUID
    ) -> list[E]:
        return [await self.referenced(repository, entity_id, clinic_id) for entity_id in entity_ids]

    async def require_new(self, repository: EntityRepository[E], entity_id: UUID) -> None:
        """Checked before anything else, so creating the same entity again is always `...-exists`."""
        if await repository.get(entity_id) is not None:
            kind = repository.kind
            raise SettingsConflict(f"{kind}-exists", f"A {kind.replace('-', ' ')} with id {entity_id} already exists.")

    # Set by a unit of work that only reads (SqlUnitOfWork's `reading_unit_of_work`).
    reading = False

    def _writing(self) -> None:
        if self.reading:
            raise RuntimeError("A reading unit of work does not change the settings.")

    async def add(self, repository: EntityRepository[E], entity: E) -> E:
        self._writing()
        await repository.add(entity)
        await self._record(None, entity)
        return entity

    async def replace(self, repository: EntityRepository[E], before: E, after: E) -> E:
        """Store, record and publish `after` unless it is `before` unchanged."""
        if after is not before:
            self._writing()
            await repository.save(after)
            await self._record(before, after)
        return after

    async def _record(self, before: SettingsEntity | None, after: SettingsEntity) -> None:
        """The audit entry and the event of a change, in its transaction: all three or none."""
        await self.changes.add(change_of(before, after, actor=self.actor, at=datetime.now(UTC)))
        await self._publish(after)


class SqlUnitOfWork(SettingsUnitOfWork):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: Outbox, *, reading: bool = False) -> None:
        self.sessions = sessions
        self.outbox = outbox
        self.reading = reading

    async def _begin(self) -> None:
        self.session = session = self.sessions()
        for entity, (name, order_by) in ENTITY_REPOSITORIES.items():
            repository = Repository(session, getattr(orm, name), entity, order_by=order_by)
            if self.reading and (earlier := getattr(self, name, None)) is not None:
                # One request's reads (its access check, then its route): what it read a moment
                # ago is what reading again would give. Each read outside a transaction sees what
                # is committed when it runs, so a second read buys no consistency, only a query.
                repository.remember_reads_of(earlier)
            setattr(self, name, repository)
        self.credentials = CredentialsRepository(session)
        self.changes = ChangesRepository(session)
        self.sign_in_failures = SignInFailuresRepository(session)
        self.external_ids = ExternalIdsRepository(session)
        self.invitations = OneTimeLinksRepository(session, LinkPurpose.INVITATION)
        self.password_resets = OneTimeLinksRepository(session, LinkPurpose.PASSWORD_RESET)
        self.calendar_feeds = CalendarFeedsRepository(session)

    async def get_each(self, asked: Sequence[tuple[EntityRepository[Any], UUID]]) -> list[Any]:
        return await get_each(asked)  # type: ignore[arg-type]  # this unit of work's repositories

    def links(self, purpose: LinkPurpose) -> OneTimeLinksRepository:
        return self.invitations if purpose is LinkPurpose.INVITATION else self.password_resets

    async def __aexit__(
        self, error_type: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        try:
            await super().__aexit__(error_type, error, traceback)
        except IntegrityError as clash:
            raise _concurrent_change() from clash
        if self._depth == 0 and isinstance(error, IntegrityError):
            raise _concurrent_change() from error

    async def _commit(self) -> None:
        async with self.session:
            await self.session.commit()

    async def _rollback(self) -> None:
        async with self.session:
            await self.session.rollback()

    async def _publish(self, entity: SettingsEntity) -> None:
        await self.outbox.add_event(
            self.session, entity.as_event(), key=str(entity.entity_id), clinic_id=entity.clinic_id, actor=self.actor
        )


def _concurrent_change() -> SettingsConflict:
    # Ids and emails are checked before writing; only a concurrent change can get here.
    return SettingsConflict("concurrent-change", "Another change to the same settings got there first; try again.")


def unit_of_work(runtime: ServiceRuntime) -> SqlUnitOfWork:
    return SqlUnitOfWork(runtime.sessions, runtime.outbox)


def reading_unit_of_work(runtime: ServiceRuntime) -> SqlUnitOfWork:
    """For what only reads (a GET, the access check): no transaction, so no BEGIN and COMMIT round
    trips (servicekit.db.reading_session_factory). A change through it is refused before it is
    made: nothing it writes would commit together."""
    return SqlUnitOfWork(runtime.reading_sessions, runtime.outbox, reading=True)
