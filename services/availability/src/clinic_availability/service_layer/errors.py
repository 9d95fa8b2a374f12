"""What the availability use cases refuse, each with a stable code for API clients."""

from collections.abc import Sequence
from uuid import UUID

from clinic_availability.domain import Refusal
from servicekit.errors import DomainError, NotFound


class CalendarConflict(DomainError):
    """The time overlaps appointments or blocks (or, for a hold, blocking holds) already there."""

    code = "calendar-conflict"
    status = 409
    title = "The time is taken"

    def __init__(self, conflicting_item_ids: Sequence[UUID]) -> None:
        super().__init__(Refusal.CONFLICTS_WITH_CALENDAR.explanation)
        self.conflicting_item_ids = tuple(conflicting_item_ids)

    def extensions(self) -> dict[str, object]:
        return {
            "reason_code": Refusal.CONFLICTS_WITH_CALENDAR.value,
            "conflicting_item_ids": [str(item_id) for item_id in self.conflicting_item_ids],
        }


class NotBookable(DomainError):
    """A rule other than a free calendar refuses the time: hours, closures, notice."""

    code = "not-bookable"
    title = "The time cannot be booked"

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.explanation)
        self.refusal = refusal

    def extensions(self) -> dict[str, object]:
        return {"reason_code": self.refusal.value}


class InvalidRequest(DomainError, ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class ItemNotFound(NotFound):
    """No such thing at the address asked for (an appointment, a block, a therapist)."""


class ItemExists(DomainError):
    """The id given for a new item is already taken by a different one."""

    status = 409
    title = "The id is taken"

    def __init__(self, kind: str, item_id: UUID) -> None:
        super().__init__(f"A different {kind} with id {item_id} already exists.", code=f"{kind}-exists")
        self.kind = kind
