"""JSON-schema snapshots of the event contracts.

`python -m clinic_contracts.schemas --write` refreshes the committed snapshots after a deliberate
contract change; the contract test fails whenever a model drifts from its snapshot. A refreshed
snapshot is then published (`python -m clinic_contracts.compatibility --publish`), which refuses a
change that breaks a consumer.
"""

import json
import sys
from pathlib import Path
from typing import Any

from clinic_contracts.envelope import EventEnvelope
from clinic_contracts.events import ALL_EVENTS, Event

SNAPSHOT_DIR = Path(__file__).resolve().parents[2] / "schemas"


def subject(model: type[Event]) -> str:
    """An event's name with its version, `RequestDeclined.v1`: what its schema, its published
    history and its examples are named by."""
    return f"{model.event_type}.v{model.schema_version}"


def current_schemas() -> dict[str, dict[str, Any]]:
    schemas = {"EventEnvelope.json": _open(EventEnvelope.model_json_schema())}
    for model in ALL_EVENTS:
        schemas[f"{subject(model)}.json"] = _open(model.model_json_schema())
    return schemas


def _open(schema: Any) -> Any:
    """The schema without pydantic's `additionalProperties: false` (from the models' `extra="forbid"`).

    The schemas are what a reader holds to, and readers are tolerant (clinic_contracts.codec): a
    consumer validating with today's schema must still accept an event that gained an optional
    field tomorrow. Producers stay strict through the models themselves.
    """
    if isinstance(schema, dict):
        return {key: _open(value) for key, value in schema.items() if (key, value) != ("additionalProperties", False)}
    if isinstance(schema, list):
        return [_open(value) for value in schema]
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_snapshots(directory: Path = SNAPSHOT_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, schema in current_schemas().items():
        (directory / name).write_text(render(schema))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m clinic_contracts.schemas --write")
    write_snapshots()
