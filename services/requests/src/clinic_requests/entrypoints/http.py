"""The request service's HTTP API (internal). Who calls comes from the actor token only
(servicekit.actor_auth); this service decides what that actor may see and do.

Commands answer with the request and its history. Submit, approve and edit start a conversation
with availability; `?wait_seconds=` lets the caller wait (bounded) for its answer in the same call.
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, Field

from clinic_contracts.calendar_range import Instant
from clinic_contracts.preferred_times import PreferredTimes
from clinic_requests.adapters.request_views import Order, RequestFilter
from clinic_requests.domain.appointment_request import AppointmentRequest, RequestStatus
from clinic_requests.domain.commands import (
    AcceptOfferedTime,
    ApproveRequest,
    CancelAppointment,
    CancelRequest,
    ChooseTime,
    DecideSeries,
    DeclineOffer,
    DeclineRequest,
    EditRequest,
    OfferOtherTimes,
    OtherTime,
    SeriesDecision,
    SubmitPreferredTimes,
    SubmitRequest,
    SubmitSeries,
)
from clinic_requests.entrypoints.documents import (
    PendingCount,
    RequestDocument,
    RequestPage,
    RequestWithHistoryDocument,
    SeriesDecisionOutcome,
    SeriesDecisionOutcomes,
    SeriesRequests,
)
from clinic_requests.service_layer import answering_offers, queries, reviewing, submission, withdrawing
from clinic_requests.service_layer.queries import Viewer
from clinic_requests.service_layer.unit_of_work import UnitOfWorkFactory
from servicekit.actor_auth import CurrentActor, kind_may_not
from servicekit.actor_tokens import ActorKind, SystemActor
from servicekit.change_signals import woken_or_timed_out
from servicekit.paging import Offset, PageSize
from servicekit.problems import problem_response
from servicekit.request_body import RequestBody as Body
from servicekit.runtime import Runtime, ServiceRuntime
from servicekit.settings_freshness import SettingsCatchingUp, parse_seen, wait_until_caught_up

router = APIRouter(prefix="/requests", tags=["appointment requests"])

# Answers come within a second when all is well; longer than this, the caller should poll.
MAX_WAIT_SECONDS = 10.0
WAIT_POLL_SECONDS = 0.1
MAX_WAIT_POLL_SECONDS = 0.8


async def _units_of_work(request: Request) -> UnitOfWorkFactory:
    return request.app.state.units_of_work


UnitsOfWork = Annotated[UnitOfWorkFactory, Depends(_units_of_work)]
WaitSeconds = Annotated[
    float, Query(ge=0, le=MAX_WAIT_SECONDS, description="Wait up to this long for availability's answer.")
]


class NewSubmission(Body):
    """What every way of asking for a visit names (one time, preferred times, a weekly series)."""

    idempotency_key: str = Field(min_length=1, max_length=200)
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID

    def submitted_by(self, portal_user_id: UUID) -> dict[str, Any]:
        """The fields of the command (domain.commands.Submit) every submission shares."""
        return {
            "idempotency_key": self.idempotency_key,
            "portal_user_id": portal_user_id,
            "patient_id": self.patient_id,
            "case_id": self.case_id,
            "visit_type_id": self.visit_type_id,
            "location_id": self.location_id,
        }


class NewRequest(NewSubmission):
    start: Instant
    note: str = Field(default="", max_length=2000)


class NewPreferredTimesRequest(NewSubmission):
    preferred_times: PreferredTimes
    therapist_id: UUID | None = Field(default=None, description="A preferred therapist; default the case's.")
    note: str = Field(default="", max_length=2000)


class ChosenTime(Body):
    start: Instant = Field(description="A time inside the request's preferred times (a matching slot's start).")


class Edit(Body):
    start: Instant | None = None
    location_id: UUID | None = None
    visit_type_id: UUID | None = None
    therapist_id: UUID | None = None


class Decline(Body):
    reason: str = Field(max_length=1000)


class NewSeries(NewSubmission):
    first_start: Instant
    interval_weeks: int = Field(ge=1, le=2, description="Every week (1) or every second week (2).")
    visits: int = Field(
        ge=2, le=52, description="How many visits the series has; the clinic's `max_series_visits` bounds it."
    )
    send: list[int] = Field(
        min_length=1,
        max_length=52,
        description="The visits to request (1 is the first): those the preview showed available.",
    )
    note: str = Field(default="", max_length=2000)


class VisitDecision(Body):
    request_id: UUID
    decision: Literal["approve", "decline"]
    reason: str = Field(default="", max_length=1000, description="Why not: required to decline.")


class SeriesDecisions(Body):
    decisions: list[VisitDecision] = Field(min_length=1, max_length=52)


class OfferedTimeChoice(Edit):
    """One other time; what is left out stays the request's own."""

    start: Instant


