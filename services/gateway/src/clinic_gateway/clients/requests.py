"""The request service: appointment requests as this caller may see them (the actor token says who)."""

from typing import Any
from uuid import UUID

import httpx

from clinic_gateway.clients.transport import Relayed, ServiceClient
from clinic_gateway.documents import (
    AppointmentRequestWithHistory,
    PendingCount,
    RequestPage,
    SeriesDecisionOutcomes,
    Waitlist,
    WaitlistEntry,
)

# Changes wait this long for the calendar's answer before answering with the current state.
SETTLE_SECONDS = 2


def _settling(settle: bool) -> dict[str, int] | None:
    return {"wait_seconds": SETTLE_SECONDS} if settle else None


class RequestsClient(ServiceClient):
    async def request(self, request_id: UUID, unseen: tuple[int, ...] = (404,)) -> AppointmentRequestWithHistory | None:
        """The request, if this caller may see it; None when the service answers one of `unseen`."""
        answer = await self.get(f"/requests/{request_id}")
        return None if answer.status_code in unseen else self.checked(AppointmentRequestWithHistory, answer)

    async def page(self, **params: Any) -> RequestPage:
        return await self.read(RequestPage, "/requests", params=params)

    async def pending_count(self, **params: Any) -> PendingCount:
        return await self.read(PendingCount, "/requests/pending-count", params=params)

    async def act(
        self, request_id: UUID, action: str, body: Any = None, *, settle: bool
    ) -> Relayed[AppointmentRequestWithHistory]:
        """One step of the workflow (`approve`, `decline`, `offer/accept`, ...) on one request."""
        path = f"/requests/{request_id}/{action}"
        return await self.write(AppointmentRequestWithHistory, "POST", path, params=_settling(settle), json=body)

    async def decide_series(self, series_id: UUID, decisions: Any) -> Relayed[SeriesDecisionOutcomes]:
        path = f"/requests/series/{series_id}/decisions"
        return await self.write(SeriesDecisionOutcomes, "POST", path, params=_settling(True), json=decisions)

    async def waitlist(self, **params: str) -> Waitlist:
        """The waiting entries this caller may see, in the clinic's order."""
        return await self.read(Waitlist, "/waitlist", params=params)

    async def join_waitlist(self, windows: dict[str, Any]) -> Relayed[WaitlistEntry]:
        return await self.write(WaitlistEntry, "POST", "/waitlist", json=windows)

    async def leave_waitlist(self, entry_id: UUID) -> Relayed[WaitlistEntry]:
        return await self.write(WaitlistEntry, "POST", f"/waitlist/{entry_id}/leave")

    async def set_priority(self, entry_id: UUID, priority: int) -> Relayed[WaitlistEntry]:
        return await self.write(WaitlistEntry, "PUT", f"/waitlist/{entry_id}/priority", json={"priority": priority})

    async def submit(self, path: str, submission: Any, seen: dict[str, str], *, settle: bool) -> httpx.Response:
        """A portal submission with the settings revisions it was judged by; the caller reads the
        answer, whose status says whether the workflow has settled."""
        return await self.send("POST", path, params=_settling(settle), json=submission, headers=seen)
