"""A scheduler's (or an operator's job's) command to put time on a calendar: who asks, and what
they asked for, as the HTTP body says it (a booking, a block)."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from clinic_availability.domain import CalendarItem, ItemKind
from clinic_availability.domain.calendar import visit_of

Asked = TypeVar("Asked")


@dataclass(frozen=True)
class ByStaff(Generic[Asked]):
    staff_id: UUID
    asked: Asked

    def calendar_item(self, item_id: UUID | None, clinic_id: UUID, kind: ItemKind, **fields: Any) -> CalendarItem:
        """The item the asked-for time becomes: under the id asked for, else a new one, made by
        the staff user."""
        return CalendarItem(
            item_id=item_id or uuid4(),
            clinic_id=clinic_id,
            kind=kind,
            created_by=self.staff_id,
            **visit_of(self.asked),
            **fields,
        )
