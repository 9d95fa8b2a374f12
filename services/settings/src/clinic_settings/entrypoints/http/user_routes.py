"""What the portal and staff users' routes add to every entity's: an operator's job may create one
with a password, or set one (access.OPERATOR_ONLY); a clinic invites people instead."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.staff_user import StaffUser
from clinic_settings.entrypoints.http.common import NewPassword, Passwords, RequestBody
from clinic_settings.entrypoints.http.entity_routes import Part, PathId, entity_router, new_entity
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import users


def user_router(
    user_type: type[PortalUser] | type[StaffUser],
    collection: str,
    *,
    new: type[RequestBody],
    change: type[RequestBody],
    parts: tuple[Part, ...] = (),
) -> APIRouter:
    router = entity_router(user_type, collection, change=change, parts=parts)
    name = user_type.kind.replace("-", "_")

    async def add(clinic_id: UUID, body: new, uow: UnitOfWork, passwords: Passwords) -> Any:  # type: ignore[valid-type]
        fields = dict(body)
        password = fields.pop("password")
        user = new_entity(user_type, clinic_id, fields)
        return (await users.add_user_with_password(uow, passwords, user, password)).as_event()

    async def set_password(
        user_id: PathId(user_type),  # type: ignore[valid-type]
        body: NewPassword,
        uow: UnitOfWork,
        passwords: Passwords,
    ) -> None:
        await users.change_password(uow, passwords, user_type.user_kind, user_id, body.password)

    router.add_api_route(
        f"/clinics/{{clinic_id}}/{collection}",
        add,
        methods=["POST"],
        status_code=201,
        response_model=user_type.event,
        name=f"add_{name}",
    )
    router.add_api_route(
        f"/{collection}/{{{user_type.id_field}}}/password",
        set_password,
        methods=["PUT"],
        status_code=204,
        name="set_password",
    )
    return router
