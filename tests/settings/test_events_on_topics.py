"""Every change is published, through the outbox and the real broker, as the entity's full new
state on its own compacted topic, keyed by its id, one revision later, naming who made it."""

import pytest

from clinic_contracts import EventEnvelope
from clinic_contracts.events import SETTINGS_EVENTS, PortalUserChanged, StaffUserChanged
from clinic_contracts.topics import topic_for
from tests.infrastructure import KafkaAccess
from tests.kafka_tools import eventually, read_topic
from tests.settings.settings_api import Practice, SettingsApi

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def published_states(kafka: KafkaAccess, event_type: type, key: str) -> list[EventEnvelope]:
    records = await read_topic(kafka, topic_for(event_type).name)
    return [EventEnvelope.from_bytes(record.value) for record in records if record.key == key.encode()]


async def test_each_entity_is_published_with_its_full_state_after_each_change(
    api: SettingsApi, practice: Practice, kafka: KafkaAccess
) -> None:
    staff = await api.staff_user(practice.clinic, permissions=["scheduling"])
    parent = await api.portal_user(practice.clinic, practice.patient)
    latest = {
        "ClinicSettingsChanged": await api.ok("PUT", f"{practice.clinic_path}/appointment-requests", {"enabled": True}),
        "LocationChanged": await api.ok(
            "PUT", f"/locations/{practice.location['location_id']}/appointment-requests", {"enabled": True}
        ),
        "VisitTypeChanged": await api.ok(
            "PATCH", f"/visit-types/{practice.visit_type['visit_type_id']}", {"name": "Tx"}
        ),
        "TherapistChanged": await api.ok(
            "PATCH", f"/therapists/{practice.therapist['therapist_id']}", {"name": "Dr D"}
        ),
        "PatientChanged": await api.ok("PATCH", f"/patients/{practice.patient['patient_id']}", {"name": "L. Chen"}),
        "PatientCaseChanged": await api.ok(
            "PUT", f"/patient-cases/{practice.case['case_id']}/appointment-requests", {"enabled": True}
        ),
        "PortalUserChanged": await api.ok("PATCH", f"/portal-users/{parent['portal_user_id']}", {"active": False}),
        "StaffUserChanged": await api.ok("PUT", f"/staff-users/{staff['staff_user_id']}/permissions", ["admin"]),
    }
    first = {
        "ClinicSettingsChanged": practice.clinic,
        "LocationChanged": practice.location,
        "VisitTypeChanged": practice.visit_type,
        "TherapistChanged": practice.therapist,
        "PatientChanged": practice.patient,
        "PatientCaseChanged": practice.case,
        "PortalUserChanged": parent,
        "StaffUserChanged": staff,
    }
    for event_type in SETTINGS_EVENTS:
        name = event_type.event_type
        key = event_type.model_validate(latest[name]).entity_id

        async def both_published(event_type=event_type, key=key):
            envelopes = await published_states(kafka, event_type, key)
            return envelopes if len(envelopes) == 2 else None

        envelopes = await eventually(both_published)
        assert [e.event_type for e in envelopes] == [name, name]
        assert {str(e.clinic_id) for e in envelopes} == {practice.clinic["clinic_id"]}
        assert [e.payload for e in envelopes] == [first[name], latest[name]], name
        assert [e.payload["revision"] for e in envelopes] == [1, 2]
        assert {e.actor for e in envelopes} == {"system:operator"}, "each event names who made the change"


async def test_no_credential_ever_reaches_a_topic(api: SettingsApi, practice: Practice, kafka: KafkaAccess) -> None:
    staff = await api.staff_user(practice.clinic)
    parent = await api.portal_user(practice.clinic, practice.patient)
    for event_type, user, key in (
        (StaffUserChanged, staff, staff["staff_user_id"]),
        (PortalUserChanged, parent, parent["portal_user_id"]),
    ):

        async def published(event_type=event_type, key=key):
            return await published_states(kafka, event_type, key)

        (envelope,) = await eventually(published)
        wire = envelope.to_bytes().decode()
        assert "password" not in wire and "argon2" not in wire
        assert envelope.payload == user
