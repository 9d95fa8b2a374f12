"""Every gateway route, for every kind of caller: nobody, the caregiver whose data it is, a portal
user of another patient, the scheduler of the patient's location, a scheduler of another location,
an admin without the Scheduling permission, and staff with no permission at all.

The table must name every `/api` route of the app (and `/metrics`), so a new route without an
access row fails here.
For data of another patient or location the answer is 404, and no answer to those callers (nor any
refusal) carries any of that data.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import (
    CAREGIVER,
    DANA,
    LILY,
    LILY_CASE,
    PRIYA,
    Api,
    case,
    lilys_withdrawn_request,
    offline_gateway_app,
    patient,
    request_body,
    soon,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

ROLES = (
    "anonymous",
    "caregiver",
    "other_portal_user",
    "scheduler",
    "other_location_scheduler",
    "admin_without_scheduling",
    "staff_without_permissions",
)
STAFF = ("scheduler", "other_location_scheduler", "admin_without_scheduling", "staff_without_permissions")
PORTAL = ("caregiver", "other_portal_user")
# Callers who must never see the caregiver's data, whatever they are answered.
OUTSIDERS = ("anonymous", "other_portal_user", "other_location_scheduler", "staff_without_permissions")

NOBODY = demo.demo_id("staff-user/robin.fields")
NOTE = "Private: Lily is anxious about the stairs."


def portal(own: int, others: int = 404) -> dict[str, int]:
    return {"anonymous": 401, "caregiver": own, "other_portal_user": others} | dict.fromkeys(STAFF, 403)


def scheduling(own: int, others: int = 404) -> dict[str, int]:
    return (
        {"anonymous": 401, "scheduler": own, "other_location_scheduler": others}
        | dict.fromkeys(PORTAL, 403)
        | {"admin_without_scheduling": 403, "staff_without_permissions": 403}
    )


def fhir_reads(own: int, others: int = 404) -> dict[str, int]:
    """The FHIR facade: portal users and schedulers, each within their own reach."""
    return {"anonymous": 401, "admin_without_scheduling": 403, "staff_without_permissions": 403} | {
        "caregiver": own,
        "other_portal_user": others,
        "scheduler": own,
        "other_location_scheduler": others,
    }


def administration(admin: int = 200) -> dict[str, int]:
    return {role: 403 for role in ROLES} | {"anonymous": 401, "admin_without_scheduling": admin}


@dataclass
class Row:
    method: str
    route: str
    path: str
    expected: dict[str, int]
    json: object = None
    params: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def callers(gateway, stack, admin, caregiver, grace, scheduler, pasadena_scheduler) -> dict[str, Api]:
    staff = {
        "staff_user_id": str(NOBODY),
        "name": "Robin Fields",
        "email": "robin.fields@harborview.example",
        "password": demo.DEMO_PASSWORD,
        "permissions": [],
    }
    created = httpx.post(
        f"{stack.url('settings')}/clinics/{demo.CLINIC_ID}/staff-users",
        json=staff,
        auth=stack.operator_auth(),
        timeout=20,
    )
    assert created.status_code in (201, 409), created.text
    return {
        "anonymous": Api(gateway),
        "caregiver": caregiver,
        "other_portal_user": grace,
        "scheduler": scheduler,
        "other_location_scheduler": pasadena_scheduler,
        "admin_without_scheduling": admin,
        "staff_without_permissions": Api(gateway, "robin.fields@harborview.example"),
    }


@pytest.fixture(scope="module")
def caregivers_data(caregiver, scheduler, therapists_at_work) -> dict:
    """A request of the caregiver's (withdrawn, so deciding it is refused and withdrawing it again
    changes nothing) and an
    appointment for the same patient (cancelled by the one caller allowed to)."""
    request, free = lilys_withdrawn_request(caregiver, NOTE, position=2)
    booking = {
        "patient_id": str(LILY),
        "case_id": str(LILY_CASE),
        "visit_type_id": str(demo.TREATMENT),
        "therapist_id": str(DANA),
        "location_id": str(demo.DOWNTOWN),
        "start": free[len(free) // 2 + 4]["start"],
    }
    appointment = scheduler.ok("POST", "/api/scheduler/appointments", json=booking)
    return {
        "request_id": request["request_id"],
        "appointment_id": appointment["appointment_id"],
        "day": free[0]["local_start"][:10],
        # The family's calendar feed (revoked by the one caller allowed to).
        "feed_id": caregiver.ok("POST", "/api/me/calendar-feeds", json={})["feed_id"],
    }


@pytest.fixture(scope="module")
def invitations(gateway, admin) -> dict:
    """Invitations in the demo clinic that no row can change: one accepted (resending, revoking
    or accepting it again is refused), and a portal and a staff user still invited (an admin may
    not start a password reset for them). The staff user has no permissions: the demo's counts of
    schedulers stay as they are."""

    def invite(**body) -> dict:
        return admin.ok("POST", "/api/admin/invitations", json={"name": "Rowan Access", **body})

    def email() -> str:
        return f"rowan.{uuid.uuid4().hex[:8]}@harborview.example"

    accepted = invite(kind="portal", email=email(), role="caregiver")
    token = accepted["link"].partition("#token=")[2]
    taken = Api(gateway).call("POST", "/api/invitations/accept", json={"token": token, "password": demo.DEMO_PASSWORD})
    assert taken.status_code == 200, taken.text
    return {
        "accepted": accepted["invitation_id"],
        "accepted_token": token,
        "invited_portal_user": invite(kind="portal", email=email(), role="caregiver")["user_id"],
        "invited_staff_user": invite(kind="staff", email=email(), permissions=[])["user_id"],
    }


def rows(admin: Api, data: dict, links: dict) -> list[Row]:
    request, appointment = data["request_id"], data["appointment_id"]
    clinic = admin.ok("GET", "/api/admin/clinic")
    downtown = next(loc for loc in admin.ok("GET", "/api/admin/locations") if loc["location_id"] == str(demo.DOWNTOWN))
    lilys_case = next(c for c in admin.ok("GET", "/api/admin/patient-cases") if c["case_id"] == str(LILY_CASE))
    wei = next(u for u in admin.ok("GET", "/api/admin/portal-users") if u["email"] == CAREGIVER)
    dana = admin.ok("GET", f"/api/admin/therapists/{DANA}")
    treatment = admin.ok("GET", f"/api/admin/visit-types/{demo.TREATMENT}")
    hours = admin.ok("GET", f"/api/admin/therapists/{DANA}/working-hours/{demo.DOWNTOWN}")
    time_off = admin.ok("GET", f"/api/admin/therapists/{DANA}/time-off")["time_off"]
    past = (datetime.now(UTC) - timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0).isoformat()
    in_a_week = (datetime.now(UTC) + timedelta(days=7)).replace(hour=15, minute=0, second=0, microsecond=0).isoformat()
    today = str(date.today())
    everyone = {role: 200 for role in ROLES}
    location = f"/api/admin/locations/{demo.DOWNTOWN}"
    patient_case = f"/api/admin/patient-cases/{LILY_CASE}"
    staff_user = f"/api/admin/staff-users/{NOBODY}"
    portal_user = f"/api/admin/portal-users/{wei['portal_user_id']}"
    working_hours = f"/api/admin/therapists/{DANA}/working-hours/{demo.DOWNTOWN}"
    therapist = f"/api/admin/therapists/{DANA}"
    # Creating in the demo clinic would change what tests/settings/test_demo.py counts: each body is
    # one the settings service refuses (a blank name), after the gateway has let the caller through.
    blank = {"name": " "}
    return [
        Row("POST", "/api/session", "/api/session", everyone, {"email": CAREGIVER, "password": demo.DEMO_PASSWORD}),
        Row("GET", "/api/me", "/api/me", everyone | {"anonymous": 401}),
        Row("GET", "/api/portal/patients", "/api/portal/patients", portal(200, 200)),
        Row("GET", "/api/portal/patients/{patient_id}/cases", f"/api/portal/patients/{LILY}/cases", portal(200)),
        Row(
            "GET", "/api/portal/cases/{case_id}/visit-types", f"/api/portal/cases/{LILY_CASE}/visit-types", portal(200)
        ),
        Row("GET", "/api/portal/locations", "/api/portal/locations", portal(200, 200)),
        Row(
            "GET",
            "/api/portal/cases/{case_id}/slots",
            f"/api/portal/cases/{LILY_CASE}/slots",
            portal(200),
            params={"visit_type_id": str(demo.TREATMENT), "date_from": today, "date_to": today},
        ),
        Row(
            "POST",
            "/api/portal/requests",
            "/api/portal/requests",
            portal(422),
            request_body(LILY, LILY_CASE, demo.TREATMENT, soon()),
        ),
        Row("GET", "/api/portal/requests", "/api/portal/requests", portal(200, 200)),
        Row(
            "POST",
            "/api/portal/cases/{case_id}/series-preview",
            f"/api/portal/cases/{LILY_CASE}/series-preview",
            portal(200),
            {"visit_type_id": str(demo.TREATMENT), "first_start": soon(), "interval_weeks": 1, "visits": 2},
        ),
        # Visit 3 of a series of 2: the caregiver is refused (422 series-visits-unknown), nothing is sent.
        Row(
            "POST",
            "/api/portal/series",
            "/api/portal/series",
            portal(422),
            {
                **{k: v for k, v in request_body(LILY, LILY_CASE, demo.TREATMENT, soon()).items() if k != "start"},
                "first_start": soon(),
                "interval_weeks": 1,
                "visits": 2,
                "send": [3],
            },
        ),
        # No such series: its scheduler is answered 404 as everyone allowed past the door.
        Row(
            "POST",
            "/api/scheduler/series/{series_id}/decisions",
            f"/api/scheduler/series/{uuid.uuid4()}/decisions",
            scheduling(404),
            {"decisions": [{"request_id": str(uuid.uuid4()), "decision": "approve"}]},
        ),
        Row("GET", "/api/portal/requests/{request_id}", f"/api/portal/requests/{request}", portal(200)),
        Row(
            "POST",
            "/api/portal/requests/{request_id}/withdraw",
            f"/api/portal/requests/{request}/withdraw",
            portal(200),
        ),
        # Withdrawn, not approved: the caregiver is refused (409 request-not-approved), nothing changes.
        Row(
            "POST",
            "/api/portal/requests/{request_id}/cancel-appointment",
            f"/api/portal/requests/{request}/cancel-appointment",
            portal(409),
        ),
        # Withdrawn, so no offer is open: the caregiver is refused (409 no-open-offer).
        Row(
            "POST",
            "/api/portal/requests/{request_id}/offer/accept",
            f"/api/portal/requests/{request}/offer/accept",
            portal(409),
            {"hold_id": str(uuid.uuid4())},
        ),
        Row(
            "POST",
            "/api/portal/requests/{request_id}/offer/decline",
            f"/api/portal/requests/{request}/offer/decline",
            portal(409),
        ),
        Row(
            "GET",
            "/api/scheduler/requests",
            "/api/scheduler/requests",
            scheduling(200, 200),
            params={"status": "cancelled"},
        ),
        Row(
            "GET",
            "/api/scheduler/requests/pending-count",
            "/api/scheduler/requests/pending-count",
            scheduling(200, 200),
        ),
        Row("GET", "/api/scheduler/requests/{request_id}", f"/api/scheduler/requests/{request}", scheduling(200)),
        # The waitlist: no row changes the demo's. Joining with no window is refused by the request
        # service (422) once the gateway let the caller through; no entry has a random id.
        Row("GET", "/api/portal/waitlist", "/api/portal/waitlist", portal(200, 200)),
        Row(
            "POST",
            "/api/portal/waitlist",
            "/api/portal/waitlist",
            portal(422),
            {"case_id": str(LILY_CASE), "weekdays": [], "parts_of_day": [], "first_day": today, "last_day": today},
        ),
        Row(
            "POST",
            "/api/portal/waitlist/{entry_id}/leave",
            f"/api/portal/waitlist/{uuid.uuid4()}/leave",
            portal(404, 404),
        ),
        Row("GET", "/api/scheduler/waitlist", "/api/scheduler/waitlist", scheduling(200, 200)),
        Row(
            "POST",
            "/api/scheduler/waitlist",
            "/api/scheduler/waitlist",
            scheduling(422, 403),
            {
                "case_id": str(LILY_CASE),
                "portal_user_id": wei["portal_user_id"],
                "weekdays": [],
                "parts_of_day": [],
                "first_day": today,
                "last_day": today,
            },
        ),
        Row(
            "POST",
            "/api/scheduler/waitlist/{entry_id}/leave",
            f"/api/scheduler/waitlist/{uuid.uuid4()}/leave",
            scheduling(404, 404),
        ),
        Row(
            "PUT",
            "/api/scheduler/waitlist/{entry_id}/priority",
            f"/api/scheduler/waitlist/{uuid.uuid4()}/priority",
            scheduling(404, 404),
            {"priority": 1},
        ),
        Row(
            "POST",
            "/api/scheduler/requests/{request_id}/approve",
            f"/api/scheduler/requests/{request}/approve",
            scheduling(409),
        ),
        Row(
            "POST",
            "/api/scheduler/requests/{request_id}/edit",
            f"/api/scheduler/requests/{request}/edit",
            scheduling(409),
            {"start": in_a_week},
        ),
        Row(
            "POST",
            "/api/scheduler/requests/{request_id}/decline",
            f"/api/scheduler/requests/{request}/decline",
            scheduling(409),
            {"reason": "No longer needed."},
        ),
        Row(
            "POST",
            "/api/scheduler/requests/{request_id}/offer",
            f"/api/scheduler/requests/{request}/offer",
            scheduling(409),
            {"times": [{"start": in_a_week}]},
        ),
        # Preferred times whose dates end before they start: the caregiver is refused (422
        # preferred-dates-end-before-they-start), nothing is stored.
        Row(
            "POST",
            "/api/portal/preferred-time-requests",
            "/api/portal/preferred-time-requests",
            portal(422),
            {
                **{k: v for k, v in request_body(LILY, LILY_CASE, demo.TREATMENT, soon()).items() if k != "start"},
                "preferred_times": {
                    "weekdays": ["tuesday"],
                    "parts_of_day": ["morning"],
                    "date_from": str(date.today() + timedelta(days=10)),
                    "date_to": str(date.today() + timedelta(days=5)),
                },
            },
        ),
        # The withdrawn request asked for one time: its scheduler is refused (409 request-not-awaiting-time).
        Row(
            "GET",
            "/api/scheduler/requests/{request_id}/matching-slots",
            f"/api/scheduler/requests/{request}/matching-slots",
            scheduling(409),
        ),
        Row(
            "POST",
            "/api/scheduler/requests/{request_id}/choose-time",
            f"/api/scheduler/requests/{request}/choose-time",
            scheduling(409),
            {"start": in_a_week},
        ),
        Row("GET", "/api/scheduler/scope", "/api/scheduler/scope", scheduling(200, 200)),
        Row(
            "GET",
            "/api/scheduler/calendar",
            "/api/scheduler/calendar",
            scheduling(200),
            params={"day": data["day"], "span": "week", "location_id": str(demo.DOWNTOWN)},
        ),
        Row(
            "POST",
            "/api/scheduler/appointments",
            "/api/scheduler/appointments",
            scheduling(422),
            {
                "patient_id": str(LILY),
                "case_id": str(LILY_CASE),
                "visit_type_id": str(demo.TREATMENT),
                "therapist_id": str(DANA),
                "location_id": str(demo.DOWNTOWN),
                "start": past,
            },
        ),
        Row(
            "POST",
            "/api/scheduler/appointments/{appointment_id}/cancel",
            f"/api/scheduler/appointments/{appointment}/cancel",
            scheduling(200),
        ),
        Row("GET", "/api/admin/clinic", "/api/admin/clinic", administration()),
        Row(
            "PUT",
            "/api/admin/clinic/appointment-requests",
            "/api/admin/clinic/appointment-requests",
            administration(),
            {"enabled": clinic["appointment_requests_enabled"]},
        ),
        Row(
            "PUT",
            "/api/admin/clinic/request-policy",
            "/api/admin/clinic/request-policy",
            administration(),
            clinic["request_policy"],
        ),
        Row("GET", "/api/admin/{collection}", "/api/admin/patients", administration()),
        Row("GET", "/api/admin/{collection}/{entity_id}", f"/api/admin/patients/{LILY}", administration()),
        Row(
            "POST",
            "/api/admin/locations",
            "/api/admin/locations",
            administration(422),
            blank | {"time_zone": "Europe/London"},
        ),
        Row(
            "PATCH",
            "/api/admin/locations/{location_id}",
            location,
            administration(),
            {"name": downtown["name"], "address": downtown["address"]},
        ),
        Row(
            "POST",
            "/api/admin/visit-types",
            "/api/admin/visit-types",
            administration(422),
            blank | {"duration_minutes": 45},
        ),
        Row(
            "PATCH",
            "/api/admin/visit-types/{visit_type_id}",
            f"/api/admin/visit-types/{demo.TREATMENT}",
            administration(),
            {"duration_minutes": treatment["duration_minutes"]},
        ),
        Row("POST", "/api/admin/therapists", "/api/admin/therapists", administration(422), blank),
        Row("PATCH", "/api/admin/therapists/{therapist_id}", therapist, administration(), {"name": dana["name"]}),
        Row(
            "PUT",
            "/api/admin/therapists/{therapist_id}/locations",
            f"{therapist}/locations",
            administration(),
            dana["location_ids"],
        ),
        Row("GET", "/api/admin/therapists/{therapist_id}/time-off", f"{therapist}/time-off", administration()),
        Row(
            "PUT",
            "/api/admin/therapists/{therapist_id}/time-off",
            f"{therapist}/time-off",
            administration(),
            time_off,
        ),
        Row("POST", "/api/admin/patients", "/api/admin/patients", administration(422), blank),
        Row(
            "PATCH",
            "/api/admin/patients/{patient_id}",
            f"/api/admin/patients/{LILY}",
            administration(),
            {"name": "Lily Chen"},
        ),
        Row(
            "POST",
            "/api/admin/patient-cases",
            "/api/admin/patient-cases",
            administration(422),
            {
                "patient_id": str(LILY),
                "title": " ",
                "primary_therapist_id": str(DANA),
                "location_id": str(demo.DOWNTOWN),
            },
        ),
        Row(
            "PATCH",
            "/api/admin/patient-cases/{case_id}",
            patient_case,
            administration(),
            {"title": lilys_case["title"]},
        ),
        Row("PATCH", "/api/admin/staff-users/{staff_user_id}", staff_user, administration(), {"name": "Robin Fields"}),
        Row("PATCH", "/api/admin/portal-users/{portal_user_id}", portal_user, administration(), {"name": wei["name"]}),
        Row("GET", "/api/admin/changes", "/api/admin/changes", administration(), params={"entity_id": str(LILY)}),
        Row("GET", "/api/admin/emails", "/api/admin/emails", administration(), params={"status": "failed"}),
        Row("PUT", "/api/admin/clinic/language", "/api/admin/clinic/language", administration(), {"language": "en"}),
        # No such email in the admin's clinic: the admin is answered 404, everyone else refused before.
        Row(
            "POST", "/api/admin/emails/{email_id}/retry", f"/api/admin/emails/{uuid.uuid4()}/retry", administration(404)
        ),
        Row(
            "GET", "/api/me/notification-preferences", "/api/me/notification-preferences", everyone | {"anonymous": 401}
        ),
        Row(
            "PUT",
            "/api/me/notification-preferences",
            "/api/me/notification-preferences",
            everyone | {"anonymous": 401},
            {"delivery": "immediate"},
        ),
        Row(
            "PUT",
            "/api/admin/locations/{location_id}/appointment-requests",
            f"{location}/appointment-requests",
            administration(),
            {"enabled": downtown["allow_appointment_requests"]},
        ),
        Row(
            "PUT",
            "/api/admin/locations/{location_id}/operating-hours",
            f"{location}/operating-hours",
            administration(),
            downtown["operating_hours"],
        ),
        Row(
            "PUT",
            "/api/admin/locations/{location_id}/closures",
            f"{location}/closures",
            administration(),
            downtown["closures"],
        ),
        Row(
            "PUT",
            "/api/admin/patient-cases/{case_id}/appointment-requests",
            f"{patient_case}/appointment-requests",
            administration(),
            {"enabled": lilys_case["allow_appointment_requests"]},
        ),
        Row(
            "PUT",
            "/api/admin/patient-cases/{case_id}/requestable-visit-types",
            f"{patient_case}/requestable-visit-types",
            administration(),
            lilys_case["requestable_visit_type_ids"],
        ),
        Row(
            "PUT",
            "/api/admin/patient-cases/{case_id}/authorization",
            f"{patient_case}/authorization",
            administration(),
            {"authorization": lilys_case.get("authorization")},
        ),
        Row(
            "PUT",
            "/api/admin/patient-cases/{case_id}/status",
            f"{patient_case}/status",
            administration(),
            {"status": lilys_case["status"]},
        ),
        Row(
            "PUT",
            "/api/admin/staff-users/{staff_user_id}/permissions",
            f"{staff_user}/permissions",
            administration(),
            [],
        ),
        Row(
            "PUT",
            "/api/admin/staff-users/{staff_user_id}/locations",
            f"{staff_user}/locations",
            administration(),
            {"all_locations": False, "location_ids": []},
        ),
        Row(
            "PUT",
            "/api/admin/portal-users/{portal_user_id}/patients",
            f"{portal_user}/patients",
            administration(),
            wei["patient_ids"],
        ),
        Row(
            "PUT",
            "/api/admin/portal-users/{portal_user_id}/active",
            f"{portal_user}/active",
            administration(),
            {"active": True},
        ),
        Row("GET", "/api/admin/therapists/{therapist_id}/working-hours/{location_id}", working_hours, administration()),
        Row(
            "GET",
            "/api/admin/therapists/{therapist_id}/schedule-changes",
            f"/api/admin/therapists/{DANA}/schedule-changes",
            administration(),
        ),
        # A dry run: the admin's answer is the report, and nothing is added to the demo clinic.
        Row(
            "POST",
            "/api/admin/imports",
            "/api/admin/imports",
            administration(),
            {"csv": {"patients.csv": "external_id,name,date_of_birth\r\nP-ACCESS,Access Row,\r\n"}},
            params={"dry_run": "true"},
        ),
        Row(
            "PUT",
            "/api/admin/therapists/{therapist_id}/working-hours/{location_id}",
            working_hours,
            administration(),
            {"periods": hours["periods"], "extra_hours": hours["extra_hours"]},
        ),
        Row("GET", "/api/admin/invitations", "/api/admin/invitations", administration()),
        Row(
            "POST",
            "/api/admin/invitations",
            "/api/admin/invitations",
            administration() | {"admin_without_scheduling": 409},  # the email is taken
            {"kind": "portal", "name": "Wei Chen", "email": CAREGIVER, "role": "caregiver"},
        ),
        Row(
            "POST",
            "/api/admin/invitations/{invitation_id}/resend",
            f"/api/admin/invitations/{links['accepted']}/resend",
            administration() | {"admin_without_scheduling": 409},  # accepted already
        ),
        Row(
            "POST",
            "/api/admin/invitations/{invitation_id}/revoke",
            f"/api/admin/invitations/{links['accepted']}/revoke",
            administration() | {"admin_without_scheduling": 409},
        ),
        Row(
            "POST",
            "/api/admin/portal-users/{portal_user_id}/password-reset",
            f"/api/admin/portal-users/{links['invited_portal_user']}/password-reset",
            administration() | {"admin_without_scheduling": 409},  # the invitation is not accepted yet
        ),
        Row(
            "POST",
            "/api/admin/staff-users/{staff_user_id}/password-reset",
            f"/api/admin/staff-users/{links['invited_staff_user']}/password-reset",
            administration() | {"admin_without_scheduling": 409},
        ),
        # Without signing in, the same for everyone: the link's token is what counts.
        Row(
            "POST",
            "/api/invitations/lookup",
            "/api/invitations/lookup",
            dict.fromkeys(ROLES, 409),
            {"token": links["accepted_token"]},
        ),
        Row(
            "POST",
            "/api/invitations/accept",
            "/api/invitations/accept",
            dict.fromkeys(ROLES, 409),
            {"token": links["accepted_token"], "password": "an attempt to take it over"},
        ),
        Row(
            "POST",
            "/api/password-resets",
            "/api/password-resets",
            dict.fromkeys(ROLES, 202),
            {"email": "nobody.at.all@harborview.example"},
        ),
        Row(
            "POST",
            "/api/password-resets/complete",
            "/api/password-resets/complete",
            dict.fromkeys(ROLES, 404),
            {"token": "not-a-token-anyone-was-given", "password": "an attempt to take it over"},
        ),
        # Only Prometheus, with the operator's metrics token: no one's session opens it.
        Row("GET", "/metrics", "/metrics", dict.fromkeys(ROLES, 401)),
        # Calendar feeds: each person keeps their own; a scheduler follows a therapist they may see
        # (Dana works Downtown only), a portal user names none.
        Row("GET", "/api/me/calendar-feeds", "/api/me/calendar-feeds", everyone | {"anonymous": 401}),
        Row(
            "POST",
            "/api/me/calendar-feeds",
            "/api/me/calendar-feeds",
            dict.fromkeys(PORTAL, 422)
            | dict.fromkeys(STAFF, 403)
            | {"anonymous": 401, "scheduler": 201}
            | {"other_location_scheduler": 404},
            {"therapist_id": str(DANA)},
        ),
        Row(
            "POST",
            "/api/me/calendar-feeds/{feed_id}/revoke",
            f"/api/me/calendar-feeds/{data['feed_id']}/revoke",
            portal(200) | dict.fromkeys(STAFF, 404),
        ),
        *fhir_rows(request),
    ]


def fhir_rows(request: str) -> list[Row]:
    """The FHIR facade (/fhir): errors are OperationOutcome, the statuses those of the API beside it."""
    dana_downtown = DANA.hex + demo.DOWNTOWN.hex
    treatment = {"coding": [{"system": "urn:clinic-appointment-requests:visit-type", "code": str(demo.TREATMENT)}]}
    # Inside the minimum notice: the caregiver's proposal is refused (422), nothing is submitted.
    proposal = {
        "resourceType": "Appointment",
        "status": "proposed",
        "serviceType": [treatment],
        "start": soon(),
        "participant": [
            {"actor": {"reference": f"Patient/{LILY}"}, "status": "accepted"},
            {"actor": {"reference": f"Location/{demo.DOWNTOWN}"}, "status": "needs-action"},
        ],
    }
    signed_in = fhir_reads(200, 200)
    # Grace is treated at Downtown too: the portal lists it to her.
    return [
        Row("GET", "/fhir/metadata", "/fhir/metadata", {role: 200 for role in ROLES}),
        Row("GET", "/fhir/Patient/{patient_id}", f"/fhir/Patient/{LILY}", fhir_reads(200)),
        Row("GET", "/fhir/Practitioner/{practitioner_id}", f"/fhir/Practitioner/{DANA}", fhir_reads(200)),
        Row(
            "GET",
            "/fhir/Location/{location_id}",
            f"/fhir/Location/{demo.DOWNTOWN}",
            fhir_reads(200) | {"other_portal_user": 200},
        ),
        Row("GET", "/fhir/Schedule", "/fhir/Schedule", signed_in, params={"actor": f"Practitioner/{DANA}"}),
        Row("GET", "/fhir/Schedule/{id}", f"/fhir/Schedule/{dana_downtown}", fhir_reads(200)),
        # The portal's slot list: for portal users (another family's finds nothing at Dana's).
        Row(
            "GET",
            "/fhir/Slot",
            "/fhir/Slot",
            signed_in | {"scheduler": 403, "other_location_scheduler": 403},
            params={"schedule": f"Schedule/{dana_downtown}", "service-type": str(demo.TREATMENT)},
        ),
        Row("GET", "/fhir/Appointment", "/fhir/Appointment", signed_in, params={"patient": f"Patient/{LILY}"}),
        Row("GET", "/fhir/Appointment/{id}", f"/fhir/Appointment/{request}", fhir_reads(200)),
        Row(
            "POST",
            "/fhir/Appointment",
            "/fhir/Appointment",
            fhir_reads(422) | {"other_portal_user": 404, "scheduler": 403, "other_location_scheduler": 403},
            proposal,
        ),
        Row(
            "GET",
            "/fhir/AppointmentResponse",
            "/fhir/AppointmentResponse",
            signed_in,
            params={"appointment": f"Appointment/{request}"},
        ),
        # Withdrawn: the clinic never answered it, so there is no such response for anyone.
        Row(
            "GET",
            "/fhir/AppointmentResponse/{id}",
            f"/fhir/AppointmentResponse/{request}-approved",
            fhir_reads(404),
        ),
    ]


def api_routes() -> set[tuple[str, str]]:
    document = offline_gateway_app().openapi()
    return {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
        if path.startswith("/api/") or path == "/metrics" or path.startswith("/fhir/")
    }


def secrets_of(data: dict) -> set[str]:
    return {"Lily", "Chen", "Toe walking", NOTE, data["request_id"], data["appointment_id"], str(LILY), str(LILY_CASE)}


def test_every_route_for_every_caller(admin, callers, caregivers_data, invitations) -> None:
    table = rows(admin, caregivers_data, invitations)
    assert {(row.method, row.route) for row in table} == api_routes(), (
        "every /api route (and /metrics) needs an access row"
    )
    assert all(set(row.expected) == set(ROLES) for row in table)

    wrong = []
    for row in table:
        # Refusals first: a caller allowed to change something (cancel an appointment) goes last.
        for role in sorted(ROLES, key=lambda role: row.expected[role] < 300):
            response = callers[role].call(row.method, row.path, json=row.json, params=row.params)
            if response.status_code != row.expected[role]:
                got, expected = response.status_code, row.expected[role]
                wrong.append(f"{row.method} {row.route} as {role}: {got}, not {expected}: {response.text[:200]}")
                continue
            if response.status_code >= 400 and row.route.startswith("/fhir/"):
                assert response.headers["content-type"].startswith("application/fhir+json"), row.route
                assert response.json()["resourceType"] == "OperationOutcome", row.route
            elif response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json"), row.route
            if role in OUTSIDERS or response.status_code >= 400:
                asked = row.path + str(row.params) + str(row.json)
                leaked = {
                    secret for secret in secrets_of(caregivers_data) if secret in response.text and secret not in asked
                }
                if leaked:
                    wrong.append(f"{row.method} {row.route} as {role} shows {leaked}")
    assert not wrong, "\n".join(wrong)


# Outside /api: the calendar feeds calendar apps read. No session: the secret is the credential, and
# one nobody was given is not found by anyone, whatever session they bring.
FEED_ROWS = [Row("GET", "/ical/{secret}.ics", "/ical/not-a-secret-anyone-was-given.ics", dict.fromkeys(ROLES, 404))]


def test_every_calendar_feed_route_for_every_caller(callers) -> None:
    document = offline_gateway_app().openapi()
    feed_routes = {
        (method.upper(), path) for path, operations in document["paths"].items() for method in operations
        if path.startswith("/ical/")
    }  # fmt: skip
    assert {(row.method, row.route) for row in FEED_ROWS} == feed_routes, "every /ical route needs an access row"
    for row in FEED_ROWS:
        for role in ROLES:
            response = callers[role].call(row.method, row.path)
            assert response.status_code == row.expected[role], (row.route, role, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "calendar-feed-not-found"


def test_a_scheduler_sees_only_busy_time_of_patients_at_other_locations(
    admin, scheduler, pasadena_scheduler, therapists_at_work
) -> None:
    """Priya works at both locations: the Downtown scheduler sees her Pasadena patient's
    appointment as busy time, without the patient; the Pasadena scheduler sees it in full."""
    leo, leos_case = patient("Leo Novak"), case("Leo Novak", "Running injury")
    # Monday to Thursday afternoons at Pasadena, after her Downtown day has ended on the east coast.
    afternoons = [{"weekday": day, "start": "14:00:00", "end": "18:00:00"} for day in range(4)]
    path = f"/api/admin/therapists/{PRIYA}/working-hours/{demo.PASADENA}"
    body = {"periods": [{"effective_from": str(date.today()), "hours": afternoons}]}
    wait_for(lambda: admin.call("PUT", path, json=body).status_code == 200)
    booking = {
        "patient_id": str(leo),
        "case_id": str(leos_case),
        "visit_type_id": str(demo.TREATMENT),
        "therapist_id": str(PRIYA),
        "location_id": str(demo.PASADENA),
    }
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    for day in (monday + timedelta(weeks=weeks) for weeks in range(4)):  # a closure may fall on one
        booked = pasadena_scheduler.call(
            "POST", "/api/scheduler/appointments", json=booking | {"start": f"{day}T15:30:00-08:00"}
        )
        if booked.status_code == 201:
            break
    assert booked.status_code == 201, booked.text
    appointment = booked.json()
    try:
        params = {"day": str(day), "therapist_id": str(PRIYA)}
        theirs = pasadena_scheduler.ok("GET", "/api/scheduler/calendar", params=params)["items"]
        shown = next(i for i in theirs if i["item_id"] == appointment["appointment_id"])
        assert (shown["kind"], shown["patient_name"]) == ("appointment", "Leo Novak")
        ours = scheduler.ok("GET", "/api/scheduler/calendar", params=params)
        busy = next(i for i in ours["items"] if i["item_id"] == appointment["appointment_id"])
        assert busy["kind"] == "busy" and busy["start"] == shown["start"]
        assert busy["patient_id"] is busy["case_id"] is busy["patient_name"] is busy["visit_type_name"] is None
        assert str(leo) not in str(ours) and "Leo" not in str(ours)
        cancel = scheduler.call("POST", f"/api/scheduler/appointments/{appointment['appointment_id']}/cancel")
        assert cancel.status_code == 404, "nor may they cancel it"
        pasadena = scheduler.call(
            "GET", "/api/scheduler/calendar", params={"day": str(day), "location_id": str(demo.PASADENA)}
        )
        assert pasadena.status_code == 404, "a location that is not theirs"
        elena = demo.demo_id("therapist/Elena Sorensen")
        assert (
            scheduler.call(
                "GET", "/api/scheduler/calendar", params={"day": str(day), "therapist_id": str(elena)}
            ).status_code
            == 404
        )
    finally:
        pasadena_scheduler.ok("POST", f"/api/scheduler/appointments/{appointment['appointment_id']}/cancel")


def test_a_scheduler_may_open_the_calendars_of_their_own_locations_only(scheduler, pasadena_scheduler) -> None:
    """The calendar's choices: the scheduler's locations and the therapists who work at one of them."""
    downtown = scheduler.ok("GET", "/api/scheduler/scope")
    pasadena = pasadena_scheduler.ok("GET", "/api/scheduler/scope")

    assert [entry["name"] for entry in downtown["locations"]] == ["Harborview Downtown"]
    assert {entry["name"] for entry in downtown["therapists"]} == {"Dana Whitfield", "Marcus Oyelaran", "Priya Raman"}
    assert [entry["name"] for entry in pasadena["locations"]] == ["Harborview Pasadena"]
    assert {entry["name"] for entry in pasadena["therapists"]} == {"Elena Sorensen", "Priya Raman", "Tomás Herrera"}
    assert downtown["locations"][0]["time_zone"] == "America/New_York"
