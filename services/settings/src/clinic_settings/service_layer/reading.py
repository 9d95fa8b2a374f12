"""What a portal user's appointment request is judged by, read at once (one entity, or a clinic's
list, is read by service_layer.entities)."""

from dataclasses import dataclass
from uuid import UUID

from clinic_contracts.access import portal_user_may_request_for
from clinic_settings.domain.clinic import Clinic
from clinic_settings.domain.location import Location
from clinic_settings.domain.patient_case import PatientCase
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.domain.visit_type import VisitType
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork


@dataclass(frozen=True)
class RequestSettings:
    """What a portal user's appointment request is judged by, read in one transaction: the case
    (only if of a patient linked to the user), the user's clinic, and the location and visit type
    asked for (only if of that clinic). What the user may not see is None, as if it did not exist."""

    portal_user: PortalUser
    clinic: Clinic
    case: PatientCase | None
    location: Location | None
    visit_type: VisitType | None


async def request_settings(
    uow: SettingsUnitOfWork,
    portal_user_id: UUID,
    case_id: UUID,
    visit_type_id: UUID,
    location_id: UUID | None = None,
) -> RequestSettings:
    """`location_id` None: the case's own location."""
    async with uow:
        portal_user = await uow.existing(uow.portal_users, portal_user_id)
        clinic_id = portal_user.clinic_id
        asked = [(uow.clinics, clinic_id), (uow.patient_cases, case_id), (uow.visit_types, visit_type_id)]
        if location_id is not None:
            asked.append((uow.locations, location_id))
        # In one query where the location is named (a submission); else the case's, once known.
        _, case, visit_type, *named_location = await uow.get_each(asked)
        clinic = await uow.clinic(clinic_id)  # read with the others: no second query
        if case is not None and (
            case.clinic_id != clinic_id or not portal_user_may_request_for(portal_user.as_event(), case.patient_id)
        ):
            case = None
        if location_id is not None:
            location = named_location[0]
        else:
            location = None if case is None else await uow.locations.get(case.location_id)
        return RequestSettings(
            portal_user=portal_user,
            clinic=clinic,
            case=case,
            location=location if location is not None and location.clinic_id == clinic_id else None,
            visit_type=visit_type if visit_type is not None and visit_type.clinic_id == clinic_id else None,
        )
