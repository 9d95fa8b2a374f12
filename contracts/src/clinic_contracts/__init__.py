"""Clinic Appointment Requests: the event contracts shared by every service and downstream consumer."""

from clinic_contracts.codec import UnknownEvent, unwrap, wrap
from clinic_contracts.envelope import EventEnvelope

__all__ = ["EventEnvelope", "UnknownEvent", "unwrap", "wrap"]
