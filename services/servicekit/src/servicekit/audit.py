"""What an audit trail records of a change, the same in every service that keeps one: who made
it (the actor of the call being served) and each field that differed, `{"from": old, "to": new}`."""

from collections.abc import Mapping

from servicekit.actor_auth import ACTING_ACTOR


def acting_reference(otherwise: str) -> str:
    """The call's actor as records name it ("staff:<id>"...), or `otherwise` outside a call."""
    acting = ACTING_ACTOR.get()
    return acting.reference if acting else otherwise


def changed_fields(before: Mapping | None, after: Mapping) -> dict:
    """The fields of `after` that differ from `before`; every field for a creation (None)."""
    old = before or {}
    return {
        field: {"from": old.get(field), "to": value}
        for field, value in after.items()
        if before is None or old.get(field) != value
    }
