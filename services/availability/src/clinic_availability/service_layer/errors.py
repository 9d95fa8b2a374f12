"""What the availability use cases refuse, each with a stable code for API clients."""

from collections.abc import Sequence
from uuid import UUID

from clinic_availability.domain import Refusal


class CalendarConflict(Exception):
    """The time overlaps appointments or blocks (or, for a hold, blocking holds) already there."""

    code = "calendar-conflict"

    def __init__(self, conflicting_item_ids: Sequence[UUID]) -> None:
        super().__init__(Refusal.CONFLICTS_WITH_CALENDAR.explanation)
        self.conflicting_item_ids = tuple(conflicting_item_ids)


class NotBookable(Exception):
    """A rule other than a free calendar refuses the time: hours, closures, notice."""

    code = "not-bookable"

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.explanation)
        self.refusal = refusal


class InvalidRequest(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ItemNotFound(LookupError):
    """No such thing at the address asked for (an appointment, a block, a therapist)."""

    def __init__(self, kind: str, item_id: UUID) -> None:
        super().__init__(f"No {kind.replace('-', ' ')} has id {item_id}.")
        self.kind = kind


class ItemExists(Exception):
    """The id given for a new item is already taken by a different one."""

    def __init__(self, kind: str, item_id: UUID) -> None:
        super().__init__(f"A different {kind} with id {item_id} already exists.")
        self.kind = kind
