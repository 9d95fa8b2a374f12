"""Emails, as the people they concern see them (the notifications service decides and keeps them):
- an admin reads where the clinic's emails stand (sent / retrying / failed, to whom, about what;
  never their words) and queues a failed one again once its cause is fixed;
- every signed-in person chooses what reaches them: off, each email as it happens, or (staff) the
  daily digest alone. A link to one's own account (an invitation, a password reset) comes whatever
  the choice.
"""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response

from clinic_gateway.documents import Delivery, DeliveryPreference, EmailPage, EmailRecord, EmailStatus
from clinic_gateway.identity import Admin, AnyUser, ServicesDep
from clinic_gateway.problems import INVALID, NEEDS_ADMIN, NOT_FOUND, SIGNED_IN, STAFF_ONLY, Example, problems
from servicekit.paging import Offset, PageSize
from servicekit.request_body import RequestBody

admin_router = APIRouter(prefix="/api/admin", tags=["admin"])
own_router = APIRouter(prefix="/api/me", tags=["account"])


EMAIL_NOT_FOUND = Example.of("email-not-found", "The clinic has no email of this id.")
EMAIL_NOT_FAILED = Example.of("email-not-failed", "This email is sent: only a failed one is queued again.")
DIGEST_IS_FOR_STAFF = Example.of("digest-is-for-staff", "Only clinic staff can choose the daily digest; choose off or immediate.")  # fmt: skip


@admin_router.get(
    "/emails", response_model=EmailPage, responses=problems(*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, NOT_FOUND)
)
async def clinic_emails(
    admin: Admin,
    gateway: ServicesDep,
    status: EmailStatus | None = None,
    request_id: UUID | None = None,
    offset: Offset = 0,
    limit: PageSize = 50,
) -> EmailPage:
    """The clinic's emails, newest first; of one request with `request_id`, in one state with `status`."""
    params = {"offset": offset, "limit": limit} | ({"status": status} if status else {})
    params |= {"request_id": str(request_id)} if request_id else {}
    return await gateway.notifications.emails(admin.clinic_id, **params)


@admin_router.post(
    "/emails/{email_id}/retry",
    response_model=EmailRecord,
    responses=problems(*SIGNED_IN, STAFF_ONLY, NEEDS_ADMIN, EMAIL_NOT_FOUND, EMAIL_NOT_FAILED),
)
async def retry_email(email_id: UUID, admin: Admin, gateway: ServicesDep) -> Response:
    """A failed email, queued again (after its cause was fixed, e.g. the relay's settings); one
    that was sent or is still being tried is refused, so nothing goes twice."""
    return (await gateway.notifications.retry(admin.clinic_id, email_id)).response()


class DeliveryChoice(RequestBody):
    delivery: Delivery


CHOICES = {
    "off": {"summary": "No emails (but links to one's own account)", "value": {"delivery": "off"}},
    "immediate": {"summary": "Each email as it happens", "value": {"delivery": "immediate"}},
    "digest": {"summary": "Staff: only the daily digest of waiting requests", "value": {"delivery": "digest"}},
}


@own_router.get("/notification-preferences", response_model=DeliveryPreference, responses=problems(*SIGNED_IN))
async def my_notification_preferences(_user: AnyUser, gateway: ServicesDep) -> DeliveryPreference:
    return await gateway.notifications.preferences()


@own_router.put(
    "/notification-preferences",
    response_model=DeliveryPreference,
    responses=problems(*SIGNED_IN, INVALID, DIGEST_IS_FOR_STAFF),
)
async def choose_my_notification_preferences(
    choice: Annotated[DeliveryChoice, Body(openapi_examples=CHOICES)], _user: AnyUser, gateway: ServicesDep
) -> Response:
    return (await gateway.notifications.choose(choice.delivery)).response()