class Offer(Body):
    # The rule (1 to 3 times) answers with its own code; this only bounds the body.
    times: list[OfferedTimeChoice] = Field(max_length=20)


class Acceptance(Body):
    hold_id: UUID = Field(description="The offered time's `hold_id`, from the request's `counter_offer`.")


class Filters(BaseModel):
    status: list[RequestStatus] = []
    location_id: UUID | None = None
    therapist_id: UUID | None = None
    patient_id: UUID | None = None
    series_id: UUID | None = Field(default=None, description="The visits of one weekly series.")
    starts_from: Instant | None = Field(default=None, description="Requests starting at or after this time.")
    starts_before: Instant | None = Field(default=None, description="Requests starting before this time.")

    def request_filter(self) -> RequestFilter:
        return RequestFilter(
            statuses=tuple(self.status),
            location_id=self.location_id,
            therapist_id=self.therapist_id,
            patient_id=self.patient_id,
            series_id=self.series_id,
            starts_from=_utc(self.starts_from),
            starts_before=_utc(self.starts_before),
        )


async def _viewer(actor: CurrentActor) -> Viewer:
    """A portal user sees their own requests; a staff user those of the patients they may see; an
    operator all of them. The gateway on its own behalf sees none."""
    if actor.kind is ActorKind.SYSTEM and not actor.is_system(SystemActor.OPERATOR):
        raise kind_may_not(actor)
    return Viewer(portal_user_id=actor.portal_user_id, staff_user_id=actor.staff_user_id)


async def _portal_user(actor: CurrentActor) -> UUID:
    if actor.portal_user_id is None:
        raise kind_may_not(actor)
    return actor.portal_user_id


async def _staff_user(actor: CurrentActor) -> UUID:
    if actor.staff_user_id is None:
        raise kind_may_not(actor)
    return actor.staff_user_id


# Dependencies, so they are decided before the body is read: a caller who may not use a route
# learns nothing of what it would accept.
RequestViewer = Annotated[Viewer, Depends(_viewer)]
SettingsSeen = Annotated[
    str | None,
    Header(
        alias="Settings-Seen",
        max_length=2000,
        description="The settings revisions the caller saw (servicekit.settings_freshness): the"
        " request is judged once this service's copy of the settings has them.",
    ),
]
PortalUserId = Annotated[UUID, Depends(_portal_user)]
StaffUserId = Annotated[UUID, Depends(_staff_user)]


async def _settings_catching_up(runtime: ServiceRuntime, settings_seen: str | None, path: str) -> Response | None:
    """A 503 to retry when this service's copy of the settings lacks what the caller saw."""
    try:
        await wait_until_caught_up(runtime, parse_seen(settings_seen), runtime.settings.settings_catch_up_seconds)
    except SettingsCatchingUp as catching_up:
        answer = problem_response(catching_up, path)
        answer.headers["Retry-After"] = str(SettingsCatchingUp.RETRY_AFTER_SECONDS)
        return answer
    return None


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


# A use case of a command (service_layer): `handle(uows, command, now)`.
Handler = Callable[[UnitOfWorkFactory, Any, datetime], Awaitable[Any]]


@dataclass(frozen=True)
class Answering:
    """How a command's route answers: with the request as the caller sees it once the command is
    handled, after waiting up to `wait_seconds` for availability's answer (`_answer`)."""

    runtime: ServiceRuntime
    uows: UnitOfWorkFactory
    response: Response
    wait_seconds: float = 0

    async def submitted(self, submit: Handler, command: Any) -> Any:
        """A portal user's submission: the same `idempotency_key` again answers with the first
        submission, so marked (header `Idempotent-Replayed`)."""
        submitted = await submit(self.uows, command, _now())
        if not submitted.created:
            self.response.headers["Idempotent-Replayed"] = "true"
        return submitted

    async def of(self, request: AppointmentRequest, answering: Viewer) -> RequestWithHistoryDocument:
        return await _answer(self.runtime, self.uows, request, self.wait_seconds, answering=answering)

    async def decided(self, decide: Handler, command: Any) -> RequestWithHistoryDocument:
        """A scheduler's decision (the command names them) on a request they may see, answered as
        they see it; one of a patient they may not see is not found, as if it did not exist."""
        scheduler = Viewer(staff_user_id=command.staff_user_id)
        await queries.ensure_visible(self.uows, command.request_id, scheduler)
        return await self.of(await decide(self.uows, command, _now()), scheduler)

    async def of_own(self, act: Handler, command: Any, viewer: Viewer) -> RequestWithHistoryDocument:
        """The portal user's step on a request of theirs: another family's is not found, as if it
        did not exist."""
        await queries.ensure_visible(self.uows, command.request_id, viewer)
        return await self.of(await act(self.uows, command, _now()), viewer)


