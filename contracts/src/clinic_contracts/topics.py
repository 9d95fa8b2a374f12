"""The registry of Kafka topics: who owns each, what travels on it, how it is keyed."""

from dataclasses import dataclass

from clinic_contracts.events import (
    AVAILABILITY_EVENTS,
    REQUEST_EVENTS,
    AccountLinkIssued,
    ClinicSettingsChanged,
    Event,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)

DEAD_LETTER_SUFFIX = ".dlq"


@dataclass(frozen=True)
class Topic:
    name: str
    # The one service that writes the topic, and the services that consume it. Kafka ACLs are
    # derived from these (clinic_contracts.kafka_acls): a service missing here is refused by the broker.
    owner: str
    readers: tuple[str, ...]
    partition_key: str
    events: tuple[type[Event], ...]
    partitions: int = 3
    # A state topic keeps the latest event per key forever, so a new consumer can rebuild
    # its read model from the topic alone.
    compacted: bool = False
    # How long the broker keeps a message (and its dead letter), when shorter than its default:
    # for what must not outlive its use.
    retention_ms: int | None = None

    @property
    def dead_letter(self) -> str:
        return self.name + DEAD_LETTER_SUFFIX


def _settings_topic(name: str, key: str, event: type[Event]) -> Topic:
    return Topic(
        name=f"settings.{name}.v1",
        owner="settings",
        # Into their settings replicas; notifications for names, addresses and time zones.
        readers=("availability", "requests", "notifications"),
        partition_key=key,
        events=(event,),
        compacted=True,
    )


CLINIC_SETTINGS = _settings_topic("clinics", "clinic_id", ClinicSettingsChanged)
LOCATIONS = _settings_topic("locations", "location_id", LocationChanged)
VISIT_TYPES = _settings_topic("visit-types", "visit_type_id", VisitTypeChanged)
THERAPISTS = _settings_topic("therapists", "therapist_id", TherapistChanged)
PATIENTS = _settings_topic("patients", "patient_id", PatientChanged)
PATIENT_CASES = _settings_topic("patient-cases", "case_id", PatientCaseChanged)
PORTAL_USERS = _settings_topic("portal-users", "portal_user_id", PortalUserChanged)
STAFF_USERS = _settings_topic("staff-users", "staff_user_id", StaffUserChanged)

SETTINGS_TOPICS: tuple[Topic, ...] = (
    CLINIC_SETTINGS,
    LOCATIONS,
    VISIT_TYPES,
    THERAPISTS,
    PATIENTS,
    PATIENT_CASES,
    PORTAL_USERS,
    STAFF_USERS,
)

# Keyed by request id (appointment id when no request is involved), so one request's story is ordered.
CALENDAR = Topic(
    name="availability.calendar.v1",
    owner="availability",
    readers=("requests", "notifications"),
    partition_key="request_id or appointment_id",
    events=AVAILABILITY_EVENTS,
)
APPOINTMENT_REQUESTS = Topic(
    name="requests.appointment-requests.v1",
    owner="requests",
    readers=("availability", "notifications"),
    partition_key="request_id",
    events=REQUEST_EVENTS,
)

# One-time links (invitations, password resets) hold a secret until used: only the notifications
# service reads them, and the broker keeps them no longer than the longest a link lives (an
# invitation's 7 days by default; a longer INVITATION_DAYS loses nothing but an unsent email's
# retry after the link would have expired anyway).
ACCOUNT_LINKS = Topic(
    name="settings.account-links.v1",
    owner="settings",
    readers=("notifications",),
    partition_key="user_id",
    events=(AccountLinkIssued,),
    retention_ms=7 * 24 * 3600 * 1000,
)

ALL_TOPICS: tuple[Topic, ...] = (*SETTINGS_TOPICS, CALENDAR, APPOINTMENT_REQUESTS, ACCOUNT_LINKS)


def topic_for(event_type: type[Event]) -> Topic:
    for topic in ALL_TOPICS:
        if event_type in topic.events:
            return topic
    raise LookupError(f"no topic carries {event_type.__name__}")
