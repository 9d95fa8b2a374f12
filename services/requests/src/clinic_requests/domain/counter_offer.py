"""A scheduler's counter-offer: other times for a pending request, held for the portal user to
answer (iTIP COUNTER / FHIR AppointmentResponse.proposedNewTime).

Each offered time has its own hold. Availability answers for every one (held or refused); the
portal user may accept one held time or decline them all, until `answer_by`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from clinic_requests.domain.rules import rule

if TYPE_CHECKING:  # the aggregate's module imports this one
    from clinic_requests.domain.appointment_request import RequestedVisit

MOST_OFFERED_TIMES = 3

# Why a request expired with an offer open: the portal user did not answer it in time.
OFFER_NOT_ANSWERED_IN_TIME = "offer-not-answered-in-time"


class OfferedTimeState(StrEnum):
    ASKED = "asked"  # availability has not answered yet
    HELD = "held"
    REFUSED = "refused"  # availability could not hold it; `refusal` says why
    ACCEPTED = "accepted"
    RELEASED = "released"  # held, then let go: another was accepted, or the offer ended


class OfferOutcome(StrEnum):
    NONE_HELD = "none-held"  # every offered time was refused; the request kept its own time
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class OfferedTime:
    """One offered time (a `RequestedVisit`) under its own hold."""

    visit: RequestedVisit
    hold_id: uuid.UUID
    state: OfferedTimeState = OfferedTimeState.ASKED
    refusal_code: str | None = None
    refusal_text: str | None = None


@dataclass(frozen=True)
class CounterOffer:
    times: tuple[OfferedTime, ...]
    holds_slot: bool
    offered_by: uuid.UUID
    offered_at: datetime
    answer_by: datetime
    outcome: OfferOutcome | None = None
    # The request's status when offered, which it returns to when none is held (`pending`
    # keeping its hold, or `awaiting-time`).
    offered_while: str = "pending"

    @property
    def is_settled_by_availability(self) -> bool:
        return all(time.state is not OfferedTimeState.ASKED for time in self.times)

    def time(self, hold_id: uuid.UUID) -> OfferedTime | None:
        return next((time for time in self.times if time.hold_id == hold_id), None)

    def in_state(self, state: OfferedTimeState) -> tuple[OfferedTime, ...]:
        return tuple(time for time in self.times if time.state is state)

    def with_time(self, hold_id: uuid.UUID, **changes: Any) -> CounterOffer:
        return replace(self, times=tuple(replace(t, **changes) if t.hold_id == hold_id else t for t in self.times))

    def ended(self, outcome: OfferOutcome, accepted: uuid.UUID | None = None) -> CounterOffer:
        """The offer answered: the accepted time marked so, every other held time released."""

        def settle(time: OfferedTime) -> OfferedTime:
            if time.hold_id == accepted:
                return replace(time, state=OfferedTimeState.ACCEPTED)
            if time.state is OfferedTimeState.HELD:
                return replace(time, state=OfferedTimeState.RELEASED)
            return time

        return replace(self, times=tuple(settle(time) for time in self.times), outcome=outcome)


@rule(
    "offer-needs-one-to-three-times",
    f"Offer between 1 and {MOST_OFFERED_TIMES} other times; this offer has {{count}}.",
)
def OfferMustNameOneToThreeTimes(count: int) -> bool:
    return 1 <= count <= MOST_OFFERED_TIMES


@rule(
    "offered-times-must-differ",
    "Each offered time must differ from the requested time and from the other offered times.",
)
def OfferedTimesMustDiffer(asked: RequestedVisit, offered: tuple[RequestedVisit, ...]) -> bool:
    """Each offered time is another choice: not the asked-for visit, not another offered one."""
    return not (asked in offered or len(set(offered)) != len(offered))


@rule("offered-times-overlap", "The offered times overlap; offer times that do not share a moment.")
def OfferedTimesMustNotOverlap(offered: tuple[RequestedVisit, ...]) -> bool:
    """The portal user chooses one, but each is held meanwhile: two held times of one request may
    not share a moment (two blocking holds never do)."""
    ordered = sorted(offered, key=lambda visit: visit.start)
    return not any(later.start < earlier.end for earlier, later in zip(ordered, ordered[1:], strict=False))