async def _answering(
    runtime: Runtime, uows: UnitsOfWork, response: Response, wait_seconds: WaitSeconds = 0
) -> Answering:
    return Answering(runtime, uows, response, wait_seconds)


async def _answering_at_once(runtime: Runtime, uows: UnitsOfWork, response: Response) -> Answering:
    return Answering(runtime, uows, response)


# A command that starts a conversation with availability lets its caller wait for the answer.
Answers = Annotated[Answering, Depends(_answering)]
AnswersAtOnce = Annotated[Answering, Depends(_answering_at_once)]


@router.post("", status_code=201, response_model=RequestWithHistoryDocument)
async def submit_request(
    portal_user_id: PortalUserId, body: NewRequest, answer: Answers, settings_seen: SettingsSeen = None
) -> Response:
    """Submit a portal user's request (status `submitted`). The same `idempotency_key` from the
    same portal user answers with the first submission again (header `Idempotent-Replayed`)."""
    if catching_up := await _settings_catching_up(answer.runtime, settings_seen, "/requests"):
        return catching_up
    command = SubmitRequest(**body.submitted_by(portal_user_id), start=body.start.astimezone(UTC), note=body.note)
    submitted = await answer.submitted(submission.submit_request, command)
    return await answer.of(submitted.request, Viewer(portal_user_id=portal_user_id))


@router.post("/preferred-times", status_code=201, response_model=RequestWithHistoryDocument)
async def submit_preferred_times(
    portal_user_id: PortalUserId,
    body: NewPreferredTimesRequest,
    answer: AnswersAtOnce,
    settings_seen: SettingsSeen = None,
) -> Response | RequestWithHistoryDocument:
    """Ask for preferred times instead of one (status `awaiting-time`, nothing held): judged as a
    single request is, with the windows' dates in place of its start. The same `idempotency_key`
    answers with the first submission again (header `Idempotent-Replayed`)."""
    if catching_up := await _settings_catching_up(answer.runtime, settings_seen, "/requests/preferred-times"):
        return catching_up
    command = SubmitPreferredTimes(
        **body.submitted_by(portal_user_id),
        preferred_times=body.preferred_times,
        therapist_id=body.therapist_id,
        note=body.note,
    )
    submitted = await answer.submitted(submission.submit_preferred_times, command)
    return await answer.of(submitted.request, Viewer(portal_user_id=portal_user_id))


@router.post("/series", status_code=201, response_model=SeriesRequests)
async def submit_series(
    portal_user_id: PortalUserId, body: NewSeries, answer: Answers, settings_seen: SettingsSeen = None
) -> Response | SeriesRequests:
    """Submit a weekly series (domain/request_series.py): one request per visit in `send`, all in
    one transaction under one `idempotency_key`, each then held (or refused) on its own. The
    series counts once against the case's cap."""
    if catching_up := await _settings_catching_up(answer.runtime, settings_seen, "/requests/series"):
        return catching_up
    command = SubmitSeries(
        **body.submitted_by(portal_user_id),
        first_start=body.first_start.astimezone(UTC),
        interval_weeks=body.interval_weeks,
        visits=body.visits,
        send=tuple(body.send),
        note=body.note,
    )
    submitted = await answer.submitted(submission.submit_series, command)
    deadline = time.monotonic() + answer.wait_seconds
    family = Viewer(portal_user_id=portal_user_id)
    requests = [
        await _answer(answer.runtime, answer.uows, request, max(0.0, deadline - time.monotonic()), answering=family)
        for request in submitted.requests
    ]
    series = submitted.series
    return SeriesRequests(
        series_id=series.series_id, interval_weeks=series.interval_weeks, visits=series.visits, requests=requests
    )


