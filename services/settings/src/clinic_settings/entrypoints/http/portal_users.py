from typing import Annotated
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PortalUserChanged,
    PortalUserRole,
    VisitTypeChanged,
)
from clinic_settings.domain.portal_user import PortalUser
from clinic_settings.entrypoints.http.common import RequestBody
from clinic_settings.entrypoints.http.entity_routes import Part
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.entrypoints.http.user_routes import user_router
from clinic_settings.service_layer import reading


class NewPortalUser(RequestBody):
    portal_user_id: UUID | None = None
    name: str = Field(max_length=200)
    email: str
    password: str
    role: PortalUserRole
    patient_ids: tuple[UUID, ...] = ()


class PortalUserChange(RequestBody):
    """Deactivate with `{"active": false}`: no sign-in, no new requests, nothing deleted."""

    name: str | None = Field(default=None, max_length=200)
    email: str | None = None
    active: bool | None = None


LINKING = "The patients this user may request for; leaving one out unlinks it."
PARTS = (Part("patients", tuple[UUID, ...], "patient_ids", LINKING),)
router = user_router(PortalUser, "portal-users", new=NewPortalUser, change=PortalUserChange, parts=PARTS)


class RequestSettingsDocument(BaseModel):
    """What a portal user's appointment request is judged by, as this service holds it now, in one
    read. `case`, `location` and `visit_type` are null when the user may not see them (another
    family's case, another clinic's location) or they do not exist: the same to the caller."""

    portal_user: PortalUserChanged
    clinic: ClinicSettingsChanged
    case: PatientCaseChanged | None
    location: LocationChanged | None
    visit_type: VisitTypeChanged | None


@router.get("/portal-users/{portal_user_id}/request-settings")
async def get_request_settings(
    portal_user_id: UUID,
    case_id: UUID,
    visit_type_id: UUID,
    uow: UnitOfWork,
    location_id: Annotated[UUID | None, Query(description="The location asked for; the case's own if left out")] = None,
) -> RequestSettingsDocument:
    """For the gateway's portal: a submission's `Settings-Seen` revisions and the case it checks is
    the user's, or whether the case's times may be listed, in one call where it took four."""
    found = await reading.request_settings(uow, portal_user_id, case_id, visit_type_id, location_id)
    return RequestSettingsDocument(
        **{name: None if entity is None else entity.as_event() for name, entity in vars(found).items()}
    )
