"""A portal user submits a request: judged by the settings, stored, and sent to availability to hold."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from clinic_contracts.events import LocationChanged, PatientCaseChanged
from clinic_contracts.weekly_series import series_occurrences
from clinic_requests.domain.appointment_request import (
    AppointmentRequest,
    PortalUserAsk,
    Reason,
    RequestedVisit,
    SeriesMembership,
)
from clinic_requests.domain.authorization import AuthorizationStanding, CountedVisit, standing
from clinic_requests.domain.commands import SubmitPreferredTimes, SubmitRequest, SubmitSeries
from clinic_requests.domain.request_series import RequestSeries, series_request_key
from clinic_requests.domain.review_rules import TherapistMustBeActive, TherapistMustWorkAtLocation
from clinic_requests.domain.rules import check
from clinic_requests.domain.submission_rules import (
    CaseMustBeUnderPendingRequestCap,
    SettingsMustBelongToOneClinic,
    SubmissionSettings,
    beyond_authorization,
    preferred_times_rules,
    series_rules,
    series_visit_rules,
    submission_rules,
)
from clinic_requests.service_layer.unit_of_work import RequestsUnitOfWork, UnitOfWorkFactory
from servicekit.errors import DomainError

Submitted = TypeVar("Submitted", "Submission", "SeriesSubmission")


class IdempotencyKeyReused(DomainError):
    """The same portal user sent the same key with a different request."""

    code = "idempotency-key-reused"
    status = 409
    title = "The idempotency key was used for a different request"

    def __init__(self) -> None:
        super().__init__(
            "This portal user already submitted a different request with this idempotency key; use a new key."
        )


@dataclass(frozen=True)
class Submission:
    request: AppointmentRequest
    # False when the key had been seen: `request` is the first submission's.
    created: bool


async def submit_request(uows: UnitOfWorkFactory, command: SubmitRequest, now: datetime) -> Submission:
    async def accepted(uow: RequestsUnitOfWork) -> Submission:
        return await _stored(uow, await _accept(uow, command, now))

    return await _once(uows, lambda uow: _earlier_submission(uow, command), accepted)


async def _once(
    uows: UnitOfWorkFactory,
    earlier: Callable[[RequestsUnitOfWork], Awaitable[Submitted | None]],
    accepted: Callable[[RequestsUnitOfWork], Awaitable[Submitted]],
) -> Submitted:
    """A submission stored in one transaction, unless its idempotency key's first one is found: that
    answers instead."""
    try:
        async with uows.begin() as uow:
            if (first := await earlier(uow)) is not None:
                return first
            return await accepted(uow)
    except IntegrityError:
        # The same key, submitted twice at the same moment: the other one was stored first.
        async with uows.begin() as uow:
            if (first := await earlier(uow)) is not None:
                return first
        raise


async def _stored(uow: RequestsUnitOfWork, request: AppointmentRequest) -> Submission:
    await uow.add(request)
    return Submission(request, created=True)


async def _earlier_submission(
    uow: RequestsUnitOfWork, command: SubmitRequest | SubmitPreferredTimes
) -> Submission | None:
    earlier = await uow.requests.by_idempotency_key(command.portal_user_id, command.idempotency_key)
    if earlier is None:
        return None
    if earlier.submission_fingerprint != command.fingerprint():
        raise IdempotencyKeyReused()
    return Submission(earlier, created=False)


async def _settings_of(
    uow: RequestsUnitOfWork, command: SubmitRequest | SubmitSeries | SubmitPreferredTimes
) -> SubmissionSettings:
    # One query for the four the command names and their clinic; the clinic judged by is the case's.
    await uow.settings.load(
        ("case", command.case_id),
        ("portal_user", command.portal_user_id),
        ("location", command.location_id),
        ("visit_type", command.visit_type_id),
        their_clinics=True,
    )
    case = await uow.settings.case(command.case_id)
    return SubmissionSettings(
        clinic=await uow.settings.clinic(case.clinic_id),
        portal_user=await uow.settings.portal_user(command.portal_user_id),
        case=case,
        location=await uow.settings.location(command.location_id),
        visit_type=await uow.settings.visit_type(command.visit_type_id),
    )


async def _accept(uow: RequestsUnitOfWork, command: SubmitRequest, now: datetime) -> AppointmentRequest:
    settings = await _settings_of(uow, command)
    case = settings.case
    await uow.requests.lock_case(case.case_id)
    open_requests = await uow.requests.count_open_for_case(case.case_id)
    check(*submission_rules(settings, command.patient_id, command.start, now, open_requests))

    policy = settings.clinic.request_policy
    (judged,) = await _authorization_standings(uow, case, settings.location, [command.start])
    authorization_warnings = beyond_authorization(case, judged, policy)
    return _submitted(
        settings,
        command,
        command.start,
        idempotency_key=command.idempotency_key,
        fingerprint=command.fingerprint(),
        now=now,
        authorization_warnings=authorization_warnings,
    )


def _submitted(
    settings: SubmissionSettings,
    command: SubmitRequest | SubmitSeries,
    start: datetime,
    *,
    idempotency_key: str,
    fingerprint: str,
    now: datetime,
    authorization_warnings: tuple[Reason, ...],
    series: SeriesMembership | None = None,
) -> AppointmentRequest:
    """One request as submitted (a single one, or one visit of a series): the case's therapist,
    the visit type's length, a hold of its own asked for."""
    case, policy = settings.case, settings.clinic.request_policy
    visit = RequestedVisit(
        start=start,
        end=settings.visit_type.visit_end(start),
        location_id=settings.location.location_id,
        visit_type_id=settings.visit_type.visit_type_id,
        therapist_id=case.primary_therapist_id,
    )
    return AppointmentRequest.submit(
        _ask(case, command, visit, idempotency_key, fingerprint),
        hold_id=uuid4(),
        holds_slot=policy.pending_request_holds_slot,
        now=now,
        authorization_warnings=authorization_warnings,
        series=series,
    )


