"""The clinic itself: whether it takes appointment requests, and its request policy."""

from typing import Annotated

from fastapi import APIRouter, Body, Response

from clinic_contracts.events import ClinicSettingsChanged, RequestPolicy
from clinic_contracts.languages import LanguageTag
from clinic_gateway.identity import Admin, ServicesDep
from clinic_gateway.routes.admin.common import AdminBody, examples

router = APIRouter()


class Switch(AdminBody):
    enabled: bool


class Language(AdminBody):
    language: LanguageTag


LANGUAGE = examples("English", {"language": "en"})


ON = examples("On", {"enabled": True})
DEFAULT_POLICY = {
    "minimum_notice_hours": 24,
    "booking_horizon_days": 60,
    "slot_interval_minutes": 15,
    "pending_request_holds_slot": True,
    "pending_request_expiry_hours": 72,
    "max_pending_requests_per_case": 3,
    "portal_cancellation_notice_hours": None,
    "counter_offer_hours": 48,
}
POLICY = {
    "default": {"summary": "The default policy: portal users may not cancel", "value": DEFAULT_POLICY},
    "portal-cancellation": {
        "summary": "Portal users may cancel an approved appointment up to 24 hours before it",
        "value": {**DEFAULT_POLICY, "portal_cancellation_notice_hours": 24},
    },
    "authorization-block": {
        "summary": "A request beyond a case's insurance authorization is refused (unless the case says otherwise)",
        "value": {**DEFAULT_POLICY, "authorization_limit": "block"},
    },
    "waitlist-by-priority": {
        "summary": "A freed time goes to the waitlist's highest priority first, held for them 4 hours",
        "value": {**DEFAULT_POLICY, "waitlist_order": "priority", "waitlist_offer_hours": 4},
    },
}


@router.get("/clinic")
async def clinic(admin: Admin, gateway: ServicesDep) -> ClinicSettingsChanged:
    """The clinic's settings: whether it takes appointment requests, and its request policy."""
    return await gateway.settings.clinic(admin.clinic_id)


@router.put("/clinic/appointment-requests", response_model=ClinicSettingsChanged)
async def turn_appointment_requests(
    body: Annotated[Switch, Body(openapi_examples=ON)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Turn appointment requests on or off for the clinic. Off blocks new requests; pending ones stay reviewable."""
    return (
        await gateway.settings.change_clinic(admin.clinic_id, "PUT", "appointment-requests", body.model_dump())
    ).response()


@router.put("/clinic/request-policy", response_model=ClinicSettingsChanged)
async def set_request_policy(
    policy: Annotated[RequestPolicy, Body(openapi_examples=POLICY)], admin: Admin, gateway: ServicesDep
) -> Response:
    """Minimum notice, booking horizon, slot grid, whether a pending request holds its time, when
    it expires, how many may wait per case, how many visits a weekly series may have
    (`max_series_visits`), and until how many hours before an approved
    appointment its portal user may cancel it (`portal_cancellation_notice_hours`; null or left
    out: they may not)."""
    body = {"request_policy": policy.model_dump(mode="json")}
    return (await gateway.settings.change_clinic(admin.clinic_id, "PATCH", "", body)).response()


@router.put("/clinic/language", response_model=ClinicSettingsChanged)
async def set_language(
    body: Annotated[Language, Body(openapi_examples=LANGUAGE)], admin: Admin, gateway: ServicesDep
) -> Response:
    """The language the clinic's emails are written in (`en`, `es`, `pt-BR`, ...); one without
    texts yet reads in English."""
    return (await gateway.settings.change_clinic(admin.clinic_id, "PATCH", "", body.model_dump())).response()
