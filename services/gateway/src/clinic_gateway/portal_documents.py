"""What the portal is shown of the clinic's settings: its own documents, not the settings events.

A settings event is the clinic's whole record, made for the services that replicate it: revisions,
clinic ids, a patient's date of birth, a case's insurance authorization, a location's closures. A
portal user needs far less, and health data is shown on a need-to-know basis; separate documents
also keep a change to an event (a field renamed in v2) from changing the public API. Each document
is read from the event by its own fields (`from_attributes`), so nothing else can leak through."""

from typing import Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class PortalDocument(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    @classmethod
    def of(cls, record: object) -> Self:
        return cls.model_validate(record)


class PortalPatient(PortalDocument):
    """A patient the signed-in portal user may request appointments for."""

    patient_id: UUID
    name: str = Field(examples=["Lily Chen"])


class PortalCase(PortalDocument):
    """A patient case that takes appointment requests now, and where it is seen."""

    case_id: UUID
    patient_id: UUID
    title: str = Field(examples=["Speech therapy"])
    location_id: UUID


class PortalVisitType(PortalDocument):
    """A visit type the case may request."""

    visit_type_id: UUID
    name: str = Field(examples=["Follow-up visit"])
    duration_minutes: int = Field(examples=[45])


class PortalLocation(PortalDocument):
    """A location that takes appointment requests; its times are in its own zone."""

    location_id: UUID
    name: str = Field(examples=["Harborview Downtown"])
    address: str
    time_zone: str = Field(examples=["America/New_York"])
