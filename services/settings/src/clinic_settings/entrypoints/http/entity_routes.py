"""The routes every kind of settings entity has, made once: add one to a clinic, list a clinic's,
read one, change one (PATCH), and set one part of it (`PUT /locations/{location_id}/closures`).
A path names the entity by its own id field (`/locations/{location_id}`),
which the access guard (access.py) and the OpenAPI document go by. Each answer is the entity's
contract event."""

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from uuid import UUID, uuid4

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel

from clinic_settings.domain.entity import SettingsEntity
from clinic_settings.entrypoints.http.common import RequestBody, changes_in
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import entities

E = TypeVar("E", bound=SettingsEntity)


def PathId(entity_type: type[SettingsEntity]) -> Any:
    """A path parameter named as the entity's own id field, such as `location_id`."""
    return Annotated[UUID, Path(alias=entity_type.id_field)]


def new_entity(entity_type: type[E], clinic_id: UUID, fields: dict[str, Any]) -> E:
    """The entity a creation body's fields describe; with a new id unless the body brings one."""
    entity_id = fields.pop(entity_type.id_field, None) or uuid4()
    return entity_type(**{entity_type.id_field: entity_id}, clinic_id=clinic_id, **fields)


@dataclass(frozen=True)
class Part:
    """`PUT /{collection}/{id}/{segment}` sets `field` to the body, or to a body model's one value;
    with no `field`, a body model sets each of its fields."""

    segment: str
    body: Any
    field: str | None = None
    description: str | None = None

    def changes(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, BaseModel):
            return {str(self.field): body}
        values = dict(body)
        return values if self.field is None else {self.field: next(iter(values.values()))}


def entity_router(
    entity_type: type[SettingsEntity],
    collection: str,
    *,
    change: type[RequestBody],
    new: type[RequestBody] | None = None,
    listed: bool = True,
    parts: tuple[Part, ...] = (),
) -> APIRouter:
    """`collection` is the path's plural ("visit-types"); `new` None: the kind's module adds them
    itself (a user comes with a password, a clinic with no clinic above it)."""
    router = APIRouter(tags=[collection.replace("-", " ")])
    event = entity_type.event
    name = entity_type.kind.replace("-", "_")
    one = f"/{collection}/{{{entity_type.id_field}}}"
    EntityId = PathId(entity_type)

    if new is not None:

        async def add(clinic_id: UUID, body: new, uow: UnitOfWork) -> Any:  # type: ignore[valid-type]
            return (await entities.add(uow, new_entity(entity_type, clinic_id, dict(body)))).as_event()

        router.add_api_route(
            f"/clinics/{{clinic_id}}/{collection}",
            add,
            methods=["POST"],
            status_code=201,
            response_model=event,
            name=f"add_{name}",
        )

    if listed:

        async def list_all(clinic_id: UUID, uow: UnitOfWork) -> Any:
            return [entity.as_event() for entity in await entities.of_clinic(uow, entity_type, clinic_id)]

        router.add_api_route(
            f"/clinics/{{clinic_id}}/{collection}",
            list_all,
            response_model=list[event],  # type: ignore[valid-type]
            name=f"list_{name}s",
        )

    async def get(entity_id: EntityId, uow: UnitOfWork) -> Any:
        return (await entities.one(uow, entity_type, entity_id)).as_event()

    async def patch(entity_id: EntityId, body: change, uow: UnitOfWork) -> Any:  # type: ignore[valid-type]
        return (await entities.change(uow, entity_type, entity_id, **changes_in(body))).as_event()

    router.add_api_route(one, get, response_model=event, name=f"get_{name}")
    router.add_api_route(one, patch, methods=["PATCH"], response_model=event, name=f"change_{name}")
    for part in parts:
        _add_part(router, entity_type, f"{one}/{part.segment}", part)
    return router


def _add_part(router: APIRouter, entity_type: type[SettingsEntity], path: str, part: Part) -> None:
    async def put(
        entity_id: PathId(entity_type),  # type: ignore[valid-type]
        body: Annotated[part.body, Body()],  # type: ignore[name-defined]
        uow: UnitOfWork,
    ) -> Any:
        return (await entities.change(uow, entity_type, entity_id, **part.changes(body))).as_event()

    router.add_api_route(
        path,
        put,
        methods=["PUT"],
        response_model=entity_type.event,
        name=f"set_{part.segment.replace('-', '_')}",
        description=part.description,
    )
