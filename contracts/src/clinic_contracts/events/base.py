"""What every event payload model declares about itself."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """A payload model. `event_type` and `schema_version` identify it on the wire.

    A breaking change gets a new `schema_version` (and a new JSON-schema snapshot); additive,
    optional fields keep the version.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


class StateEvent(Event):
    """An event that carries an entity's full new state, keyed by the entity id.

    It travels on a log-compacted topic; `revision` grows with each change, so a consumer can
    ignore a stale or repeated state.
    """

    revision: int

    @property
    def entity_id(self) -> str:
        raise NotImplementedError
