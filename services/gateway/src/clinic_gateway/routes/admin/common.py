"""What the admin routes share: the problems every one can answer, request bodies, reaching the
settings of the admin's own clinic only, and the pass-through routes to the settings service, each
declared as one row (`Creation`, `Change`) instead of written out."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from inspect import Parameter, Signature
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel, ConfigDict, TypeAdapter

from clinic_contracts.events import StaffUserChanged
from clinic_gateway.clients import Services
from clinic_gateway.clients.transport import relay
from clinic_gateway.identity import Admin, ServicesDep, not_found
from clinic_gateway.problems import NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, Example, problems

ADMIN_PROBLEMS = (*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND)
_NOT_CHANGED = "The settings were not changed"


def refused(code: str, detail: str, status: int = 422) -> Example:
    """A settings rule the settings service answers with, as the admin API documents it."""
    return Example(status, code, _NOT_CHANGED, detail)


NAME_REQUIRED = refused("name-required", "The location name must not be blank.")
LOCATION_INACTIVE = refused("location-inactive", "Harborview Pasadena is deactivated and treats no active case.")
REFERENCE_TO_ANOTHER_CLINIC = refused("reference-to-another-clinic", "The location 5f0c... belongs to another clinic.")


class AdminBody(BaseModel):
    # A misspelt field is an error, not a change silently ignored.
    model_config = ConfigDict(extra="forbid")


def examples(summary: str, value) -> dict:
    return {"example": {"summary": summary, "value": value}}


async def in_own_clinic(gateway: Services, admin: StaffUserChanged, collection: str, entity_id: UUID) -> dict:
    """An entity of the admin's clinic; another clinic's, or none, is a 404."""
    entity = await gateway.settings.entity(collection, entity_id)
    if entity is None or entity["clinic_id"] != str(admin.clinic_id):
        raise not_found(collection)
    return entity


@dataclass(frozen=True)
class Entity:
    """A kind of the clinic's entities, as the admin API and the settings service name it."""

    collection: str
    id_name: str
    document: type[BaseModel]


@dataclass(frozen=True)
class Creation:
    """`POST /{collection}`: a new entity in the admin's clinic, 201 with its `Location`."""

    name: str
    body: type[AdminBody]
    examples: dict
    refused: tuple[Example, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Change:
    """A change to one entity of the admin's clinic (another clinic's is a 404): `route` on
    `/{collection}/{id}/{aspect}`, passed to the settings service as `forwarded_as` (its method and
    aspect; by default the same). A PATCH sends only the fields the caller gave."""

    name: str
    route: str
    aspect: str
    body: Any
    examples: dict
    refused: tuple[Example, ...] = ()
    doc: str = ""
    body_max_length: int | None = None
    forwarded_as: tuple[str, str] | None = None


def add_routes(router: APIRouter, entity: Entity, *routes: Creation | Change) -> None:
    """The admin routes of one kind of entity, each a pass-through to the settings service."""
    for route in routes:
        if isinstance(route, Creation):
            _add_creation(router, entity, route)
        else:
            _add_change(router, entity, route)


def _add_creation(router: APIRouter, entity: Entity, creation: Creation) -> None:
    async def create(body: BaseModel, admin: StaffUserChanged, gateway: Services) -> Response:
        path = f"/clinics/{admin.clinic_id}/{entity.collection}"
        answer = await gateway.settings.change("POST", path, body.model_dump(mode="json"))
        response = relay(answer)
        if answer.status_code == 201:
            response.headers["Location"] = f"/api/admin/{entity.collection}/{answer.json()[entity.id_name]}"
        return response

    body = Parameter(
        "body", Parameter.KEYWORD_ONLY, annotation=Annotated[creation.body, Body(openapi_examples=creation.examples)]
    )
    endpoint = _endpoint(creation.name, creation.doc, [body, *_CALLER], create)
    responses = problems(*ADMIN_PROBLEMS, *creation.refused)
    router.post(f"/{entity.collection}", status_code=201, response_model=entity.document, responses=responses)(endpoint)


def _add_change(router: APIRouter, entity: Entity, change: Change) -> None:
    method, aspect = change.forwarded_as or (change.route, change.aspect)
    body_type = TypeAdapter(change.body)

    async def apply(body: Any, admin: StaffUserChanged, gateway: Services, **path: UUID) -> Response:
        entity_id = path[entity.id_name]
        await in_own_clinic(gateway, admin, entity.collection, entity_id)
        sent = body_type.dump_python(body, mode="json", exclude_unset=method == "PATCH")
        target = f"/{entity.collection}/{entity_id}" + (f"/{aspect}" if aspect else "")
        return relay(await gateway.settings.change(method, target, sent))

    limits = {"max_length": change.body_max_length} if change.body_max_length else {}
    body = Annotated[change.body, Body(openapi_examples=change.examples, **limits)]
    parameters = [
        Parameter(entity.id_name, Parameter.KEYWORD_ONLY, annotation=UUID),
        Parameter("body", Parameter.KEYWORD_ONLY, annotation=body),
    ]
    endpoint = _endpoint(change.name, change.doc, [*parameters, *_CALLER], apply)
    path = f"/{entity.collection}/{{{entity.id_name}}}" + (f"/{change.aspect}" if change.aspect else "")
    responses = problems(*ADMIN_PROBLEMS, *change.refused)
    router.api_route(path, methods=[change.route], response_model=entity.document, responses=responses)(endpoint)


_CALLER = [
    Parameter("admin", Parameter.KEYWORD_ONLY, annotation=Admin),
    Parameter("gateway", Parameter.KEYWORD_ONLY, annotation=ServicesDep),
]


def _endpoint(name: str, doc: str, parameters: list[Parameter], act: Callable[..., Awaitable[Response]]) -> Callable:
    """A route function FastAPI reads as if written out: its name (the operation's), its docstring
    and its parameters (path, body and the admin) come from the table, its work from `act`."""

    async def endpoint(**arguments: Any) -> Response:
        return await act(**arguments)

    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = doc or None
    endpoint.__signature__ = Signature(parameters, return_annotation=Response)  # type: ignore[attr-defined]
    return endpoint
