"""Who may withdraw (cancel) a request from the portal, and cancel its approved appointment."""

from datetime import datetime
from uuid import UUID

from clinic_contracts.access import portal_user_may_request_for
from clinic_contracts.events import PortalUserChanged, RequestPolicy
from clinic_requests.domain.appointment_request import AppointmentRequest
from clinic_requests.domain.rules import Breach, rule


def may_answer_for(portal_user: PortalUserChanged, asked_by: UUID, patient_id: UUID) -> bool:
    """What a portal user asked for (a request, a place on the waitlist), they or anyone who may
    request for that patient now (the other parent) may answer for."""
    asked = portal_user.portal_user_id == asked_by
    return asked or portal_user_may_request_for(portal_user, patient_id)


@rule("request-not-yours", "This portal account may not withdraw this request.", Breach.FORBIDDEN)
def PortalUserMayWithdrawRequest(portal_user: PortalUserChanged, request: AppointmentRequest) -> bool:
    """The portal user who asked, or anyone who may request for that patient now (the other parent)."""
    return may_answer_for(portal_user, request.portal_user_id, request.patient_id)


@rule(
    "portal-cancellation-not-allowed",
    "The clinic does not let appointments be cancelled from the portal; please call the clinic.",
    Breach.CONFLICT,
)
def ClinicMustLetPortalUsersCancel(policy: RequestPolicy) -> bool:
    """The clinic's policy decides whether an appointment may be cancelled from the portal at all."""
    return policy.portal_cancellation_notice_hours is not None


@rule(
    "cancellation-too-late",
    "Appointments can be cancelled from the portal up to {policy.portal_cancellation_notice_hours} hours"
    " before they start; please call the clinic.",
    Breach.CONFLICT,
)
def CancellationMustComeInTime(policy: RequestPolicy, start: datetime, now: datetime) -> bool:
    """Up to the policy's notice before the start (`RequestPolicy.portal_cancellation_deadline`)."""
    deadline = policy.portal_cancellation_deadline(start)
    return deadline is None or now <= deadline
