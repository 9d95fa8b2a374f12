"""Storing one-time links (orm.one_time_links), one purpose per repository: an invitation's id
never finds a password reset, and the other way round."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters.orm import one_time_links as table
from clinic_settings.adapters.rows_repository import RowsRepository
from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.one_time_links import LinkPurpose, OneTimeLink
from servicekit.db import aware_utc

_MOMENTS = ("created_at", "expires_at", "used_at", "revoked_at")


class OneTimeLinksRepository(RowsRepository[OneTimeLink]):
    table = table
    key = "link_id"

    def __init__(self, session: AsyncSession, purpose: LinkPurpose) -> None:
        super().__init__(session)
        self.purpose = purpose
        # The name in error codes, as for settings entities: "invitation-not-found".
        self.kind = purpose.value

    def _select(self):
        return select(table).where(table.c.purpose == self.purpose.value)

    async def get(self, link_id: UUID, *, for_update: bool = False) -> OneTimeLink | None:
        query = self._select().where(table.c.link_id == link_id)
        return await self._one(query.with_for_update() if for_update else query)

    async def with_token_hash(self, token_hash: str, *, for_update: bool = False) -> OneTimeLink | None:
        query = self._select().where(table.c.token_hash == token_hash)
        return await self._one(query.with_for_update() if for_update else query)

    async def of_clinic(self, clinic_id: UUID) -> list[OneTimeLink]:
        return await self._all(self._select().where(table.c.clinic_id == clinic_id).order_by(table.c.created_at.desc()))

    async def of_user(self, user_id: UUID, *, for_update: bool = False) -> list[OneTimeLink]:
        query = self._select().where(table.c.user_id == user_id)
        return await self._all(query.with_for_update() if for_update else query)

    def _object(self, row) -> OneTimeLink:
        values = dict(row)
        values.update({name: aware_utc(values[name]) for name in _MOMENTS})
        values["purpose"], values["user_kind"] = LinkPurpose(values["purpose"]), UserKind(values["user_kind"])
        return OneTimeLink(**values)

    def _row(self, link: OneTimeLink) -> dict:
        return {
            "link_id": link.link_id,
            "clinic_id": link.clinic_id,
            "purpose": link.purpose.value,
            "user_kind": link.user_kind.value,
            "user_id": link.user_id,
            "token_hash": link.token_hash,
            **{name: getattr(link, name) for name in _MOMENTS},
        }