def _ask(
    case: PatientCaseChanged,
    command: SubmitRequest | SubmitSeries | SubmitPreferredTimes,
    visit: RequestedVisit,
    idempotency_key: str,
    fingerprint: str,
) -> PortalUserAsk:
    """The portal user's ask, for a request of its own (new ids for it and its correlation)."""
    return PortalUserAsk(
        request_id=uuid4(),
        clinic_id=case.clinic_id,
        idempotency_key=idempotency_key,
        submission_fingerprint=fingerprint,
        portal_user_id=command.portal_user_id,
        patient_id=command.patient_id,
        case_id=case.case_id,
        visit=visit,
        note=command.note,
        correlation_id=uuid4(),
    )


async def _authorization_standings(
    uow: RequestsUnitOfWork, case: PatientCaseChanged, location: LocationChanged, starts: list[datetime]
) -> list[AuthorizationStanding | None]:
    """How the case would stand with each of these visits, all of them requested at once (one
    request, or a series' visits); None each when it tracks no authorization. The case is locked
    (`lock_case`), so two submissions cannot both take its last visit."""
    if case.authorization is None:
        return [None for _ in starts]
    visits = (await uow.requests.counted_visits([case.case_id]))[case.case_id]
    requested = [CountedVisit(start, booked=False) for start in starts]
    zone = ZoneInfo(location.time_zone)
    return [standing(case.authorization, zone, start, [*visits, *requested]) for start in starts]


async def submit_preferred_times(uows: UnitOfWorkFactory, command: SubmitPreferredTimes, now: datetime) -> Submission:
    """Stored awaiting a time: nothing is held, so nothing waits for availability."""

    async def accepted(uow: RequestsUnitOfWork) -> Submission:
        return await _stored(uow, await _accept_preferred_times(uow, command, now))

    return await _once(uows, lambda uow: _earlier_submission(uow, command), accepted)


