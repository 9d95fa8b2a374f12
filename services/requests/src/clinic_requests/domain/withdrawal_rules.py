"""Who may withdraw (cancel) a request from the portal."""

from dataclasses import dataclass

from clinic_contracts.access import portal_user_may_request_for
from clinic_contracts.events import PortalUserChanged

from clinic_requests.domain.appointment_request import AppointmentRequest
from clinic_requests.domain.rules import Breach, BusinessRule


@dataclass(frozen=True)
class PortalUserMayWithdrawRequest(BusinessRule):
    """The portal user who asked, or anyone who may request for that patient now (the other parent)."""

    code = "request-not-yours"
    breach = Breach.FORBIDDEN

    portal_user: PortalUserChanged
    request: AppointmentRequest

    def is_broken(self) -> bool:
        asked = self.portal_user.portal_user_id == self.request.portal_user_id
        return not (asked or portal_user_may_request_for(self.portal_user, self.request.patient_id))

    def message(self) -> str:
        return "This portal account may not withdraw this request."
