"""The request as the HTTP API shows it."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from clinic_requests.domain.appointment_request import AppointmentRequest, HistoryEntry, Reason, RequestStatus


class ReasonDocument(BaseModel):
    code: str
    reason: str

    @classmethod
    def of(cls, reason: Reason | None) -> "ReasonDocument | None":
        return None if reason is None else cls(code=reason.code, reason=reason.text)


class ProposedEditDocument(BaseModel):
    """An edit waiting for availability to hold its time."""

    start: datetime
    end: datetime
    location_id: UUID
    visit_type_id: UUID
    therapist_id: UUID
    proposed_by: UUID


class HistoryDocument(BaseModel):
    at: datetime
    actor_kind: str
    actor_id: UUID | None
    action: str
    from_status: RequestStatus | None
    to_status: RequestStatus
    detail: str

    @classmethod
    def of(cls, entry: HistoryEntry) -> "HistoryDocument":
        return cls(
            at=entry.at,
            actor_kind=entry.actor.kind.value,
            actor_id=entry.actor.id,
            action=entry.action,
            from_status=entry.from_status,
            to_status=entry.to_status,
            detail=entry.detail,
        )


class RequestDocument(BaseModel):
    request_id: UUID
    clinic_id: UUID
    status: RequestStatus
    portal_user_id: UUID
    patient_id: UUID
    case_id: UUID
    visit_type_id: UUID
    location_id: UUID
    therapist_id: UUID
    start: datetime
    end: datetime
    note: str
    submitted_at: datetime
    updated_at: datetime
    # Why the time could not be held at submission (status `refused`).
    refusal: ReasonDocument | None
    decline_reason: str | None
    appointment_id: UUID | None
    conflicting: bool
    conflict: ReasonDocument | None
    proposed_edit: ProposedEditDocument | None
    # Why the last edit could not be held; the request kept its time.
    edit_refusal: ReasonDocument | None
    # For a pending request: the settings it was asked under that no longer hold (a location,
    # case, visit type or therapist deactivated or switched off since). Empty: nothing to flag.
    attention: list[ReasonDocument] = []

    @classmethod
    def fields_of(cls, request: AppointmentRequest, attention: tuple[Reason, ...] = ()) -> dict:
        visit, edit = request.visit, request.proposed_edit
        return {
            "request_id": request.request_id,
            "clinic_id": request.clinic_id,
            "status": request.status,
            "portal_user_id": request.portal_user_id,
            "patient_id": request.patient_id,
            "case_id": request.case_id,
            "visit_type_id": visit.visit_type_id,
            "location_id": visit.location_id,
            "therapist_id": visit.therapist_id,
            "start": visit.start,
            "end": visit.end,
            "note": request.note,
            "submitted_at": request.submitted_at,
            "updated_at": request.updated_at,
            "refusal": ReasonDocument.of(request.refusal),
            "decline_reason": request.decline_reason,
            "appointment_id": request.appointment_id,
            "conflicting": request.conflict is not None,
            "conflict": ReasonDocument.of(request.conflict),
            "proposed_edit": None
            if edit is None
            else ProposedEditDocument(
                start=edit.visit.start,
                end=edit.visit.end,
                location_id=edit.visit.location_id,
                visit_type_id=edit.visit.visit_type_id,
                therapist_id=edit.visit.therapist_id,
                proposed_by=edit.proposed_by,
            ),
            "edit_refusal": ReasonDocument.of(request.edit_refusal),
            "attention": [ReasonDocument.of(reason) for reason in attention],
        }

    @classmethod
    def of(cls, request: AppointmentRequest, attention: tuple[Reason, ...] = ()) -> "RequestDocument":
        return cls(**cls.fields_of(request, attention))


class RequestWithHistoryDocument(RequestDocument):
    history: list[HistoryDocument]

    @classmethod
    def of_history(
        cls, request: AppointmentRequest, history: list[HistoryEntry], attention: tuple[Reason, ...] = ()
    ) -> "RequestWithHistoryDocument":
        return cls(**cls.fields_of(request, attention), history=[HistoryDocument.of(entry) for entry in history])


class RequestPage(BaseModel):
    items: list[RequestDocument]
    total: int
    limit: int
    offset: int


class PendingCount(BaseModel):
    pending: int
