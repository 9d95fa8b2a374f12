"""The registry of Kafka topics: who owns each, what travels on it, how it is keyed."""

from dataclasses import dataclass

from clinic_contracts.events import ClinicSettingsChanged, Event

DEAD_LETTER_SUFFIX = ".dlq"


@dataclass(frozen=True)
class Topic:
    name: str
    owner: str
    partition_key: str
    events: tuple[type[Event], ...]
    partitions: int = 3
    # A state topic keeps the latest event per key forever, so a new consumer can rebuild
    # its read model from the topic alone.
    compacted: bool = False

    @property
    def dead_letter(self) -> str:
        return self.name + DEAD_LETTER_SUFFIX


CLINIC_SETTINGS = Topic(
    name="settings.clinics.v1",
    owner="settings",
    partition_key="clinic_id",
    events=(ClinicSettingsChanged,),
    compacted=True,
)

ALL_TOPICS: tuple[Topic, ...] = (CLINIC_SETTINGS,)


def topic_for(event_type: type[Event]) -> Topic:
    for topic in ALL_TOPICS:
        if event_type in topic.events:
            return topic
    raise LookupError(f"no topic carries {event_type.__name__}")
