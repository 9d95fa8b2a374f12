"""Security headers on every HTTP answer, set in one place for the gateway and every service.

A route that sets one of these itself keeps its own (the pages' strict CSP and their
`Cache-Control: no-cache`); everything else gets the defaults below.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from servicekit.http_middleware import HttpMiddleware

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # API answers carry patient data: no browser or proxy may keep a copy.
    "Cache-Control": "no-store",
}
# A JSON document is never a page, so it may load nothing at all; other answers (Swagger's /docs)
# are only kept out of frames.
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"
OTHER_POLICY = "frame-ancestors 'none'"


class SecurityHeaders(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                is_json = "json" in headers.get("content-type", "")
                headers.setdefault("Content-Security-Policy", JSON_POLICY if is_json else OTHER_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
