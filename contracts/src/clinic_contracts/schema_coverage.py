"""Whether a reader expecting one JSON schema reads every value another JSON schema allows.

The schemas are those pydantic writes for the event models (`clinic_contracts.schemas`): objects
with `properties` and `required`, `$ref`s into `$defs`, `anyOf` for unions (`X | None`), string
`enum`s, `items` for tuples, and the usual constraints. The compatibility check asks it in both
directions (clinic_contracts.compatibility), a consumer's declaration in one
(clinic_contracts.consumer_contracts).

Readers are tolerant (clinic_contracts.codec): a field the writer has and the reader does not know
is never a problem here. A field the reader requires and the writer may leave out is, and so is a
value the reader refuses: a null, an enum value it does not know, a wider range, another type.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Words about a value, not limits on it: a change of these reads the same.
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "deprecated", "$comment"})
# Read structurally below, not as constraints. `additionalProperties` is left to the reader: a
# tolerant one ignores fields it does not know, whatever the writer's schema says of them.
_STRUCTURE = frozenset({"type", "enum", "anyOf", "oneOf", "items", "properties", "required", "additionalProperties"})
# The writer's value must be at least the reader's (a reader's floor the writer may go under breaks).
_FLOORS = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems"})
# The writer's value must be at most the reader's.
_CEILINGS = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems"})
# Any other keyword (`format`, `pattern`, `multipleOf`, …) the reader names, the writer must name alike.

# What a field the reader names and the writer's schema lacks is called.
REMOVED = "removed"

_DESCRIBED = {"null": "null", "integer": "an integer", "array": "an array", "object": "an object", "any": "anything"}

# A writer's kind of value, and the kinds of reader that take it.
_READ_BY = {
    "null": {"null"},
    "boolean": {"boolean"},
    "integer": {"integer", "number"},
    "number": {"number"},
    "string": {"string"},
    "enum": {"enum", "string"},
    "array": {"array"},
    "object": {"object"},
}


@dataclass(frozen=True)
class Unreadable:
    """Something a writer may write at `path` that the reader cannot read.

    `path` names the field as a consumer reads it: `reason`, `request_policy.slot_interval_minutes`,
    `operating_hours[].weekday`; empty for the value as a whole."""

    path: str
    why: str

    def __str__(self) -> str:
        return f"{self.path or '(the whole value)'}: {self.why}"


@dataclass(frozen=True)
class _Node:
    """A part of a schema, with the document whose `$defs` its `$ref`s point into."""

    schema: dict[str, Any]
    document: dict[str, Any]

    def resolved(self) -> "_Node":
        node = self
        while "$ref" in node.schema:
            name = node.schema["$ref"].removeprefix("#/$defs/")
            node = _Node(node.document["$defs"][name], node.document)
        return node

    def alternatives(self) -> Iterator["_Node"]:
        """The union's members, flattened: `X | None` is X and null."""
        node = self.resolved()
        schema = node.schema
        for union in ("anyOf", "oneOf"):
            if union in schema:
                for member in schema[union]:
                    yield from _Node(member, node.document).alternatives()
                return
        if isinstance(schema.get("type"), list):
            for kind in schema["type"]:
                yield _Node({**schema, "type": kind}, node.document)
            return
        if None in schema.get("enum", ()):
            yield _Node({**schema, "enum": [value for value in schema["enum"] if value is not None]}, node.document)
            yield _Node({"type": "null"}, node.document)
            return
        yield node

    @property
    def kind(self) -> str:
        """`enum` for a closed set of values, else the JSON type; `any` when the schema says none."""
        if "enum" in self.schema or "const" in self.schema:
            return "enum"
        kind: str = self.schema.get("type", "any")
        return kind

    @property
    def values(self) -> list[Any]:
        return list(self.schema["enum"]) if "enum" in self.schema else [self.schema["const"]]

    def describe(self) -> str:
        if self.kind == "enum":
            return " or ".join(repr(value) for value in self.values)
        return _DESCRIBED.get(self.kind, f"a {self.kind}")


def unreadable(
    reader: dict[str, Any],
    writer: dict[str, Any],
    *,
    fields_must_remain: bool = False,
    reader_document: dict[str, Any] | None = None,
    writer_document: dict[str, Any] | None = None,
) -> list[Unreadable]:
    """What the writer's schema allows that a reader of `reader` cannot read; empty if nothing.

    `fields_must_remain`: every field the reader names must still be in the writer's schema, even
    one the reader does not require (a consumer may read it, and a removed field is data lost).
    The documents default to the schemas themselves (where their `$defs` are)."""
    return _unreadable(
        _Node(reader, reader_document or reader),
        _Node(writer, writer_document or writer),
        "",
        fields_must_remain,
        set(),
    )


