"""The committed AsyncAPI document is what the topic registry and the models make of it now, and it
holds together: every reference resolves, each topic's owner sends and its readers receive."""

import json
import re

import pytest

from clinic_contracts.asyncapi import DOCUMENT, document, render
from clinic_contracts.events import ALL_EVENTS
from clinic_contracts.schemas import current_schemas, subject
from clinic_contracts.topics import ALL_TOPICS

COMMITTED = json.loads(DOCUMENT.read_text()) if DOCUMENT.exists() else {}
# The names AsyncAPI's own JSON schema allows as component keys.
COMPONENT_KEY = re.compile(r"^[\w\d.\-_]+$")


def test_the_committed_document_is_what_the_code_generates() -> None:
    assert DOCUMENT.exists() and DOCUMENT.read_text() == render(document()), (
        "contracts/asyncapi.json is stale: python -m clinic_contracts.asyncapi --write"
    )


def references(value, found=None) -> list[str]:
    found = [] if found is None else found
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            found.append(value["$ref"])
        for part in value.values():
            references(part, found)
    elif isinstance(value, list):
        for part in value:
            references(part, found)
    return found


def resolve(pointer: str):
    node = COMMITTED
    for step in pointer.removeprefix("#/").split("/"):
        node = node[step.replace("~1", "/").replace("~0", "~")]
    return node


def test_it_is_asyncapi_3() -> None:
    assert COMMITTED["asyncapi"] == "3.0.0"
    assert COMMITTED["info"]["title"] and COMMITTED["info"]["version"]
    for kind, items in COMMITTED["components"].items():
        assert all(COMPONENT_KEY.match(key) for key in items), kind


def test_faststreams_asyncapi_3_models_read_it() -> None:
    from faststream.specification.asyncapi.v3_0_0.schema import ApplicationSchema

    read = ApplicationSchema.model_validate(COMMITTED)
    assert len(read.channels) == 2 * len(ALL_TOPICS)


@pytest.mark.parametrize("reference", sorted(set(references(COMMITTED))))
def test_every_reference_resolves(reference: str) -> None:
    if reference.startswith("#/"):
        resolve(reference)
    else:
        path = (DOCUMENT.parent / reference).resolve()
        assert path.exists(), reference
        assert path.name in current_schemas(), f"{reference} is not a current schema snapshot"


def test_every_topic_is_a_channel_with_its_dead_letter_topic() -> None:
    for topic in ALL_TOPICS:
        channel = COMMITTED["channels"][topic.name]
        assert channel["address"] == topic.name
        assert (channel["x-owner"], channel["x-readers"]) == (topic.owner, list(topic.readers))
        assert (channel["x-partition-key"], channel["x-compacted"]) == (topic.partition_key, topic.compacted)
        assert channel["x-dead-letter"] == topic.dead_letter
        assert COMMITTED["channels"][topic.dead_letter]["address"] == topic.dead_letter
        assert set(channel["messages"]) == {subject(event) for event in topic.events}


def test_every_event_is_a_message_of_the_envelope_carrying_its_schema() -> None:
    messages = COMMITTED["components"]["messages"]
    assert set(messages) == {subject(event) for event in ALL_EVENTS}
    for event in ALL_EVENTS:
        envelope, carried = messages[subject(event)]["payload"]["allOf"]
        assert resolve(envelope["$ref"]) == {"$ref": "./schemas/EventEnvelope.json"}
        assert resolve(carried["properties"]["payload"]["$ref"]) == {"$ref": f"./schemas/{subject(event)}.json"}
        assert carried["properties"]["event_type"] == {"const": event.event_type}
        assert messages[subject(event)]["examples"], f"{subject(event)} has no example"


def test_the_owner_sends_and_each_reader_receives_and_dead_letters() -> None:
    operations = COMMITTED["operations"]
    expected = set()
    for topic in ALL_TOPICS:
        expected.add(("send", topic.owner, topic.name))
        expected |= {("receive", reader, topic.name) for reader in topic.readers}
        expected |= {("send", reader, topic.dead_letter) for reader in topic.readers}
    found = {
        (operation["action"], operation["x-service"], resolve(operation["channel"]["$ref"])["address"])
        for operation in operations.values()
    }
    assert found == expected
    for operation in operations.values():
        # AsyncAPI 3: an operation's messages are its channel's.
        channel = operation["channel"]["$ref"]
        assert operation["messages"] and all(
            ref["$ref"].startswith(f"{channel}/messages/") for ref in operation["messages"]
        )
