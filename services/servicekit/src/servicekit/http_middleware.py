"""The shape of servicekit's ASGI middlewares: they act on HTTP calls only."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpMiddleware:
    """Any other scope (the lifespan) passes straight through, and so does a call `passes` lets by;
    `handle` does the middleware's work on every other call."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.passes(scope):
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    def passes(self, scope: Scope) -> bool:
        return False

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class NotingSend:
    """`send`, noting whether the response has started: after that, an error can no longer be
    answered with another response (the server closes the connection instead)."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        await self.send(message)
