"""Who puts what on a calendar decides which of check_bookable's rules apply.

- A portal user's request places a hold under every rule: the slot grid, the minimum notice, the
  booking horizon, the location's hours, the therapist's working hours, and a calendar free of
  appointments, blocks and other requests' blocking holds.
- A scheduler's edit of a request places a hold under the scheduler's time rules (below); other
  requests' blocking holds still count, so two blocking holds never share a time.
- A scheduler's appointment (booked directly, or by approving a request) follows the scheduler's
  time rules, and holds never stop it: only appointments and blocks do.

The scheduler's time rules: any start (the grid is the portal's menu), inside the minimum notice
but not in the past, up to two years ahead whatever the portal's horizon; still only when the
location is open and the therapist works there. Schedulers choose the length too, so the
duration is the one they give.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from uuid import UUID

from clinic_contracts.request_window import RequestWindow

from .calendar import CalendarItem, ItemKind
from .policy import RequestPolicy

SCHEDULER_HORIZON = timedelta(days=730)
SCHEDULERS_WINDOW = RequestWindow(minimum_notice=timedelta(0), booking_horizon=SCHEDULER_HORIZON)


class Placement(Enum):
    REQUESTED_HOLD = "requested_hold"
    EDITED_HOLD = "edited_hold"
    APPOINTMENT = "appointment"

    @property
    def by_portal_user(self) -> bool:
        return self is Placement.REQUESTED_HOLD

    def policy(self, clinic_policy: RequestPolicy) -> RequestPolicy:
        if self.by_portal_user:
            return clinic_policy
        return clinic_policy.over(SCHEDULERS_WINDOW)

    def is_busy(self, item: CalendarItem, request_id: UUID | None = None) -> bool:
        """Whether an active item keeps this placement off its time. A request's own holds
        never do: an edit may move a request onto part of its old time."""
        if item.kind is not ItemKind.HOLD:
            return True
        return self is not Placement.APPOINTMENT and item.blocking and item.request_id != request_id
