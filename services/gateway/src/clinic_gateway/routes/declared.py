"""Routes declared as rows of a table rather than written out one by one, where many routes differ
only in their path, body and documentation (the admin's settings pass-throughs, the request
workflow's steps)."""

from collections.abc import Awaitable, Callable
from inspect import Parameter, Signature
from typing import Any

from fastapi import Response


def declared_route(
    name: str, doc: str, parameters: list[Parameter], act: Callable[..., Awaitable[Response]]
) -> Callable:
    """A route function FastAPI reads as if written out: its name (the operation's), its docstring
    and its parameters (path, body, caller) come from a table's row, its work from `act`."""

    async def endpoint(**arguments: Any) -> Response:
        return await act(**arguments)

    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = doc or None
    endpoint.__signature__ = Signature(parameters, return_annotation=Response)  # type: ignore[attr-defined]
    return endpoint
