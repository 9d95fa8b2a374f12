"""The golden example messages: at least one per event type and version, each exactly what its
producer publishes, valid under the committed schemas and read by every consumer."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from clinic_contracts import EventEnvelope, unwrap
from clinic_contracts.compatibility import history
from clinic_contracts.events import ALL_EVENTS
from clinic_contracts.examples import EXAMPLES_DIR, canonical_path, example_paths, write_missing
from clinic_contracts.schemas import SNAPSHOT_DIR, subject

EVENTS = {subject(model): model for model in ALL_EVENTS}
EXAMPLES = sorted(path for model in ALL_EVENTS for path in example_paths(model) if path.exists())
OLDER_FORMS = sorted(path for model in ALL_EVENTS for path in example_paths(model)[1:])


def committed_schema(name: str) -> dict:
    return json.loads((SNAPSHOT_DIR / f"{name}.json").read_text())


def violations(instance: dict, schema: dict) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return sorted(
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(instance)
    )


def texts(value) -> list[str]:
    if isinstance(value, dict):
        return [text for part in value.values() for text in texts(part)]
    if isinstance(value, list):
        return [text for part in value for text in texts(part)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_has_an_example(event: str) -> None:
    assert canonical_path(EVENTS[event]).exists(), (
        f"no example of {event}: python -m clinic_contracts.examples --write-missing, then finish the draft"
    )


def test_every_example_is_of_an_event_with_a_model() -> None:
    assert set(EXAMPLES_DIR.glob("*.json")) == set(EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_an_example_is_valid_under_the_committed_schemas_and_read_by_consumers(path: Path) -> None:
    raw = path.read_bytes()
    wire = json.loads(raw)
    assert violations(wire, committed_schema("EventEnvelope")) == []
    assert violations(wire["payload"], committed_schema(f"{wire['event_type']}.v{wire['schema_version']}")) == []
    event = unwrap(EventEnvelope.from_bytes(raw))
    assert path.name.startswith(f"{subject(type(event))}.")
    # As strict as a producer: not a field the models lack, nor a draft's placeholder left.
    EventEnvelope.model_validate(wire)
    type(event).model_validate(wire["payload"])
    assert [text for text in texts(wire) if text.startswith("<")] == []


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_the_canonical_example_is_what_its_producer_publishes_now(event: str) -> None:
    """Every field there, with a value, written as `wrap` and `to_bytes` write it."""
    raw = canonical_path(EVENTS[event]).read_bytes()
    wire = json.loads(raw)
    envelope = EventEnvelope.from_bytes(raw)
    assert json.loads(envelope.to_bytes()) == wire
    assert unwrap(envelope).model_dump(mode="json") == wire["payload"]
    assert [field for field, value in wire["payload"].items() if value is None] == []


@pytest.mark.parametrize("path", OLDER_FORMS, ids=lambda path: path.name)
def test_an_older_form_was_published_under_an_earlier_revision(path: Path) -> None:
    """It is what an earlier revision let producers write, and no longer what they write."""
    wire = json.loads(path.read_text())
    name = f"{wire['event_type']}.v{wire['schema_version']}"
    earlier = history(name)[:-1]
    assert any(violations(wire["payload"], revision.schema) == [] for revision in earlier)
    event = unwrap(EventEnvelope.from_bytes(path.read_bytes()))
    assert event.model_dump(mode="json") != wire["payload"]


def test_a_draft_is_written_for_an_event_without_an_example(tmp_path: Path) -> None:
    (tmp_path / "RequestDeclined.v1.json").write_text("{}")
    written = write_missing(tmp_path)
    assert len(written) == len(ALL_EVENTS) - 1 and tmp_path / "RequestDeclined.v1.json" not in written
    for path in written:
        event = unwrap(EventEnvelope.from_bytes(path.read_bytes()))
        assert path.name == f"{subject(type(event))}.json"
    draft = json.loads((tmp_path / "RequestExpired.v1.json").read_text())
    assert draft["payload"]["reason"] == "<reason>", "a text a person must write"
