"""The admin routes that pass a change straight to the settings service (which decides every
rule), each declared as one row (`Creation`, `Change`) of its kind of entity (`Entity`) instead of
written out: the same shape forty times over was forty places to drift."""

from dataclasses import dataclass
from inspect import Parameter
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel, TypeAdapter

from clinic_contracts.events import StaffUserChanged
from clinic_gateway.clients import Services
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.problems import Example, problems
from clinic_gateway.routes.admin.common import ADMIN_PROBLEMS, AdminBody, in_own_clinic
from clinic_gateway.routes.declared import declared_route


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
        created = await gateway.settings.change(entity.document, "POST", path, body.model_dump(mode="json"))
        response = created.response()
        if created.answer.status_code == 201:
            response.headers["Location"] = f"/api/admin/{entity.collection}/{getattr(created.document, entity.id_name)}"
        return response

    body = Parameter(
        "body", Parameter.KEYWORD_ONLY, annotation=Annotated[creation.body, Body(openapi_examples=creation.examples)]
    )
    endpoint = declared_route(creation.name, creation.doc, [body, *_CALLER], create)
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
        return (await gateway.settings.change(entity.document, method, target, sent)).response()

    limits = {"max_length": change.body_max_length} if change.body_max_length else {}
    body = Annotated[change.body, Body(openapi_examples=change.examples, **limits)]
    parameters = [
        Parameter(entity.id_name, Parameter.KEYWORD_ONLY, annotation=UUID),
        Parameter("body", Parameter.KEYWORD_ONLY, annotation=body),
    ]
    endpoint = declared_route(change.name, change.doc, [*parameters, *_CALLER], apply)
    path = f"/{entity.collection}/{{{entity.id_name}}}" + (f"/{change.aspect}" if change.aspect else "")
    responses = problems(*ADMIN_PROBLEMS, *change.refused)
    router.api_route(path, methods=[change.route], response_model=entity.document, responses=responses)(endpoint)


_CALLER = [
    Parameter("admin", Parameter.KEYWORD_ONLY, annotation=Admin),
    Parameter("gateway", Parameter.KEYWORD_ONLY, annotation=ServicesDep),
]
