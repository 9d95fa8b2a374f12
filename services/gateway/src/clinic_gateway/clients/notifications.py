"""The notifications service: the clinic's emails and each person's delivery choice."""

from typing import Any
from uuid import UUID

from clinic_gateway.clients.transport import Relayed, ServiceClient
from clinic_gateway.documents import Delivery, DeliveryPreference, EmailPage, EmailRecord


class NotificationsClient(ServiceClient):
    async def emails(self, clinic_id: UUID, **params: Any) -> EmailPage:
        return await self.read(EmailPage, f"/clinics/{clinic_id}/emails", params=params)

    async def retry(self, clinic_id: UUID, email_id: UUID) -> Relayed[EmailRecord]:
        return await self.write(EmailRecord, "POST", f"/clinics/{clinic_id}/emails/{email_id}/retry")

    async def preferences(self) -> DeliveryPreference:
        """The caller's own choice (the actor token says whose)."""
        return await self.read(DeliveryPreference, "/preferences/me")

    async def choose(self, delivery: Delivery) -> Relayed[DeliveryPreference]:
        return await self.write(DeliveryPreference, "PUT", "/preferences/me", json={"delivery": delivery})
