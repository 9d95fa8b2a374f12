"""The clinic settings a service decides by, read from its replica of the settings topics
(servicekit.settings_replica), one typed reader per kind of setting.

One unit of work's reads: each setting is read once (a unit of work judges by one view of them),
and `load` reads several in one query, which the readers then answer from.
"""

from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Generic, TypeVar, cast
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from servicekit.errors import DomainError
from servicekit.settings_replica import SettingsReplica

S = TypeVar("S", bound=StateEvent)


class _Reader(Generic[S]):
    """A typed reader of one kind: `settings.case(case_id)` is `settings.one(PatientCaseChanged, case_id)`."""

    def __init__(self, model: type[S]) -> None:
        self.model = model

    def __get__(self, settings: "ReplicatedSettings", owner: type | None = None) -> Callable[[UUID], Awaitable[S]]:
        return partial(settings.one, self.model)


class UnknownSetting(DomainError, LookupError):
    """The replica holds no such entity: a wrong id, or one the settings topics have not brought yet.
    `kind` is spelt as the problem codes spell it ("visit-type": `unknown-visit-type`)."""

    title = "The request refers to something unknown"

    def __init__(self, kind: str, entity_id: UUID, service: str) -> None:
        kind = kind.replace("_", "-")
        message = f"No {kind.replace('-', ' ')} with id {entity_id} is known to the {service} service."
        super().__init__(message, code=f"unknown-{kind}")
        self.kind = kind
        self.entity_id = entity_id


class ReplicatedSettings:
    """`service` names this service in what UnknownSetting says ("the request service")."""

    def __init__(self, session: AsyncSession, replica: SettingsReplica, service: str) -> None:
        self.session = session
        self.replica = replica
        self.service = service
        self._read: dict[tuple[type[StateEvent], str], StateEvent | None] = {}

    async def load(self, *wanted: tuple[str, UUID], their_clinics: bool = False) -> None:
        """Reads these (`("case", id)`, ...) in one query; those already read are not read again.
        With `their_clinics`, the clinic of each one found is read in the same query."""
        keys = [(MODELS[kind], str(entity_id)) for kind, entity_id in wanted]
        missing = list(dict.fromkeys(key for key in keys if key not in self._read))
        found = await self.replica.get_many(self.session, missing, their_clinics=their_clinics)
        for key in missing:
            self._read[key] = found.get(key)
        for key, state in found.items():
            self._read.setdefault(key, state)  # their clinics

    async def one(self, model: type[S], entity_id: UUID) -> S:
        key = (model, str(entity_id))
        if key not in self._read:
            self._read[key] = await self.replica.get(self.session, model, key[1])
        state = self._read[key]
        if state is None:
            raise UnknownSetting(_KINDS[model], entity_id, self.service)
        return cast(S, state)

    clinic = _Reader(ClinicSettingsChanged)
    location = _Reader(LocationChanged)
    therapist = _Reader(TherapistChanged)
    visit_type = _Reader(VisitTypeChanged)
    patient = _Reader(PatientChanged)
    case = _Reader(PatientCaseChanged)
    staff_user = _Reader(StaffUserChanged)
    portal_user = _Reader(PortalUserChanged)

    async def all_of(self, model: type[S], clinic_id: UUID, *, where: Mapping[str, str] | None = None) -> list[S]:
        """The clinic's entities of this kind (SettingsReplica.all_of)."""
        return await self.replica.all_of(self.session, model, clinic_id, where=where)


# The model of each kind of setting, by the name of its reader (and of `load`'s kinds).
MODELS: dict[str, type[StateEvent]] = {
    name: reader.model for name, reader in vars(ReplicatedSettings).items() if isinstance(reader, _Reader)
}
_KINDS = {model: kind for kind, model in MODELS.items()}
