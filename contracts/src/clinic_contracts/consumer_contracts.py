"""Consumer contracts (message pacts): what each consuming service reads of the events it consumes,
checked against what the producers' current models provide.

A consumer declares it in a committed `consumer_contract.json` in its package:

    {
      "consumer": "notifications",
      "envelope": {"event_id": "uuid", "occurred_at": "date-time"},
      "topics": {
        "requests.appointment-requests.v1": {
          "RequestDeclined.v1": {"request_id": "uuid", "reason": "string"}
        }
      }
    }

the topics it reads, the events it acts on there and the fields it reads of each, as narrow as its
code: a path (`reason`, `request_policy.slot_interval_minutes`, `location_ids[]` for a list's items)
and the type it expects, from `uuid`, `string`, `date-time`, `date`, `boolean`, `integer`, `number`,
`null` and quoted enum values (`'portal'`), joined by `|`: `'staff' | 'portal' | null`. A field no
consumer declares can go in a new schema_version without asking anyone; one declared names who
has to move first.

`verify` checks a declaration against the topic registry (the topic exists, lists the consumer among
its readers, from which its Kafka ACLs come, and carries the event) and against the events' current
JSON schemas: every declared field still provided, with values the declared type accepts
(clinic_contracts.schema_coverage).
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic_contracts.schema_coverage import REMOVED, unreadable
from clinic_contracts.schemas import current_schemas, subject
from clinic_contracts.topics import ALL_TOPICS, Topic

ENVELOPE = "EventEnvelope"

_TYPES: dict[str, dict[str, Any]] = {
    "uuid": {"type": "string", "format": "uuid"},
    "string": {"type": "string"},
    "date-time": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "null": {"type": "null"},
}


@dataclass(frozen=True)
class Broken:
    """A declared read the producers no longer honour."""

    consumer: str
    topic: str  # empty for the envelope, which every topic carries
    event: str  # "RequestDeclined.v1", or "EventEnvelope"
    field: str  # empty when the whole event or topic is at stake
    why: str

    def __str__(self) -> str:
        where = f" on {self.topic}" if self.topic else ""
        field = f" field {self.field!r}" if self.field else ""
        return f"{self.consumer} reads {self.event or 'the topic'}{field}{where}: {self.why}"


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def expected_type(expression: str) -> dict[str, Any]:
    """The JSON schema of a declared type: `'staff' | 'portal' | null` is an enum or null."""
    parts = [part.strip() for part in expression.split("|")]
    values = [part[1:-1] for part in parts if part.startswith("'") and part.endswith("'") and len(part) > 1]
    unknown = [part for part in parts if part not in _TYPES and not part.startswith("'")]
    if unknown or not parts:
        raise ValueError(f"unknown type {expression!r}: use {', '.join(_TYPES)} or 'quoted values', joined by |")
    members = [_TYPES[part] for part in parts if part in _TYPES]
    if values:
        members.append({"type": "string", "enum": values})
    return members[0] if len(members) == 1 else {"anyOf": members}


def reader_schema(fields: Mapping[str, str]) -> dict[str, Any]:
    """One JSON schema of everything a consumer reads of an event, nested as the paths are."""
    root: dict[str, Any] = {"type": "object", "properties": {}}
    for path, expression in fields.items():
        node = root
        steps = path.split(".")
        for position, step in enumerate(steps):
            name, listed = step.removesuffix("[]"), step.endswith("[]")
            last = position == len(steps) - 1
            value = expected_type(expression) if last else {"type": "object", "properties": {}}
            if listed:
                field = node["properties"].setdefault(name, {"type": "array", "items": value})
                node = field["items"]
            else:
                node = node["properties"].setdefault(name, value)
    return root


def verify(
    contract: Mapping[str, Any],
    schemas: Mapping[str, dict[str, Any]] | None = None,
    topics: Sequence[Topic] = ALL_TOPICS,
) -> list[Broken]:
    """What in `contract` the producers' current schemas and the topic registry no longer honour."""
    schemas = current_schemas() if schemas is None else schemas
    consumer = contract["consumer"]
    broken = _fields(consumer, "", ENVELOPE, contract.get("envelope", {}), schemas[f"{ENVELOPE}.json"])
    registry = {topic.name: topic for topic in topics}
    for topic_name, events in contract.get("topics", {}).items():
        topic = registry.get(topic_name)
        if topic is None:
            broken.append(Broken(consumer, topic_name, "", "", "no such topic"))
            continue
        if consumer not in topic.readers:
            broken.append(Broken(consumer, topic_name, "", "", "not among the topic's readers (nor in its Kafka ACLs)"))
        carried = {subject(model) for model in topic.events}
        for event, fields in events.items():
            if event not in carried:
                broken.append(Broken(consumer, topic_name, event, "", "the topic does not carry it"))
            elif f"{event}.json" not in schemas:
                broken.append(Broken(consumer, topic_name, event, "", "no schema describes it"))
            else:
                broken += _fields(consumer, topic_name, event, fields, schemas[f"{event}.json"])
    return broken


def _fields(consumer: str, topic: str, event: str, fields: Mapping[str, str], schema: dict[str, Any]) -> list[Broken]:
    return [
        Broken(consumer, topic, event, problem.path, "not provided" if problem.why == REMOVED else problem.why)
        for problem in unreadable(reader_schema(fields), schema, fields_must_remain=True)
    ]
