"""Who may withdraw (cancel) a request from the portal, and cancel its approved appointment."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from clinic_contracts.access import portal_user_may_request_for
from clinic_contracts.events import PortalUserChanged, RequestPolicy
from clinic_requests.domain.appointment_request import AppointmentRequest
from clinic_requests.domain.rules import Breach, BusinessRule


def may_answer_for(portal_user: PortalUserChanged, asked_by: UUID, patient_id: UUID) -> bool:
    """What a portal user asked for (a request, a place on the waitlist), they or anyone who may
    request for that patient now (the other parent) may answer for."""
    asked = portal_user.portal_user_id == asked_by
    return asked or portal_user_may_request_for(portal_user, patient_id)


@dataclass(frozen=True)
class PortalUserMayWithdrawRequest(BusinessRule):
    """The portal user who asked, or anyone who may request for that patient now (the other parent)."""

    code = "request-not-yours"
    breach = Breach.FORBIDDEN

    portal_user: PortalUserChanged
    request: AppointmentRequest

    def is_broken(self) -> bool:
        return not may_answer_for(self.portal_user, self.request.portal_user_id, self.request.patient_id)

    def message(self) -> str:
        return "This portal account may not withdraw this request."


@dataclass(frozen=True)
class ClinicMustLetPortalUsersCancel(BusinessRule):
    """The clinic's policy decides whether an appointment may be cancelled from the portal at all."""

    code = "portal-cancellation-not-allowed"
    breach = Breach.CONFLICT

    policy: RequestPolicy

    def is_broken(self) -> bool:
        return self.policy.portal_cancellation_notice_hours is None

    def message(self) -> str:
        return "The clinic does not let appointments be cancelled from the portal; please call the clinic."


@dataclass(frozen=True)
class CancellationMustComeInTime(BusinessRule):
    """Up to the policy's notice before the start (`RequestPolicy.portal_cancellation_deadline`)."""

    code = "cancellation-too-late"
    breach = Breach.CONFLICT

    policy: RequestPolicy
    start: datetime
    now: datetime

    def is_broken(self) -> bool:
        deadline = self.policy.portal_cancellation_deadline(self.start)
        return deadline is not None and self.now > deadline

    def message(self) -> str:
        hours = self.policy.portal_cancellation_notice_hours
        return (
            f"Appointments can be cancelled from the portal up to {hours} hours before they start;"
            " please call the clinic."
        )
