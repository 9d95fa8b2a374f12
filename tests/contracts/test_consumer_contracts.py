"""Consumer contracts: every consumer's declared reads against the producers' current schemas, the
failures a producer's change meets, and the declarations against the golden examples."""

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from clinic_contracts.consumer_contracts import Broken, expected_type, load, reader_schema, verify
from clinic_contracts.examples import EXAMPLES_DIR
from clinic_contracts.schemas import current_schemas
from clinic_contracts.topics import ALL_TOPICS, APPOINTMENT_REQUESTS

REPOSITORY = Path(__file__).resolve().parents[2]
DECLARATIONS = sorted(REPOSITORY.glob("services/*/src/*/consumer_contract.json"))
NOTIFICATIONS = load(REPOSITORY / "services/notifications/src/clinic_notifications/consumer_contract.json")


def test_the_consumers_declare_their_reads() -> None:
    assert {load(path)["consumer"] for path in DECLARATIONS} >= {"notifications", "requests", "availability"}


@pytest.mark.parametrize("path", DECLARATIONS, ids=lambda path: load(path)["consumer"])
def test_the_producers_provide_every_declared_read(path: Path) -> None:
    broken = verify(load(path))
    assert broken == [], "\n".join(str(each) for each in broken)


def test_notifications_declares_every_topic_it_is_a_reader_of() -> None:
    assert set(NOTIFICATIONS["topics"]) == {topic.name for topic in ALL_TOPICS if "notifications" in topic.readers}


def schemas_where(name: str, edit) -> dict[str, dict]:
    schemas = copy.deepcopy(current_schemas())
    edit(schemas[f"{name}.json"])
    return schemas


def test_a_producer_that_drops_a_field_notifications_reads_is_reported() -> None:
    def without_reason(schema: dict) -> None:
        del schema["properties"]["reason"]
        schema["required"].remove("reason")

    assert verify(NOTIFICATIONS, schemas_where("RequestDeclined.v1", without_reason)) == [
        Broken("notifications", "requests.appointment-requests.v1", "RequestDeclined.v1", "reason", "not provided")
    ]
    [broken] = verify(NOTIFICATIONS, schemas_where("RequestDeclined.v1", without_reason))
    assert str(broken) == (
        "notifications reads RequestDeclined.v1 field 'reason' on requests.appointment-requests.v1: not provided"
    )


def test_a_field_nobody_declares_may_go() -> None:
    def without_declined_by(schema: dict) -> None:
        del schema["properties"]["declined_by"]

    assert verify(NOTIFICATIONS, schemas_where("RequestDeclined.v1", without_declined_by)) == []


def test_a_value_the_consumer_does_not_expect_is_reported() -> None:
    def email_may_be_null(schema: dict) -> None:
        schema["properties"]["email"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}

    def cancelled_by_the_system_too(schema: dict) -> None:
        schema["$defs"]["CancelledBy"]["enum"].append("system")

    def start_as_a_number(schema: dict) -> None:
        schema["properties"]["start"] = {"type": "integer"}

    [email] = verify(NOTIFICATIONS, schemas_where("PortalUserChanged.v1", email_may_be_null))
    assert (email.event, email.field, email.why) == (
        "PortalUserChanged.v1",
        "email",
        "may be null; the reader accepts a string",
    )
    [cancelled_by] = verify(NOTIFICATIONS, schemas_where("AppointmentCancelled.v1", cancelled_by_the_system_too))
    assert (cancelled_by.field, cancelled_by.why) == ("cancelled_by", "may be 'system': not among the reader's values")
    [start] = verify(NOTIFICATIONS, schemas_where("RequestApproved.v1", start_as_a_number))
    assert (start.event, start.field) == ("RequestApproved.v1", "start")


def test_a_list_s_items_are_checked() -> None:
    def permissions_as_text(schema: dict) -> None:
        schema["properties"]["permissions"]["items"] = {"type": "string"}

    [broken] = verify(NOTIFICATIONS, schemas_where("StaffUserChanged.v1", permissions_as_text))
    assert (broken.field, broken.why) == (
        "permissions[]",
        "may be a string; the reader accepts 'admin' or 'scheduling'",
    )


