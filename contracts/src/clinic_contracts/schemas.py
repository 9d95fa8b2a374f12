"""JSON-schema snapshots of the event contracts.

`python -m clinic_contracts.schemas --write` refreshes the committed snapshots after a deliberate
contract change; the contract test fails whenever a model drifts from its snapshot.
"""

import json
import sys
from pathlib import Path

from clinic_contracts.envelope import EventEnvelope
from clinic_contracts.events import ALL_EVENTS

SNAPSHOT_DIR = Path(__file__).resolve().parents[2] / "schemas"


def current_schemas() -> dict[str, dict]:
    schemas = {"EventEnvelope.json": EventEnvelope.model_json_schema()}
    for model in ALL_EVENTS:
        schemas[f"{model.event_type}.v{model.schema_version}.json"] = model.model_json_schema()
    return schemas


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_snapshots(directory: Path = SNAPSHOT_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, schema in current_schemas().items():
        (directory / name).write_text(render(schema))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m clinic_contracts.schemas --write")
    write_snapshots()
