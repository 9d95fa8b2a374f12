"""Calling the back-end services: timeouts on every call, retries only on safe reads, and on each
call an actor token saying, for this service only, whom the call is made for."""

import asyncio
import copy

import httpx
from fastapi import Response

from servicekit.actor_tokens import Actor, ActorTokenSigner
from servicekit.problems import Problem

READ_ATTEMPTS = 2
# A service's answer passed on keeps these headers besides its content type (a 429's back-off).
PASSED_ON_HEADERS = ("retry-after",)


class ServiceClient:
    def __init__(self, name: str, base_url: str, timeout_seconds: float, signer: ActorTokenSigner) -> None:
        self.name = name
        self.http = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout_seconds))
        self.signer = signer
        # None only for the health probes, which every service answers without a token.
        self.actor: Actor | None = None

    def acting_for(self, actor: Actor) -> "ServiceClient":
        """The same connection pool, calling as `actor`."""
        bound = copy.copy(self)
        bound.actor = actor
        return bound

    def _signed(self, kwargs: dict) -> dict:
        if self.actor is None:
            return kwargs
        headers = dict(kwargs.pop("headers", None) or {})
        headers["Authorization"] = f"Bearer {self.signer.token(self.actor, audience=self.name)}"
        return {**kwargs, "headers": headers}

    async def get(self, path: str, **kwargs) -> httpx.Response:
        """A safe read: tried again once when the connection failed, but not after a service that
        answered too slowly (waiting for it twice would double the time a page hangs)."""
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                return await self.http.get(path, **self._signed(kwargs))
            except httpx.TransportError as error:
                slow = isinstance(error, httpx.TimeoutException) and not isinstance(error, httpx.ConnectTimeout)
                if slow or attempt == READ_ATTEMPTS:
                    raise self._unavailable(error) from error
                await asyncio.sleep(0.1)
        raise AssertionError("unreachable")

    async def send(self, method: str, path: str, **kwargs) -> httpx.Response:
        """An unsafe call: never retried, since the service may have acted before failing."""
        try:
            return await self.http.request(method, path, **self._signed(kwargs))
        except httpx.TransportError as error:
            raise self._unavailable(error) from error

    async def get_json(self, path: str, **kwargs):
        """The body of a successful read; a service's problem is passed on as it is."""
        response = await self.get(path, **kwargs)
        if response.status_code >= 400:
            raise PassedOn(response)
        return response.json()

    def _unavailable(self, error: Exception) -> Problem:
        return Problem(
            503,
            "service-unavailable",
            "A part of the system is not answering",
            f"The {self.name} service did not answer ({type(error).__name__}). Try again shortly.",
        )

    async def close(self) -> None:
        await self.http.aclose()


class PassedOn(Exception):
    """A service's own answer (usually a problem document) that the gateway hands back unchanged."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def relay(response: httpx.Response) -> Response:
    return Response(
        content=response.content,
        status_code=response.status_code,
        media_type=response.headers.get("content-type"),
        headers={name: response.headers[name] for name in PASSED_ON_HEADERS if name in response.headers},
    )
