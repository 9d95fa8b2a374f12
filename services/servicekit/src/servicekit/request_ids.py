"""One id for each call from outside, so what went wrong can be found in every service's log.

The gateway gives every call it receives an id of its own making (a client's header is not taken:
anyone could write anything in it), names it in each call it makes to a service for it, and answers
with it (`X-Request-Id`). A service takes the id it is called with, or makes one when called by an
operator's job. The id is in the log line of every failure and in every 5xx problem
(`request_id`), so someone who reports "it said internal error, request id …" can be helped.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http_middleware import HttpMiddleware

HEADER = "X-Request-Id"
# An id written into logs: only what an id of ours can look like, never a line break.
_WELL_FORMED = re.compile(r"[A-Za-z0-9-]{8,64}")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Call:
    """The call being answered: its id, and the path it was made to."""

    request_id: str
    path: str


_current: ContextVar[Call | None] = ContextVar("current_call", default=None)


def current_call() -> Call | None:
    """The call this code runs for, or None outside one (a consumer, a job)."""
    return _current.get()


def current_request_id() -> str | None:
    call = _current.get()
    return call.request_id if call else None


class RequestIds(HttpMiddleware):
    """Names each call's id in its answer, and logs every answer of 5xx with it."""

    def __init__(self, app: ASGIApp, *, from_caller: bool) -> None:
        """`from_caller`: take the id the caller sent (a service, called by the gateway)."""
        super().__init__(app)
        self.from_caller = from_caller

    def _id_for(self, scope: Scope) -> str:
        sent = Headers(scope=scope).get(HEADER, "") if self.from_caller else ""
        return sent if _WELL_FORMED.fullmatch(sent) else str(uuid.uuid4())

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        call = Call(self._id_for(scope), scope["path"])

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = call.request_id
                if message["status"] >= 500:
                    log.warning(
                        "%s %s answered %s (request id %s)",
                        scope["method"],
                        call.path,
                        message["status"],
                        call.request_id,
                    )
            await send(message)

        token = _current.set(call)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _current.reset(token)
