"""The shape of servicekit's ASGI middlewares: they act on HTTP calls only."""

from starlette.types import ASGIApp, Receive, Scope, Send


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
