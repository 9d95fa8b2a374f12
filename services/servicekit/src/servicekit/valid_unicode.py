"""Every string a request carries is valid Unicode, or the request is a 422 problem.

JSON may spell a lone UTF-16 surrogate (`"\\ud800"`), and Python's JSON reader turns it into a
string that cannot be encoded again: it passes every model and then fails wherever the value is
written (a database, the body of a call to another service), as a 500. The same goes for UTF-8
bytes that are no text at all, percent-encoded in a path or query. Checked here once, in front of
every app, rather than field by field.
"""

import json
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.problems import invalid_request, problem_response

_MESSAGE = "Must be valid Unicode text (no lone surrogates, no bytes that are not UTF-8)"


def _is_text(value: str) -> bool:
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bad_strings(value, location: list) -> list[list]:
    """Where in a JSON document a string (or an object's key) is not valid Unicode."""
    if isinstance(value, str):
        return [] if _is_text(value) else [location]
    if isinstance(value, list):
        return [bad for index, item in enumerate(value) for bad in _bad_strings(item, [*location, index])]
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if not _is_text(key):
                found.append([*location, key.encode("utf-8", "replace").decode()])
            else:
                found.extend(_bad_strings(item, [*location, key]))
        return found
    return []


def _not_utf8(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _bad_url_parts(scope: Scope) -> list[list]:
    found = []
    if _not_utf8(scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")):
        found.append(["path"])
    for pair in scope.get("query_string", b"").split(b"&"):
        name, _, value = pair.partition(b"=")
        if _not_utf8(name.replace(b"+", b" ")) or _not_utf8(value.replace(b"+", b" ")):
            found.append(["query", unquote_to_bytes(name).decode("utf-8", "replace")])
    return found


def _is_json(scope: Scope) -> bool:
    for header, value in scope.get("headers", []):
        if header == b"content-type":
            media_type = value.split(b";")[0].strip().lower()
            return media_type == b"application/json" or media_type.endswith(b"+json")
    return False


class ValidUnicode:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if bad := _bad_url_parts(scope):
            await self._refuse(scope, receive, send, bad)
            return
        if not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive)
        try:
            document = json.loads(body) if body else None
        except ValueError:
            document = None  # Not JSON: the app answers that in its own words.
        if bad := _bad_strings(document, ["body"]):
            await self._refuse(scope, receive, send, bad)
            return
        await self.app(scope, _replay(messages, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, locations: list[list]) -> None:
        errors = [{"location": location, "message": _MESSAGE, "kind": "string_unicode"} for location in locations]
        await problem_response(invalid_request(errors), Request(scope).url.path)(scope, receive, send)


async def _read_body(receive: Receive) -> tuple[list[Message], bytes]:
    messages, chunks = [], []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return messages, b"".join(chunks)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """The body already read, then whatever else the client sends (a disconnect)."""
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed
