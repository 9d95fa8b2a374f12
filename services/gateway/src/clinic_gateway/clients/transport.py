"""Calling the back-end services: timeouts on every call, retries only on safe reads, and on each
call an actor token saying, for this service only, whom the call is made for, the request id
of the call it is made for, and its trace context (servicekit.http_tracing)."""

import asyncio
import copy
import functools
import json
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

import httpx
from fastapi import FastAPI, Request, Response
from pydantic import TypeAdapter, ValidationError

from servicekit.actor_tokens import Actor, ActorTokenSigner
from servicekit.http_tracing import TracedTransport
from servicekit.problems import PROBLEM_MEDIA_TYPE, Problem, problem_response
from servicekit.request_ids import HEADER as REQUEST_ID
from servicekit.request_ids import current_call

D = TypeVar("D")
READ_ATTEMPTS = 2
# A service's answer passed on keeps these headers besides its content type (a 429's back-off).
PASSED_ON_HEADERS = ("retry-after",)


class ServiceClient:
    def __init__(
        self,
        name: str,
        base_url: str,
        timeout_seconds: float,
        signer: ActorTokenSigner,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.http = httpx.AsyncClient(
            base_url=base_url, timeout=httpx.Timeout(timeout_seconds), transport=transport or TracedTransport(name)
        )
        self.signer = signer
        # None only for the health probes, which every service answers without a token.
        self.actor: Actor | None = None

    def acting_for(self, actor: Actor) -> Self:
        """The same connection pool, calling as `actor`."""
        bound = copy.copy(self)
        bound.actor = actor
        return bound

    def _signed(self, kwargs: dict) -> dict:
        headers = dict(kwargs.pop("headers", None) or {})
        if call := current_call():
            headers[REQUEST_ID] = call.request_id
        if self.actor is not None:
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

    async def read(self, document: type[D], path: str, **kwargs) -> D:
        """A successful read as `document`; a service's problem is passed on as it is."""
        return self.checked(document, await self.get(path, **kwargs))

    async def read_as_sent(self, document: type[D], path: str, **kwargs) -> tuple[D, httpx.Response]:
        """As `read`, with the answer as it came, to pass on unchanged (`Relayed`)."""
        answer = await self.get(path, **kwargs)
        return self.checked(document, answer), answer

    async def read_found(self, document: type[D], path: str, **kwargs) -> D | None:
        """As `read`, with None for the service's 404 (the caller says what is not found)."""
        answer = await self.get(path, **kwargs)
        return None if answer.status_code == 404 else self.checked(document, answer)

    async def write(self, document: type[D], method: str, path: str, **kwargs) -> "Relayed[D]":
        """An unsafe call whose answer is checked against `document`, then passed on as sent."""
        answer = await self.send(method, path, **kwargs)
        return Relayed(self.checked(document, answer), answer)

    def checked(self, document: type[D], answer: httpx.Response) -> D:
        """The answer's body as `document`: what the gateway relays is what it documents. A problem
        is passed on; a body that is not the document is the service's failure (502)."""
        if answer.status_code >= 400:
            raise PassedOn(answer)
        try:
            return _adapter(document).validate_json(answer.content)
        except ValidationError as error:
            raise service_failed(f"The {self.name} service answered with an unexpected document.") from error

    def _unavailable(self, error: httpx.TransportError) -> Problem:
        """Not reached (503), too slow (504), or gone in the middle of its answer (502)."""
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return Problem(
                503,
                "service-unavailable",
                "A part of the system is not answering",
                f"The {self.name} service could not be reached. Try again shortly.",
            )
        if isinstance(error, httpx.TimeoutException):
            return Problem(
                504,
                "service-timed-out",
                "A part of the system is answering too slowly",
                f"The {self.name} service did not answer in time. Try again shortly; if it did what was "
                "asked meanwhile, the page shows it when reloaded.",
            )
        return service_failed(f"The {self.name} service broke off its answer. Try again shortly.")

    async def close(self) -> None:
        await self.http.aclose()


@functools.cache
def _adapter(document: Any) -> TypeAdapter:
    # Built once per document type: building an adapter costs far more than validating with it.
    return TypeAdapter(document)


@dataclass(frozen=True)
class Relayed(Generic[D]):
    """A service's successful answer, checked against its document and passed on unchanged: its
    status (a repeat's 200 where the first answer was 201) and headers stay the service's."""

    document: D
    answer: httpx.Response

    def response(self) -> Response:
        return relay(self.answer)


class PassedOn(Exception):
    """A service's own answer (usually a problem document) that the gateway hands back unchanged."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def service_failed(detail: str) -> Problem:
    return Problem(502, "service-failed", "A part of the system failed", detail)


def relay(response: httpx.Response) -> Response:
    """A service's answer, as the gateway's. A problem's `instance` becomes the path the client
    called (the service's own path means nothing outside); an error that is not a problem (a
    proxy's page, a crash before the service could answer) becomes a 502 problem."""
    headers = {name: response.headers[name] for name in PASSED_ON_HEADERS if name in response.headers}
    content_type = response.headers.get("content-type", "")
    if response.status_code < 400:
        return Response(response.content, response.status_code, headers=headers, media_type=content_type or None)
    call = current_call()
    instance = call.path if call else response.request.url.path
    try:
        problem = response.json() if content_type.startswith(PROBLEM_MEDIA_TYPE) else None
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        detail = f"A part of the system answered {response.status_code} without saying why. Try again shortly."
        return problem_response(service_failed(detail), instance)
    problem["instance"] = instance
    return Response(json.dumps(problem), response.status_code, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def install_passing_on(app: FastAPI) -> None:
    """A service's own problem, raised as `PassedOn` anywhere in a route, answers the call."""

    async def passed_on(_request: Request, passed: PassedOn) -> Response:
        return relay(passed.response)

    app.add_exception_handler(PassedOn, passed_on)  # type: ignore[arg-type]
