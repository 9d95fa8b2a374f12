"""Every string a request carries is text a database can store, or the request is a 422 problem.

JSON may spell a lone UTF-16 surrogate (`"\\ud800"`), and Python's JSON reader turns it into a
string that cannot be encoded again: it passes every model and then fails wherever the value is
written (a database, the body of a call to another service), as a 500. The same goes for UTF-8
bytes that are no text at all, percent-encoded in a path or query, and for the NUL character
(U+0000), which is valid Unicode but which PostgreSQL's text cannot hold. Checked here once, in
front of every app, for every JSON body (objects and bare lists alike), path and query, rather
than field by field.
"""

import json
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from servicekit.http_middleware import HttpMiddleware
from servicekit.problems import invalid_request, problem_response

_NOT_UNICODE = "Must be valid Unicode text (no lone surrogates, no bytes that are not UTF-8)"
_NUL = "Must not contain the NUL character (U+0000)"
NUL = "\x00"


def _is_text(value: str) -> bool:
    if NUL in value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _message(value: str) -> str:
    return _NUL if NUL in value else _NOT_UNICODE


def _bad_strings(value, location: list) -> list[tuple[list, str]]:
    """Where in a JSON document a string (or an object's key) is not storable text, and why."""
    if isinstance(value, str):
        return [] if _is_text(value) else [(location, _message(value))]
    if isinstance(value, list):
        return [bad for index, item in enumerate(value) for bad in _bad_strings(item, [*location, index])]
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if not _is_text(key):
                found.append(([*location, key.encode("utf-8", "replace").decode().replace(NUL, "")], _message(key)))
            else:
                found.extend(_bad_strings(item, [*location, key]))
        return found
    return []


def _url_flaw(raw: bytes) -> str | None:
    """Why a percent-encoded part of a URL is not storable text, if it is not."""
    try:
        text = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return _NOT_UNICODE
    return _NUL if NUL in text else None


def _bad_url_parts(scope: Scope) -> list[tuple[list, str]]:
    found = []
    if flaw := _url_flaw(scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")):
        found.append((["path"], flaw))
    for pair in scope.get("query_string", b"").split(b"&"):
        name, _, value = pair.partition(b"=")
        if flaw := _url_flaw(name.replace(b"+", b" ")) or _url_flaw(value.replace(b"+", b" ")):
            found.append((["query", unquote_to_bytes(name).decode("utf-8", "replace").replace(NUL, "")], flaw))
    return found


def _is_json(scope: Scope) -> bool:
    for header, value in scope.get("headers", []):
        if header == b"content-type":
            media_type = value.split(b";")[0].strip().lower()
            return media_type == b"application/json" or media_type.endswith(b"+json")
    return False


class ValidUnicode(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
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

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, found: list[tuple[list, str]]) -> None:
        errors = [{"location": location, "message": message, "kind": "string_unicode"} for location, message in found]
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
