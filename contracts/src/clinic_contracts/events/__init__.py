"""Every event model, by its wire name and version."""

from clinic_contracts.events.base import Event, StateEvent
from clinic_contracts.events.settings import ClinicSettingsChanged, RequestPolicy

ALL_EVENTS: tuple[type[Event], ...] = (ClinicSettingsChanged,)

__all__ = ["ALL_EVENTS", "ClinicSettingsChanged", "Event", "RequestPolicy", "StateEvent"]
