"""Storing one-time links (orm.one_time_links), one purpose per repository: an invitation's id
never finds a password reset, and the other way round."""

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters.orm import one_time_links as table
from clinic_settings.domain.credentials import UserKind
from clinic_settings.domain.one_time_links import LinkPurpose, OneTimeLink
from servicekit.db import aware_utc

_MOMENTS = ("created_at", "expires_at", "used_at", "revoked_at")


def _link(row) -> OneTimeLink:
    values = dict(row)
    values.update({name: aware_utc(values[name]) for name in _MOMENTS})
    values["purpose"], values["user_kind"] = LinkPurpose(values["purpose"]), UserKind(values["user_kind"])
    return OneTimeLink(**values)


class OneTimeLinksRepository:
    def __init__(self, session: AsyncSession, purpose: LinkPurpose) -> None:
        self.session = session
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
        query = self._select().where(table.c.clinic_id == clinic_id).order_by(table.c.created_at.desc())
        return [_link(row) for row in (await self.session.execute(query)).mappings()]

    async def of_user(self, user_id: UUID, *, for_update: bool = False) -> list[OneTimeLink]:
        query = self._select().where(table.c.user_id == user_id)
        rows = await self.session.execute(query.with_for_update() if for_update else query)
        return [_link(row) for row in rows.mappings()]

    async def add(self, link: OneTimeLink) -> None:
        await self.session.execute(insert(table).values(**self._row(link)))

    async def save(self, link: OneTimeLink) -> None:
        await self.session.execute(update(table).where(table.c.link_id == link.link_id).values(**self._row(link)))

    async def _one(self, query) -> OneTimeLink | None:
        row = (await self.session.execute(query)).mappings().one_or_none()
        return None if row is None else _link(row)

    @staticmethod
    def _row(link: OneTimeLink) -> dict:
        return {
            "link_id": link.link_id,
            "clinic_id": link.clinic_id,
            "purpose": link.purpose.value,
            "user_kind": link.user_kind.value,
            "user_id": link.user_id,
            "token_hash": link.token_hash,
            **{name: getattr(link, name) for name in _MOMENTS},
        }
