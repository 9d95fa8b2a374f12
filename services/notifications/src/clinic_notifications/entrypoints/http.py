"""The notifications service's HTTP API (internal). Who calls comes from the actor token only
(servicekit.actor_auth):
- the emails of a clinic (what was sent, what is retrying, what failed) and queuing a failed one
  again: the clinic's admins (Admin permission, from this service's settings replica) and
  operators' jobs;
- a person's own choice of what reaches them: the portal user or staff user the token names.
"""

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from clinic_contracts.access import may_administer
from clinic_contracts.events import StaffUserChanged
from clinic_notifications.adapters import email_store, preferences
from clinic_notifications.domain.notices import Delivery, DigestIsForStaff, RecipientKind, check_delivery_choice
from clinic_notifications.service_layer.outgoing import EmailStatus, OutgoingEmail
from servicekit.actor_auth import CurrentActor, actor_may_not, kind_may_not
from servicekit.actor_tokens import Actor, ActorKind, SystemActor
from servicekit.paging import Offset, PageSize
from servicekit.problems import Problem
from servicekit.request_body import RequestBody
from servicekit.runtime import Runtime

router = APIRouter(tags=["notifications"])


async def _clinic_admin(clinic_id: UUID, actor: CurrentActor, runtime: Runtime) -> Actor:
    """Operators' jobs, or an active admin of this very clinic."""
    if actor.is_system(SystemActor.OPERATOR):
        return actor
    if actor.kind is not ActorKind.STAFF:
        raise kind_may_not(actor)
    async with runtime.reading_sessions() as session:
        staff = await runtime.settings_replica.get(session, StaffUserChanged, actor.id)
    if staff is None or staff.clinic_id != clinic_id or not may_administer(staff):
        raise actor_may_not("Only the clinic's admins see its emails.")
    return actor


ClinicAdmin = Annotated[Actor, Depends(_clinic_admin)]


class EmailDocument(BaseModel):
    """What an admin reads of an email: to whom, what about, and where its delivery stands. The
    body stays out: it says no more than the request's own pages do."""

    email_id: UUID
    kind: str
    recipient_kind: str
    recipient_id: UUID
    to_address: str
    subject: str
    request_id: UUID | None
    has_calendar_invitation: bool
    status: EmailStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, email: OutgoingEmail) -> "EmailDocument":
        return cls(
            **{name: getattr(email, name) for name in cls.model_fields if hasattr(email, name)},
            has_calendar_invitation=email.calendar is not None,
        )


class EmailPage(BaseModel):
    items: list[EmailDocument]
    total: int


@router.get("/clinics/{clinic_id}/emails")
async def clinic_emails(
    clinic_id: UUID,
    _admin: ClinicAdmin,
    runtime: Runtime,
    status: EmailStatus | None = None,
    request_id: UUID | None = None,
    offset: Offset = 0,
    limit: PageSize = 50,
) -> EmailPage:
    async with runtime.reading_sessions() as session:
        found, total = await email_store.of_clinic(
            session, clinic_id, status=status, request_id=request_id, offset=offset, limit=limit
        )
    return EmailPage(items=[EmailDocument.of(email) for email in found], total=total)


@router.post("/clinics/{clinic_id}/emails/{email_id}/retry")
async def retry_email(
    clinic_id: UUID, email_id: UUID, _admin: ClinicAdmin, runtime: Runtime, request: Request
) -> EmailDocument:
    """A failed email, queued again (after its cause was fixed, e.g. the relay's settings);
    one that was sent or is still trying is refused, so nothing goes twice."""
    async with runtime.sessions.begin() as session:
        email = await email_store.get(session, clinic_id, email_id)
        if email is None:
            raise Problem(404, "email-not-found", "No such email", "The clinic has no email of this id.")
        if email.status is not EmailStatus.FAILED:
            raise Problem(
                409,
                "email-not-failed",
                "Only a failed email can be retried",
                f"This email is {email.status}: only a failed one is queued again.",
            )
        await email_store.queue_again(session, email_id)
    request.app.state.sender.wake.set()
    async with runtime.reading_sessions() as session:
        return EmailDocument.of(await email_store.get(session, clinic_id, email_id))


async def _person(actor: CurrentActor) -> tuple[RecipientKind, UUID, UUID]:
    if actor.kind not in (ActorKind.PORTAL, ActorKind.STAFF) or actor.clinic_id is None:
        raise kind_may_not(actor)
    return RecipientKind(actor.kind.value), UUID(actor.id), actor.clinic_id


Person = Annotated[tuple[RecipientKind, UUID, UUID], Depends(_person)]


class DeliveryChoice(RequestBody):
    delivery: Delivery


class DeliveryPreference(BaseModel):
    delivery: Delivery
    choices: list[Delivery]


def _choices(kind: RecipientKind) -> list[Delivery]:
    return [choice for choice in Delivery if kind is RecipientKind.STAFF or choice is not Delivery.DIGEST]


@router.get("/preferences/me")
async def my_delivery(person: Person, runtime: Runtime) -> DeliveryPreference:
    kind, user_id, _clinic = person
    async with runtime.reading_sessions() as session:
        delivery = await preferences.delivery_of(session, kind, user_id)
    return DeliveryPreference(delivery=delivery, choices=_choices(kind))


@router.put("/preferences/me")
async def choose_my_delivery(choice: DeliveryChoice, person: Person, runtime: Runtime) -> DeliveryPreference:
    kind, user_id, clinic_id = person
    try:
        check_delivery_choice(kind, choice.delivery)
    except DigestIsForStaff as refused:
        raise Problem(422, "digest-is-for-staff", "The choice was not saved", str(refused)) from refused
    async with runtime.sessions.begin() as session:
        await preferences.choose(session, kind, user_id, clinic_id, choice.delivery, datetime.now(UTC))
    return DeliveryPreference(delivery=choice.delivery, choices=_choices(kind))
