"""`GET /clinics/{clinic_id}/directory`: the patients, therapists, locations and visit types a page
names, by id, in one call and one transaction. The scheduler's pages name the people and places of
a page of requests or a calendar; reading the clinic's whole lists for that cost four calls and
grew with the clinic (every patient it ever had). Staff only, as the patient list is (access.py)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from clinic_contracts.events import LocationChanged, PatientChanged, TherapistChanged, VisitTypeChanged
from clinic_settings.domain.location import Location
from clinic_settings.domain.patient import Patient
from clinic_settings.domain.therapist import Therapist
from clinic_settings.domain.visit_type import VisitType
from clinic_settings.entrypoints.http.transactions import UnitOfWork
from clinic_settings.service_layer import entities

router = APIRouter(tags=["directory"])

# At most this many ids of each kind: a page of requests or a week's calendar names far fewer.
MOST_IDS = 500
Ids = Annotated[list[UUID], Query(max_length=MOST_IDS)]


class Directory(BaseModel):
    """Each kind's entities the call named (as their contract events); unknown ids are absent."""

    patients: list[PatientChanged]
    therapists: list[TherapistChanged]
    locations: list[LocationChanged]
    visit_types: list[VisitTypeChanged]


@router.get("/clinics/{clinic_id}/directory", response_model=Directory)
async def directory(
    clinic_id: UUID,
    uow: UnitOfWork,
    patient_id: Ids = [],  # noqa: B006 - FastAPI copies a Query default
    therapist_id: Ids = [],  # noqa: B006
    location_id: Ids = [],  # noqa: B006
    visit_type_id: Ids = [],  # noqa: B006
) -> Directory:
    wanted = {Patient: patient_id, Therapist: therapist_id, Location: location_id, VisitType: visit_type_id}
    found = await entities.named(uow, clinic_id, wanted)
    return Directory(
        patients=[entity.as_event() for entity in found[Patient]],
        therapists=[entity.as_event() for entity in found[Therapist]],
        locations=[entity.as_event() for entity in found[Location]],
        visit_types=[entity.as_event() for entity in found[VisitType]],
    )
