from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clinic_settings.adapters.orm import credentials
from clinic_settings.domain.credentials import Credentials, UserKind


def _credentials(row) -> Credentials:
    return Credentials(
        user_id=row.user_id,
        clinic_id=row.clinic_id,
        kind=UserKind(row.kind),
        email=row.email,
        password_hash=row.password_hash,
    )


class CredentialsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def with_email(self, email: str, clinic_id: UUID | None = None) -> list[Credentials]:
        query = select(credentials).where(credentials.c.email == email).order_by(credentials.c.user_id)
        if clinic_id is not None:
            query = query.where(credentials.c.clinic_id == clinic_id)
        return [_credentials(row) for row in await self.session.execute(query)]

    async def of_user(self, user_id: UUID) -> Credentials | None:
        row = (await self.session.execute(select(credentials).where(credentials.c.user_id == user_id))).one_or_none()
        return None if row is None else _credentials(row)

    async def add(self, entry: Credentials) -> None:
        await self.session.execute(
            insert(credentials).values(
                user_id=entry.user_id,
                clinic_id=entry.clinic_id,
                kind=entry.kind.value,
                email=entry.email,
                password_hash=entry.password_hash,
            )
        )

    async def change_email(self, user_id: UUID, email: str) -> None:
        await self.session.execute(update(credentials).where(credentials.c.user_id == user_id).values(email=email))

    async def change_password_hash(self, user_id: UUID, password_hash: str) -> None:
        await self.session.execute(
            update(credentials).where(credentials.c.user_id == user_id).values(password_hash=password_hash)
        )
