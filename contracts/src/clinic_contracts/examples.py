"""Golden example messages: for every event type and version, a committed envelope exactly as its
producer publishes it, for consumers to build and test against.

`contracts/examples/<EventType>.v<N>.json` is the canonical one: what `wrap` and `to_bytes` make of
the event, every field present (optional ones with a value). `<EventType>.v<N>.<what>.json` beside
it is an older form still on the topics (an event published under an earlier revision), which
every consumer must still read. Together they tell one request's story: the ids, the clinic and the
times agree across the files (tests/notifications uses them so).

The examples are written and reviewed by people; tests/contracts/test_examples.py holds them to the
models and the committed schemas. For a new event,

    python -m clinic_contracts.examples --write-missing

writes a draft from the model's schema, its texts `<placeholders>` to be replaced before commit.
"""

import json
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from clinic_contracts.envelope import EventEnvelope
from clinic_contracts.events import ALL_EVENTS, Event
from clinic_contracts.schemas import subject

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"

# Ids in drafts derive from the field's name, so a draft's `location_id` is the location of the
# other examples.
_IDS = uuid.UUID("9d4c6f0e-2b7a-4c1e-8f3a-5e6d7c8b9a01")
_START = datetime(2027, 3, 9, 15, 0, tzinfo=UTC)
_VISIT = timedelta(minutes=45)


def canonical_path(model: type[Event], directory: Path = EXAMPLES_DIR) -> Path:
    return directory / f"{subject(model)}.json"


def example_paths(model: type[Event], directory: Path = EXAMPLES_DIR) -> list[Path]:
    """The canonical example first, then the older forms."""
    return [canonical_path(model, directory), *sorted(directory.glob(f"{subject(model)}.*.json"))]


def read_example(path: Path) -> EventEnvelope:
    return EventEnvelope.from_bytes(path.read_bytes())


def render(wire: dict[str, Any]) -> str:
    return json.dumps(wire, indent=2) + "\n"


def draft(model: type[Event]) -> dict[str, Any]:
    """A first example of `model`'s event, as the wire carries it, for a person to finish."""
    schema = model.model_json_schema()
    event = model.model_validate(_sample(schema, schema, model.event_type))
    envelope = EventEnvelope(
        event_id=uuid.uuid5(_IDS, subject(model)),
        event_type=model.event_type,
        schema_version=model.schema_version,
        occurred_at=_START - timedelta(days=1),
        correlation_id=uuid.uuid5(_IDS, "correlation_id"),
        clinic_id=uuid.uuid5(_IDS, "clinic_id"),
        actor="<actor: staff:<id>, portal:<id>, system:<name> or null>",
        payload=event.model_dump(mode="json"),
    )
    return envelope.model_dump(mode="json")


def _sample(schema: dict[str, Any], document: dict[str, Any], name: str) -> Any:
    while "$ref" in schema:
        schema = document["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    if "anyOf" in schema:
        present = [member for member in schema["anyOf"] if member.get("type") != "null"]
        return _sample(present[0], document, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "examples" in schema:
        return schema["examples"][0]
    kind = schema.get("type")
    if kind == "object":
        return {field: _sample(part, document, field) for field, part in schema.get("properties", {}).items()}
    if kind == "array":
        return [_sample(schema.get("items", {}), document, name.removesuffix("s"))]
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if schema.get("format") == "uuid":
        return str(uuid.uuid5(_IDS, name))
    if schema.get("format") == "date-time":
        return (_START + _VISIT if name == "end" or name.endswith("_end") else _START).isoformat()
    if schema.get("format") == "date":
        return _START.date().isoformat()
    return f"<{name}>"


def write_missing(directory: Path = EXAMPLES_DIR) -> list[Path]:
    written = []
    for model in ALL_EVENTS:
        path = canonical_path(model, directory)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(draft(model)))
            written.append(path)
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-missing"]:
        sys.exit("usage: python -m clinic_contracts.examples --write-missing")
    for path in write_missing():
        print(f"wrote a draft {path.name}: replace its <placeholders> and check its values before committing")
