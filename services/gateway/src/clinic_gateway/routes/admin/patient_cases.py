"""Patient cases: a course of therapy for one patient, with its primary therapist and location,
and what portal users may request for it."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from clinic_contracts.events import Authorization, CaseStatus, PatientCaseChanged
from clinic_gateway import demo_ids as demo
from clinic_gateway.routes.admin.clinic import ON, Switch
from clinic_gateway.routes.admin.common import (
    LOCATION_INACTIVE,
    REFERENCE_TO_ANOTHER_CLINIC,
    AdminBody,
    examples,
    refused,
    unknown,
)
from clinic_gateway.routes.admin.pass_through import Change, Creation, Entity, add_routes

router = APIRouter()

# Who treats an active case where, checked whenever the case is opened or that changes.
CARE_REFUSED = (
    refused("therapist-not-at-location", "Elena Sorensen does not work at the case's location."),
    refused("therapist-inactive", "Dana Whitfield is inactive and cannot be a case's primary therapist."),
    LOCATION_INACTIVE,
    unknown("therapist"),
    unknown("location"),
    REFERENCE_TO_ANOTHER_CLINIC,
)
VISIT_TYPES_REFUSED = (
    refused("visit-type-inactive", "Inactive visit types cannot be allowed for a case: Aquatic therapy."),
    unknown("visit-type"),
)
AUTHORIZATION_REFUSED = refused(
    "authorization-ends-before-it-starts", "The authorization from 2027-03-01 ends on 2027-02-28, before it starts."
)
CASE_REFUSED = (
    refused("name-required", "The case title must not be blank."),
    refused("patient-inactive", "Lily Chen is inactive; reactivate them to open or take up a case."),
    unknown("patient"),
    *CARE_REFUSED,
    *VISIT_TYPES_REFUSED,
    AUTHORIZATION_REFUSED,
)


class NewCase(AdminBody):
    patient_id: UUID
    title: str
    primary_therapist_id: UUID
    location_id: UUID
    allow_appointment_requests: bool = False
    requestable_visit_type_ids: list[UUID] = Field(default=[], max_length=100)
    authorization: Authorization | None = None


class CaseAuthorization(AdminBody):
    """The insurer's authorization of visits; null stops tracking one."""

    authorization: Authorization | None


class CaseChange(AdminBody):
    """Only the fields given change."""

    title: str | None = None
    primary_therapist_id: UUID | None = None
    location_id: UUID | None = None


class CaseStatusChange(AdminBody):
    status: CaseStatus


NEW_CASE = examples(
    "Lily's case at Downtown with Dana, open to requests for treatment",
    {
        "patient_id": demo.LILY,
        "title": "Knee pain",
        "primary_therapist_id": demo.DANA,
        "location_id": demo.DOWNTOWN,
        "allow_appointment_requests": True,
        "requestable_visit_type_ids": [demo.TREATMENT],
    },
)
CASE_CHANGES = {
    "retitle": {"summary": "A clearer title", "value": {"title": "Toe walking, left foot"}},
    "reassign": {"summary": "Another therapist", "value": {"primary_therapist_id": demo.DANA}},
}
VISIT_TYPE_IDS = examples("Treatment and re-evaluation", [demo.TREATMENT, demo.RE_EVALUATION])
CASE_STATUS = examples("Discharged", {"status": "discharged"})
AUTHORIZATION_DOC = """The insurer's authorization: `visits` (at least 1) from `first_day` to `last_day` (local
days of the case's location, both included), optionally at most `visits_per_week`; `limit`
(`warn`, `block` or `allow`) overrides the clinic's `authorization_limit` for this case. A
portal request beyond it is refused, accepted with a warning to the scheduler, or accepted.
`{"authorization": null}` stops tracking one."""
CASE_AUTHORIZATION = {
    "twelve": {
        "summary": "12 visits from February to April, at most 2 a week, refused beyond",
        "value": {
            "authorization": {
                "visits": 12,
                "first_day": "2027-02-01",
                "last_day": "2027-04-30",
                "visits_per_week": 2,
                "limit": "block",
            }
        },
    },
}


add_routes(
    router,
    Entity("patient-cases", "case_id", PatientCaseChanged),
    Creation(
        "open_case",
        NewCase,
        NEW_CASE,
        CASE_REFUSED,
        doc="A new active case for an active patient, treated by a therapist who works at its location.",
    ),
    Change(
        "change_case",
        "PATCH",
        "",
        CaseChange,
        CASE_CHANGES,
        (CASE_REFUSED[0], *CARE_REFUSED),
        doc="Title, primary therapist or location (an active case's therapist must work at its location).",
    ),
    Change(
        "allow_case_requests",
        "PUT",
        "appointment-requests",
        Switch,
        ON,
        doc="Whether portal users may request appointments for this case.",
    ),
    Change(
        "set_requestable_visit_types",
        "PUT",
        "requestable-visit-types",
        list[UUID],
        VISIT_TYPE_IDS,
        VISIT_TYPES_REFUSED,
        doc="The visit types portal users may request for this case (active ones only).",
    ),
    Change(
        "set_case_status",
        "PUT",
        "status",
        CaseStatusChange,
        CASE_STATUS,
        (CASE_REFUSED[1], *CARE_REFUSED),
        doc="Discharge a case (it takes no more requests), or take it up again (its therapist must still be"
        " active and work at its location, which must be active).",
    ),
    Change(
        "set_case_authorization",
        "PUT",
        "authorization",
        CaseAuthorization,
        CASE_AUTHORIZATION,
        (AUTHORIZATION_REFUSED,),
        doc=AUTHORIZATION_DOC,
    ),
)
