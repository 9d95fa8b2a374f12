import uuid

from clinic_contracts.events import LocationChanged
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.location import Location


def test_a_change_is_one_revision_later() -> None:
    clinic = Clinic(clinic_id=uuid.uuid4(), name="Harborview", time_zone="UTC")
    renamed = clinic.changed(name="Harborview PT")
    assert (renamed.revision, renamed.name) == (2, "Harborview PT")
    assert renamed.changed(appointment_requests_enabled=True).revision == 3


def test_a_change_to_the_same_state_is_no_change() -> None:
    location = Location(location_id=uuid.uuid4(), clinic_id=uuid.uuid4(), name="Downtown", time_zone="UTC")
    assert location.changed(name="Downtown", allow_appointment_requests=False) is location


def test_the_event_carries_the_full_state() -> None:
    location = Location(
        location_id=uuid.uuid4(), clinic_id=uuid.uuid4(), name="Downtown", time_zone="UTC", address="1 Main St"
    ).changed(allow_appointment_requests=True)
    event = location.as_event()
    assert isinstance(event, LocationChanged)
    assert event.model_dump() == {**vars(location), "operating_hours": (), "closures": ()}
    assert event.entity_id == str(location.location_id) == str(location.entity_id)
