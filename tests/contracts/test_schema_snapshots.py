"""Downstream consumers rely on these schemas: any drift must be a deliberate, versioned change."""

import json

import pytest

from clinic_contracts.schemas import SNAPSHOT_DIR, current_schemas, render


@pytest.mark.parametrize("name", sorted(current_schemas()))
def test_model_matches_its_committed_snapshot(name: str) -> None:
    snapshot = SNAPSHOT_DIR / name
    assert snapshot.exists(), f"no snapshot for {name}: run python -m clinic_contracts.schemas --write"
    assert render(current_schemas()[name]) == snapshot.read_text(), (
        f"{name} drifted from its snapshot. If the change is deliberate and compatible, refresh the "
        "snapshots; if it breaks consumers, add a new schema_version instead."
    )


def test_every_snapshot_still_has_a_model() -> None:
    """A removed event must stay documented until consumers moved on; a stray file is a mistake."""
    assert {p.name for p in SNAPSHOT_DIR.glob("*.json")} == set(current_schemas())


def test_snapshots_are_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    for schema in current_schemas().values():
        Draft202012Validator.check_schema(json.loads(render(schema)))