@router.post("/series/{series_id}/decisions")
async def decide_series(
    series_id: UUID, staff_user_id: StaffUserId, body: SeriesDecisions, answer: Answers
) -> SeriesDecisionOutcomes:
    """A scheduler's answers for visits of one series: approve, or decline with a reason. Each is
    applied as the single request's approve or decline would be; one refused leaves the others."""
    command = DecideSeries(
        series_id,
        staff_user_id,
        tuple(SeriesDecision(d.request_id, d.decision == "approve", d.reason) for d in body.decisions),
    )
    outcomes = await reviewing.decide_series(answer.uows, command, _now())
    deadline = time.monotonic() + answer.wait_seconds
    answered = []
    for outcome in outcomes:
        if outcome.request is None:
            answered.append(
                SeriesDecisionOutcome(
                    request_id=outcome.request_id, applied=False, code=outcome.code, detail=outcome.detail
                )
            )
            continue
        staff = Viewer(staff_user_id=staff_user_id)
        left = max(0.0, deadline - time.monotonic())
        request = await _answer(answer.runtime, answer.uows, outcome.request, left, answering=staff)
        answered.append(SeriesDecisionOutcome(request_id=outcome.request_id, applied=True, request=request))
    return SeriesDecisionOutcomes(series_id=series_id, outcomes=answered)


@router.get("")
async def list_requests(
    viewer: RequestViewer,
    uows: UnitsOfWork,
    filters: Annotated[Filters, Query()],
    order: Order = Order.NEWEST,
    limit: PageSize = 50,
    offset: Offset = 0,
) -> RequestPage:
    listed = await queries.list_requests(uows, filters.request_filter(), viewer, order, limit=limit, offset=offset)
    items = [RequestDocument.of(seen) for seen in listed.seen]
    return RequestPage(items=items, total=listed.page.total, limit=limit, offset=offset)


@router.get("/pending-count")
async def pending_count(viewer: RequestViewer, uows: UnitsOfWork, filters: Annotated[Filters, Query()]) -> PendingCount:
    """The scheduler's badge: pending requests, with the list's filters (a status filter is ignored)."""
    return PendingCount(pending=await queries.pending_count(uows, filters.request_filter(), viewer))


@router.get("/{request_id}")
async def get_request(request_id: UUID, viewer: RequestViewer, uows: UnitsOfWork) -> RequestWithHistoryDocument:
    """Not found, too, when the actor may not see it."""
    return RequestWithHistoryDocument.of_found(await queries.one_request(uows, request_id, viewer))


@router.post("/{request_id}/approve")
async def approve_request(request_id: UUID, staff_user_id: StaffUserId, answer: Answers) -> RequestWithHistoryDocument:
    """Start booking the appointment (status `approving`); availability's answer makes it
    `approved`, or `pending` again, marked conflicting. A repeat changes nothing."""
    return await answer.decided(reviewing.approve_request, ApproveRequest(request_id, staff_user_id))


@router.post("/{request_id}/edit")
async def edit_request(
    request_id: UUID, staff_user_id: StaffUserId, body: Edit, answer: Answers
) -> RequestWithHistoryDocument:
    """Propose a new time, location, visit type or therapist (`proposed_edit`); it applies once
    availability holds the new time, else `edit_refusal` says why and the request keeps its time."""
    command = EditRequest(
        request_id=request_id,
        staff_user_id=staff_user_id,
        start=_utc(body.start),
        location_id=body.location_id,
        visit_type_id=body.visit_type_id,
        therapist_id=body.therapist_id,
    )
    return await answer.decided(reviewing.edit_request, command)


@router.post("/{request_id}/choose-time")
async def choose_time(
    request_id: UUID, staff_user_id: StaffUserId, body: ChosenTime, answer: Answers
) -> RequestWithHistoryDocument:
    """Answer a request awaiting a time with `start`, inside its preferred times: availability holds
    it (`proposed_edit` meanwhile), then the request is approved at it (`approving`, then
    `approved` once booked). Refused by the calendar: `edit_refusal` says why, still awaiting a time."""
    command = ChooseTime(request_id, staff_user_id, body.start.astimezone(UTC))
    return await answer.decided(reviewing.choose_time, command)


@router.post("/{request_id}/offer")
async def offer_other_times(
    request_id: UUID, staff_user_id: StaffUserId, body: Offer, answer: Answers
) -> RequestWithHistoryDocument:
    """Offer the portal user 1 to 3 other times instead of the asked-for one (status `offering`).
    Availability holds those it can and releases the asked-for time: `offered`, waiting for the
    portal user until `counter_offer.answer_by`. None held: `pending` again with its own time, the
    offer's `outcome` `none-held`."""
    times = tuple(
        OtherTime(_utc(time.start), time.location_id, time.visit_type_id, time.therapist_id) for time in body.times
    )
    return await answer.decided(reviewing.offer_other_times, OfferOtherTimes(request_id, staff_user_id, times))