async def _accept_preferred_times(
    uow: RequestsUnitOfWork, command: SubmitPreferredTimes, now: datetime
) -> AppointmentRequest:
    settings = await _settings_of(uow, command)
    case, location, windows = settings.case, settings.location, command.preferred_times
    await uow.requests.lock_case(case.case_id)
    open_requests = await uow.requests.count_open_for_case(case.case_id)
    check(*preferred_times_rules(settings, command.patient_id, windows, now, open_requests))
    therapist = await uow.settings.therapist(command.therapist_id or case.primary_therapist_id)
    check(
        SettingsMustBelongToOneClinic(case.clinic_id, (("therapist", therapist.clinic_id),)),
        TherapistMustBeActive(therapist),
        TherapistMustWorkAtLocation(therapist, location),
    )
    zone = ZoneInfo(location.time_zone)
    # One open visit against the authorization, dated by the windows' first date.
    (judged,) = await _authorization_standings(uow, case, location, [windows.first_moment(zone)])
    spanning = RequestedVisit(
        start=windows.first_moment(zone),
        end=windows.last_moment(zone),
        location_id=location.location_id,
        visit_type_id=settings.visit_type.visit_type_id,
        therapist_id=therapist.therapist_id,
    )
    return AppointmentRequest.ask_for_preferred_times(
        _ask(case, command, spanning, command.idempotency_key, command.fingerprint()),
        preferred_times=windows,
        now=now,
        authorization_warnings=beyond_authorization(case, judged, settings.clinic.request_policy),
    )


@dataclass(frozen=True)
class SeriesSubmission:
    series: RequestSeries
    # The visits sent, in order; each an ordinary request, submitted for its own hold.
    requests: list[AppointmentRequest]
    created: bool


async def submit_series(uows: UnitOfWorkFactory, command: SubmitSeries, now: datetime) -> SeriesSubmission:
    """All of the series' requests in one transaction under one idempotency key: a retry answers
    with the first submission's requests."""

    async def accepted(uow: RequestsUnitOfWork) -> SeriesSubmission:
        series, requests = await _accept_series(uow, command, now)
        await uow.requests.add_series(series)
        for request in requests:
            await uow.add(request)
        return SeriesSubmission(series, requests, created=True)

    return await _once(uows, lambda uow: _earlier_series(uow, command), accepted)


async def _earlier_series(uow: RequestsUnitOfWork, command: SubmitSeries) -> SeriesSubmission | None:
    earlier = await uow.requests.series_by_idempotency_key(command.portal_user_id, command.idempotency_key)
    if earlier is None:
        return None
    if earlier.submission_fingerprint != command.fingerprint():
        raise IdempotencyKeyReused()
    return SeriesSubmission(earlier, await uow.requests.in_series(earlier.series_id), created=False)


async def _accept_series(
    uow: RequestsUnitOfWork, command: SubmitSeries, now: datetime
) -> tuple[RequestSeries, list[AppointmentRequest]]:
    settings = await _settings_of(uow, command)
    case, policy = settings.case, settings.clinic.request_policy
    await uow.requests.lock_case(case.case_id)
    open_requests = await uow.requests.count_open_for_case(case.case_id)
    check(*series_rules(settings, command.patient_id, command.interval_weeks, command.visits, command.send))
    occurrences = series_occurrences(
        command.first_start, ZoneInfo(settings.location.time_zone), command.interval_weeks, command.visits
    )
    sent = [occurrences[number - 1] for number in sorted(set(command.send))]
    for occurrence in sent:
        check(*series_visit_rules(policy, occurrence, now))
    # Once for the whole series: it is one ask of the portal user.
    check(CaseMustBeUnderPendingRequestCap(policy, open_requests))
    # Every visit sent uses the authorization: under `block` a series beyond it is refused whole.
    judged = await _authorization_standings(uow, case, settings.location, [visit.start for visit in sent])
    warnings = [beyond_authorization(case, standing_of_visit, policy) for standing_of_visit in judged]
    series = RequestSeries(
        series_id=uuid4(),
        clinic_id=case.clinic_id,
        portal_user_id=command.portal_user_id,
        idempotency_key=command.idempotency_key,
        submission_fingerprint=command.fingerprint(),
        case_id=case.case_id,
        interval_weeks=command.interval_weeks,
        visits=command.visits,
        submitted_at=now,
    )
    requests = [
        _submitted(
            settings,
            command,
            occurrence.start,
            idempotency_key=series_request_key(series.series_id, occurrence.number),
            fingerprint=series.submission_fingerprint,
            now=now,
            authorization_warnings=visit_warnings,
            series=SeriesMembership(series.series_id, occurrence.number, command.visits),
        )
        for occurrence, visit_warnings in zip(sent, warnings, strict=True)
    ]
    return series, requests
