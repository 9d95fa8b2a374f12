"""A portal user submits a request: judged by the settings, stored, and sent to availability to hold."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from servicekit.runtime import ServiceRuntime

from clinic_contracts.events import LocationChanged, PatientCaseChanged

from clinic_requests.domain.appointment_request import AppointmentRequest, RequestedVisit
from clinic_requests.domain.authorization import AuthorizationStanding, CountedVisit, standing
from clinic_requests.domain.commands import SubmitRequest
from clinic_requests.domain.rules import check
from clinic_requests.domain.submission_rules import SubmissionSettings, beyond_authorization, submission_rules
from clinic_requests.service_layer.unit_of_work import RequestsUnitOfWork, unit_of_work


class IdempotencyKeyReused(Exception):
    """The same portal user sent the same key with a different request."""


@dataclass(frozen=True)
class Submission:
    request: AppointmentRequest
    # False when the key had been seen: `request` is the first submission's.
    created: bool


async def submit_request(runtime: ServiceRuntime, command: SubmitRequest, now: datetime) -> Submission:
    try:
        async with unit_of_work(runtime) as uow:
            if earlier := await _earlier_submission(uow, command):
                return Submission(earlier, created=False)
            request = await _accept(uow, command, now)
            await uow.add(request)
            return Submission(request, created=True)
    except IntegrityError:
        # The same key, submitted twice at the same moment: the other one was stored first.
        async with unit_of_work(runtime) as uow:
            if earlier := await _earlier_submission(uow, command):
                return Submission(earlier, created=False)
        raise


async def _earlier_submission(uow: RequestsUnitOfWork, command: SubmitRequest) -> AppointmentRequest | None:
    earlier = await uow.requests.by_idempotency_key(command.portal_user_id, command.idempotency_key)
    if earlier is not None and earlier.submission_fingerprint != command.fingerprint():
        raise IdempotencyKeyReused()
    return earlier


async def _accept(uow: RequestsUnitOfWork, command: SubmitRequest, now: datetime) -> AppointmentRequest:
    # One query for the four the command names; the clinic is the case's.
    await uow.settings.load(
        ("case", command.case_id),
        ("portal_user", command.portal_user_id),
        ("location", command.location_id),
        ("visit_type", command.visit_type_id),
    )
    case = await uow.settings.case(command.case_id)
    settings = SubmissionSettings(
        clinic=await uow.settings.clinic(case.clinic_id),
        portal_user=await uow.settings.portal_user(command.portal_user_id),
        case=case,
        location=await uow.settings.location(command.location_id),
        visit_type=await uow.settings.visit_type(command.visit_type_id),
    )
    await uow.requests.lock_case(case.case_id)
    open_requests = await uow.requests.count_open_for_case(case.case_id)
    check(*submission_rules(settings, command.patient_id, command.start, now, open_requests))

    policy = settings.clinic.request_policy
    judged = await _authorization_standing(uow, case, settings.location, command.start)
    authorization_warnings = beyond_authorization(case, judged, policy)
    return AppointmentRequest.submit(
        request_id=uuid4(),
        clinic_id=case.clinic_id,
        idempotency_key=command.idempotency_key,
        submission_fingerprint=command.fingerprint(),
        portal_user_id=command.portal_user_id,
        patient_id=command.patient_id,
        case_id=case.case_id,
        visit=RequestedVisit(
            start=command.start,
            end=command.start + timedelta(minutes=settings.visit_type.duration_minutes),
            location_id=settings.location.location_id,
            visit_type_id=settings.visit_type.visit_type_id,
            therapist_id=case.primary_therapist_id,
        ),
        note=command.note,
        hold_id=uuid4(),
        holds_slot=policy.pending_request_holds_slot,
        correlation_id=uuid4(),
        now=now,
        authorization_warnings=authorization_warnings,
    )


async def _authorization_standing(
    uow: RequestsUnitOfWork, case: PatientCaseChanged, location: LocationChanged, start: datetime
) -> AuthorizationStanding | None:
    """How the case would stand with this visit requested; None when it tracks no authorization.
    The case is locked (`lock_case`), so two submissions cannot both take its last visit."""
    if case.authorization is None:
        return None
    visits = (await uow.requests.counted_visits([case.case_id]))[case.case_id]
    requested = CountedVisit(start, booked=False)
    return standing(case.authorization, ZoneInfo(location.time_zone), start, [*visits, requested])
