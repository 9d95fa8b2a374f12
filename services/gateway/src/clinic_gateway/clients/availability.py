"""The availability service: slots, calendars and appointments, as this caller may see them."""

from typing import Any
from uuid import UUID

import httpx

from clinic_gateway.clients.transport import Relayed, ServiceClient
from clinic_gateway.documents import Appointment, CalendarView, SeriesPreview, Slots, Snapshot


class AvailabilityClient(ServiceClient):
    async def slots(self, **params: str) -> Slots:
        return await self.read(Slots, "/slots", params=params)

    async def relayed_slots(self, **params: str) -> "Relayed[Slots]":
        """The slots checked against their document and passed on as sent: a fortnight's list is
        some 280 slots, and writing them out again was a tenth of the gateway's CPU for the call."""
        return Relayed(*await self.read_as_sent(Slots, "/slots", params=params))

    async def calendar(self, **params: Any) -> CalendarView:
        return await self.read(CalendarView, "/calendar", params=params)

    async def snapshot(self, **params: str) -> Snapshot:
        return await self.read(Snapshot, "/calendar/snapshot", params=params)

    async def series_preview(self, asked: dict[str, Any]) -> Relayed[SeriesPreview]:
        return await self.write(SeriesPreview, "POST", "/series-preview", json=asked)

    async def book(self, booking: dict[str, Any]) -> Relayed[Appointment]:
        return await self.write(Appointment, "POST", "/appointments", json=booking)

    async def cancel(self, appointment_id: UUID) -> Relayed[Appointment] | None:
        """None: no appointment this caller may see (availability's 404)."""
        answer = await self.send("POST", f"/appointments/{appointment_id}/cancel")
        return None if answer.status_code == 404 else Relayed(self.checked(Appointment, answer), answer)

    async def therapist_calendar(
        self, method: str, therapist_id: UUID, aspect: str, body: Any = None
    ) -> httpx.Response:
        """A therapist's `working-hours/{location}` or `time-off`, read (GET) or replaced (PUT); the
        caller decides what a 404 means (the calendar may not have caught up with the settings)."""
        path = f"/therapists/{therapist_id}/{aspect}"
        return await (self.get(path) if method == "GET" else self.send(method, path, json=body))