@router.post("/{request_id}/offer/accept")
async def accept_offered_time(
    request_id: UUID, portal_user_id: PortalUserId, viewer: RequestViewer, body: Acceptance, answer: Answers
) -> RequestWithHistoryDocument:
    """The portal user accepts one offered time: the request is approved at it (`approving`, then
    `approved` once booked) and the other offered times are released. A repeat changes nothing."""
    command = AcceptOfferedTime(request_id, portal_user_id, body.hold_id)
    return await answer.of_own(answering_offers.accept_offered_time, command, viewer)


@router.post("/{request_id}/offer/decline")
async def decline_offer(
    request_id: UUID, portal_user_id: PortalUserId, viewer: RequestViewer, answer: AnswersAtOnce
) -> RequestWithHistoryDocument:
    """The portal user declines every offered time: the request ends (`offer-declined`) and the
    held times are released."""
    return await answer.of_own(answering_offers.decline_offer, DeclineOffer(request_id, portal_user_id), viewer)


@router.post("/{request_id}/decline")
async def decline_request(
    request_id: UUID, staff_user_id: StaffUserId, body: Decline, answer: AnswersAtOnce
) -> RequestWithHistoryDocument:
    return await answer.decided(reviewing.decline_request, DeclineRequest(request_id, staff_user_id, body.reason))


@router.post("/{request_id}/cancel")
async def cancel_request(
    request_id: UUID, portal_user_id: PortalUserId, viewer: RequestViewer, answer: AnswersAtOnce
) -> RequestWithHistoryDocument:
    """The portal user withdraws a request still waiting for an answer. Another family's request
    is not found, as if it did not exist."""
    return await answer.of_own(withdrawing.cancel_request, CancelRequest(request_id, portal_user_id), viewer)


@router.post("/{request_id}/cancel-appointment")
async def cancel_appointment(
    request_id: UUID, portal_user_id: PortalUserId, viewer: RequestViewer, answer: Answers
) -> RequestWithHistoryDocument:
    """The portal user cancels an approved request's appointment, up to the clinic's
    `portal_cancellation_notice_hours` before it starts (status `cancelling`); availability cancels
    it and the request becomes `appointment-cancelled`. A repeat changes nothing."""
    return await answer.of_own(withdrawing.cancel_appointment, CancelAppointment(request_id, portal_user_id), viewer)


async def _answer(
    runtime: ServiceRuntime,
    uows: UnitOfWorkFactory,
    request: AppointmentRequest,
    wait_seconds: float = 0,
    *,
    answering: Viewer,
) -> RequestWithHistoryDocument:
    """The request as stored now, after waiting (bounded) for availability's answer; read whole
    once, when the wait is over."""
    if request.awaits_availability and wait_seconds > 0:
        deadline = time.monotonic() + wait_seconds
        return RequestWithHistoryDocument.of_found(
            await once_answered(runtime, uows, request.request_id, deadline, answering)
        )
    return RequestWithHistoryDocument.of_found(await queries.one_request(uows, request.request_id, Viewer(), answering))


async def once_answered(
    runtime: ServiceRuntime, uows: UnitOfWorkFactory, request_id: UUID, deadline: float, answering: Viewer
) -> queries.RequestWithHistory:
    """The request as `answering` sees it, once availability's answer is stored, or at the
    deadline. Woken when this process commits a change to it (servicekit.change_signals): then
    the whole view is read at once, the answer being all but certain. Else the request's row
    alone is looked at every poll interval (another replica may have committed it), and the view
    read once it is answered; 16 callers each re-reading the whole view ten times a second while
    the calendar answered were most of this service's reads under load."""
    poll_seconds = WAIT_POLL_SECONDS
    # As this very call just stored it: nothing new to read before the first wait (the answer
    # takes a round trip through Kafka and availability).
    woken = looked = False
    while True:
        # Watched before reading: a commit between the read and the wait still wakes it.
        with runtime.changes.watching(("request", request_id)) as changed:
            out_of_time = time.monotonic() >= deadline
            if woken or out_of_time or (looked and not await queries.awaits_availability(uows, request_id)):
                seen = await queries.one_request(uows, request_id, Viewer(), answering)
                if out_of_time or not seen.request.awaits_availability:
                    return seen
            await woken_or_timed_out(changed, min(poll_seconds, deadline - time.monotonic()))
            woken, looked = changed.is_set(), True
            # The look is for another replica's commit: less often the longer the calendar takes
            # (it is slow when the machine is busy, and the looks would only make it busier).
            poll_seconds = min(poll_seconds * 2, MAX_WAIT_POLL_SECONDS)