def test_nested_paths_are_checked() -> None:
    contract = {
        "consumer": "availability",
        "topics": {
            "settings.clinics.v1": {"ClinicSettingsChanged.v1": {"request_policy.slot_interval_minutes": "integer"}},
            "settings.locations.v1": {"LocationChanged.v1": {"operating_hours[].weekday": "integer"}},
        },
    }
    assert verify(contract) == []

    def without_slot_interval(schema: dict) -> None:
        del schema["$defs"]["RequestPolicy"]["properties"]["slot_interval_minutes"]

    def weekday_as_text(schema: dict) -> None:
        schema["$defs"]["OpeningInterval"]["properties"]["weekday"] = {"type": "string"}

    [policy] = verify(contract, schemas_where("ClinicSettingsChanged.v1", without_slot_interval))
    assert (policy.field, policy.why) == ("request_policy.slot_interval_minutes", "not provided")
    [weekday] = verify(contract, schemas_where("LocationChanged.v1", weekday_as_text))
    assert weekday.field == "operating_hours[].weekday"


def test_the_topic_must_carry_the_event_and_list_its_reader() -> None:
    moved = replace(APPOINTMENT_REQUESTS, readers=("availability",), events=APPOINTMENT_REQUESTS.events[1:])
    topics = [moved if topic is APPOINTMENT_REQUESTS else topic for topic in ALL_TOPICS]
    problems = {(each.event, each.why) for each in verify(NOTIFICATIONS, topics=topics)}
    assert problems == {
        ("", "not among the topic's readers (nor in its Kafka ACLs)"),
        ("RequestSubmitted.v1", "the topic does not carry it"),
    }
    assert verify({"consumer": "notifications", "topics": {"requests.gone.v1": {}}}) == [
        Broken("notifications", "requests.gone.v1", "", "", "no such topic")
    ]


def test_the_envelope_is_checked_too() -> None:
    def without_occurred_at(schema: dict) -> None:
        del schema["properties"]["occurred_at"]

    [broken] = verify(NOTIFICATIONS, schemas_where("EventEnvelope", without_occurred_at))
    assert (broken.event, broken.field, broken.why) == ("EventEnvelope", "occurred_at", "not provided")


def test_a_type_is_one_the_declarations_know() -> None:
    assert expected_type("'staff' | 'portal' | null") == {
        "anyOf": [{"type": "null"}, {"type": "string", "enum": ["staff", "portal"]}]
    }
    with pytest.raises(ValueError, match="unknown type 'text'"):
        expected_type("text")


def values_at(value, steps: list[str]) -> list:
    """The values a path names in a message: several below a list."""
    if not steps:
        return [value]
    name, listed = steps[0].removesuffix("[]"), steps[0].endswith("[]")
    found = value[name]
    if listed:
        return [each for item in found for each in values_at(item, steps[1:])]
    return values_at(found, steps[1:])


@pytest.mark.parametrize("path", DECLARATIONS, ids=lambda path: load(path)["consumer"])
def test_every_declared_field_is_in_the_golden_examples_as_declared(path: Path) -> None:
    """The declaration speaks of real messages: each declared path names a value in each example of
    the event, of the declared type (the examples of older forms may leave out a field added since,
    which the models read as its default)."""
    contract = load(path)
    for event, fields in [("EventEnvelope", contract.get("envelope", {}))] + [
        item for events in contract["topics"].values() for item in events.items()
    ]:
        examples = (
            sorted(EXAMPLES_DIR.glob("*.json"))
            if event == "EventEnvelope"
            else sorted(EXAMPLES_DIR.glob(f"{event}*.json"))
        )
        assert examples, f"no example of {event}"
        for example in examples:
            wire = json.loads(example.read_text())
            message = wire if event == "EventEnvelope" else wire["payload"]
            for field, expression in fields.items():
                steps = field.split(".")
                if example.name != f"{event}.json" and steps[0].removesuffix("[]") not in message:
                    continue
                validator = Draft202012Validator(expected_type(expression), format_checker=FormatChecker())
                for value in values_at(message, steps):
                    assert validator.is_valid(value), f"{example.name}: {field} is {value!r}, declared {expression}"


def test_the_reader_schema_nests_as_the_paths_do() -> None:
    assert reader_schema({"a.b": "integer", "c[]": "uuid", "d[].e": "string"}) == {
        "type": "object",
        "properties": {
            "a": {"type": "object", "properties": {"b": {"type": "integer"}}},
            "c": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            "d": {"type": "array", "items": {"type": "object", "properties": {"e": {"type": "string"}}}},
        },
    }
