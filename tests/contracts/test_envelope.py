import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from clinic_contracts import EventEnvelope, UnknownEvent, unwrap, wrap
from clinic_contracts.events import ClinicSettingsChanged, HoldRefused, RefusalReason
from clinic_contracts.topics import ALL_TOPICS, topic_for
from tests.examples import REQUEST_POLICY


def clinic_event() -> ClinicSettingsChanged:
    return ClinicSettingsChanged(
        clinic_id=uuid.uuid4(),
        name="Riverside",
        time_zone="America/Chicago",
        appointment_requests_enabled=True,
        request_policy=REQUEST_POLICY,
        revision=1,
    )


def test_an_event_survives_the_wire() -> None:
    event = clinic_event()
    envelope = wrap(event, clinic_id=event.clinic_id)
    assert unwrap(EventEnvelope.from_bytes(envelope.to_bytes())) == event
    assert envelope.event_type == "ClinicSettingsChanged" and envelope.schema_version == 1


def test_occurred_at_is_kept_in_utc() -> None:
    local = datetime(2026, 3, 8, 1, 30, tzinfo=timezone(timedelta(hours=-6)))
    envelope = EventEnvelope(
        event_type="ClinicSettingsChanged", schema_version=1, clinic_id=uuid.uuid4(), payload={}, occurred_at=local
    )
    assert envelope.occurred_at.utcoffset() == timedelta(0)
    assert envelope.occurred_at == local


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValidationError):
        EventEnvelope(
            event_type="X", schema_version=1, clinic_id=uuid.uuid4(), payload={}, occurred_at=datetime(2026, 1, 1)
        )


def test_an_unknown_version_is_not_guessed() -> None:
    envelope = wrap(clinic_event(), clinic_id=uuid.uuid4()).model_copy(update={"schema_version": 99})
    with pytest.raises(UnknownEvent):
        unwrap(envelope)


def test_every_event_has_exactly_one_topic() -> None:
    for topic in ALL_TOPICS:
        for event in topic.events:
            assert topic_for(event) is topic
    assert len({t.name for t in ALL_TOPICS}) == len(ALL_TOPICS)


def test_a_refusal_on_the_topic_before_codes_were_kebab_case_still_reads() -> None:
    """HoldRefused and BookingRefused carried `conflicts_with_calendar` until the codes took the
    kebab-case of every other code; those events stay on the topic and must still be read."""
    old = wrap(
        HoldRefused(request_id=uuid.uuid4(), hold_id=uuid.uuid4(), reason_code="conflicts-with-calendar", reason="x"),
        clinic_id=uuid.uuid4(),
    )
    old.payload["reason_code"] = "conflicts_with_calendar"
    read = unwrap(EventEnvelope.from_bytes(old.to_bytes()))
    assert read.reason_code is RefusalReason.CONFLICTS_WITH_CALENDAR
    assert read.model_dump(mode="json")["reason_code"] == "conflicts-with-calendar"
    assert all(reason.value == reason.value.lower().replace("_", "-") for reason in RefusalReason)
    with pytest.raises(ValidationError):
        HoldRefused.model_validate({**read.model_dump(), "reason_code": "conflicts with calendar"})


def test_a_consumer_reads_past_fields_added_after_it_was_built() -> None:
    """The tolerant reader: a producer that gained an optional field (in the payload, in a nested
    value, in the envelope) is read by an older consumer, the unknown fields ignored."""
    event = clinic_event()
    wire = wrap(event, clinic_id=event.clinic_id).model_dump(mode="json")
    wire["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    wire["payload"]["brand_colour"] = "#2b6cb0"
    wire["payload"]["request_policy"]["waitlist_enabled"] = True
    raw = json.dumps(wire).encode()
    assert unwrap(EventEnvelope.from_bytes(raw)) == event


def test_a_producer_cannot_write_a_field_its_contract_lacks() -> None:
    with pytest.raises(ValidationError, match="brand_colour"):
        ClinicSettingsChanged(**clinic_event().model_dump(), brand_colour="#2b6cb0")
    with pytest.raises(ValidationError, match="traceparent"):
        EventEnvelope(event_type="X", schema_version=1, clinic_id=uuid.uuid4(), payload={}, traceparent="00-…")