# Pairs of `$ref`s, the reader's and the writer's, being compared further up the schemas.
_Seen = set[tuple[Any, Any]]


def _unreadable(reader: _Node, writer: _Node, path: str, keep: bool, seen: _Seen) -> list[Unreadable]:
    # A recursive model refers to itself: a pair of references met again below itself is done.
    refs = (reader.schema.get("$ref"), writer.schema.get("$ref"))
    if all(refs):
        if refs in seen:
            return []
        seen = seen | {refs}
    readers = list(reader.alternatives())
    if any(alternative.kind == "any" for alternative in readers):
        return []
    found: list[Unreadable] = []
    for written in writer.alternatives():
        candidates = [read for read in readers if read.kind in _READ_BY.get(written.kind, {written.kind})]
        if not candidates:
            accepted = " or ".join(read.describe() for read in readers)
            found.append(Unreadable(path, f"may be {written.describe()}; the reader accepts {accepted}"))
            continue
        attempts = [_one(read, written, path, keep, seen) for read in candidates]
        if all(attempts):
            found.extend(attempts[0])
    return found


def _one(reader: _Node, writer: _Node, path: str, keep: bool, seen: _Seen) -> list[Unreadable]:
    """One member of the writer's union against one member of the reader's, of matching kinds."""
    if writer.kind == "enum":
        return _enum(reader, writer, path)
    found = _constraints(reader, writer, path)
    if reader.kind == "array":
        found += _unreadable(
            _Node(reader.schema.get("items", {}), reader.document),
            _Node(writer.schema.get("items", {}), writer.document),
            f"{path}[]",
            keep,
            seen,
        )
    elif reader.kind == "object":
        found += _fields(reader, writer, path, keep, seen)
    return found


def _enum(reader: _Node, writer: _Node, path: str) -> list[Unreadable]:
    if reader.kind == "enum":
        unknown = [value for value in writer.values if value not in reader.values]
        return [Unreadable(path, f"may be {_listed(unknown)}: not among the reader's values")] if unknown else []
    refused = [
        value
        for value in writer.values
        if not isinstance(value, str) or _constraints(reader, _Node(_string_facts(value), {}), path)
    ]
    return [Unreadable(path, f"may be {_listed(refused)}, which the reader's constraints refuse")] if refused else []


def _listed(values: list[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def _string_facts(value: str) -> dict[str, Any]:
    """What a reader's constraints can be checked against for one known string."""
    return {"type": "string", "minLength": len(value), "maxLength": len(value), "enum": [value]}


def _constraints(reader: _Node, writer: _Node, path: str) -> list[Unreadable]:
    found = []
    for keyword, limit in reader.schema.items():
        if keyword in _ANNOTATIONS or keyword in _STRUCTURE or keyword.startswith("$"):
            continue
        written = writer.schema.get(keyword)
        if keyword in _FLOORS:
            broken = written is None or written < limit
        elif keyword in _CEILINGS:
            broken = written is None or written > limit
        elif keyword == "pattern" and "enum" in writer.schema:
            broken = not all(_matches(limit, value) for value in writer.schema["enum"])
        else:
            broken = written != limit
        if broken:
            said = "none" if written is None else repr(written)
            found.append(Unreadable(path, f"the reader's {keyword} is {limit!r}, the writer's {said}"))
    return found


def _matches(pattern: str, value: str) -> bool:
    return re.search(pattern, value) is not None


def _fields(reader: _Node, writer: _Node, path: str, keep: bool, seen: _Seen) -> list[Unreadable]:
    read, written = reader.schema.get("properties", {}), writer.schema.get("properties", {})
    required_by_reader = set(reader.schema.get("required", ()))
    always_written = set(writer.schema.get("required", ()))
    found = []
    for name, expected in read.items():
        field = f"{path}.{name}" if path else name
        if name not in written:
            if keep:
                found.append(Unreadable(field, REMOVED))
            elif name in required_by_reader:
                found.append(Unreadable(field, "required by the reader, never written"))
            continue
        if name in required_by_reader and name not in always_written:
            found.append(Unreadable(field, "required by the reader, but the writer may leave it out"))
        found += _unreadable(_Node(expected, reader.document), _Node(written[name], writer.document), field, keep, seen)
    return found
