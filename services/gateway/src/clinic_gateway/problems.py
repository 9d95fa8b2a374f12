"""The problem documents the gateway answers with, as its OpenAPI document shows them.

The gateway passes a service's problem on unchanged, so each rule of the request workflow keeps
its own stable `type` (the base URI plus `code`); the examples here name them, so a page's author
finds in `/docs` every answer a call can give.
"""

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from servicekit.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, Problem


class ProblemDocument(BaseModel):
    """RFC 9457 problem details. Some problems carry more members (`errors`, `reason_code`,
    `request_status`, `conflicting_item_ids`, `checks`)."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(examples=[PROBLEM_BASE + "case-not-requestable"])
    title: str
    status: int
    code: str = Field(description="The last segment of `type`: stable, for programs to branch on.")
    instance: str = Field(description="The path that was called.")
    detail: str | None = Field(default=None, description="For people: what went wrong and what to do.")
    request_id: str | None = Field(
        default=None,
        description="On a 5xx: the id of the call (also the `X-Request-Id` header of every answer), "
        "under which the failure is logged.",
    )


class Example:
    """One problem a call can answer with."""

    def __init__(self, status: int, code: str, title: str, detail: str | None, **extensions) -> None:
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.value = {
            "type": PROBLEM_BASE + code,
            "title": title,
            "status": status,
            "code": code,
            "instance": "/api/...",
        }
        if detail:
            self.value["detail"] = detail
        self.value.update(extensions)

    def problem(self, detail: str | None = None, **extensions) -> Problem:
        """The gateway's own answer of this kind, for `raise`."""
        return Problem(self.status, self.code, self.title, detail or self.detail, **extensions)


def problems(*examples: Example) -> dict[int, dict]:
    """`responses=` for a route or router: each status with the problem schema and its examples."""
    by_status: dict[int, dict[str, dict]] = {}
    for example in examples:
        by_status.setdefault(example.status, {})[example.code] = {
            "summary": example.detail or example.title,
            "value": example.value,
        }
    return {
        status: {
            "description": ", ".join(named),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}, "examples": named}},
        }
        for status, named in sorted(by_status.items())
    }


def install_problem_schema(app: FastAPI) -> None:
    """Adds the Problem schema the `problems()` responses refer to."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = build()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = ProblemDocument.model_json_schema(ref_template="#/components/schemas/{model}")
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi


# --- answers any call can give ----------------------------------------------------------------

NOT_SIGNED_IN = Example(401, "not-signed-in", "Please sign in", "Your session has expired; sign in again.")
INVALID = Example(
    422,
    "invalid-request",
    "The request is not valid",
    "See `errors`.",
    errors=[{"location": ["body", "start"], "message": "Field required", "kind": "missing"}],
)
_REQUEST_ID = "6f1c1d2e-8a43-4c1b-9d55-0e4a1f6b2c3d"
INTERNAL_ERROR = Example(
    500,
    "internal-error",
    "Something went wrong on our side",
    "The failure has been logged; if it happens again, quote its request id to the clinic's support.",
    request_id=_REQUEST_ID,
)
SERVICE_FAILED = Example(
    502,
    "service-failed",
    "A part of the system failed",
    "The requests service broke off its answer. Try again shortly.",
    request_id=_REQUEST_ID,
)
UNAVAILABLE = Example(
    503,
    "service-unavailable",
    "A part of the system is not answering",
    "The requests service could not be reached. Try again shortly.",
    request_id=_REQUEST_ID,
)
TIMED_OUT = Example(
    504,
    "service-timed-out",
    "A part of the system is answering too slowly",
    "The requests service did not answer in time. Try again shortly; if it did what was asked meanwhile, "
    "the page shows it when reloaded.",
    request_id=_REQUEST_ID,
)
# What any call can meet when a part of the system fails; the body never says more than this.
FAILURES = (INTERNAL_ERROR, SERVICE_FAILED, UNAVAILABLE, TIMED_OUT)
NOT_FOUND = Example(404, "not-found", "Not found", "No such request here.")
SIGNED_IN = (NOT_SIGNED_IN, INVALID, *FAILURES)

PORTAL_ONLY = Example(403, "portal-only", "You may not do this", "This part is for patients and caregivers.")
STAFF_ONLY = Example(403, "staff-only", "You may not do this", "This part is for clinic staff.")
NEEDS_ADMIN = Example(
    403, "admin-permission-required", "You may not do this", "Only staff with the Admin permission may change settings."
)
NEEDS_SCHEDULING = Example(
    403,
    "scheduling-permission-required",
    "You may not do this",
    "Only staff with the Scheduling permission may see requests.",
)

# --- the request workflow's rules (the request service's codes) ---------------------------------

_BREAKS = "The appointment request breaks a rule"
SUBMISSION_RULES = (
    Example(
        422, "appointment-requests-off", _BREAKS, "Harborview Physical Therapy does not take appointment requests now."
    ),
    Example(422, "portal-user-inactive", _BREAKS, "This portal account is not active."),
    Example(422, "case-of-another-patient", _BREAKS, "The case is not this patient's."),
    Example(
        422,
        "case-not-active",
        _BREAKS,
        "The case 'Left shoulder impingement 2025' is discharged; only an active case takes requests.",
    ),
    Example(422, "case-not-requestable", _BREAKS, "The case 'Carpal tunnel' does not allow appointment requests."),
    Example(
        422,
        "location-not-the-cases",
        _BREAKS,
        "The case 'Toe walking' is treated at another location than Harborview Pasadena.",
    ),
    Example(422, "location-not-requestable", _BREAKS, "Harborview Downtown does not take appointment requests."),
    Example(422, "visit-type-inactive", _BREAKS, "The visit type 'Aquatic therapy' is no longer offered."),
    Example(
        422,
        "visit-type-not-requestable-for-case",
        _BREAKS,
        "The visit type 'Evaluation' cannot be requested for the case 'Toe walking'.",
    ),
    Example(422, "within-minimum-notice", _BREAKS, "Requests must start at least 24 hours from now."),
    Example(422, "beyond-booking-horizon", _BREAKS, "Requests must start within 60 days from now."),
    Example(422, "settings-of-another-clinic", _BREAKS, "The case belong to another clinic."),
    Example(
        422,
        "portal-user-not-linked-to-patient",
        _BREAKS,
        "This portal account may not request appointments for this patient.",
    ),
    Example(
        409,
        "too-many-pending-requests",
        "The appointment request conflicts with what is already there",
        "This case already has 3 requests waiting for an answer (at most 3); wait for one, or cancel one.",
    ),
    Example(
        409,
        "authorization-exhausted",
        "The appointment request conflicts with what is already there",
        "The insurance authorization for 'Toe walking' covers 12 visits, and all of them are booked or requested"
        " already. Call the clinic about a new authorization.",
    ),
    Example(
        422,
        "outside-authorization",
        _BREAKS,
        "The insurance authorization for 'Toe walking' covers visits from February 1, 2027 to April 30, 2027;"
        " choose a day in that time, or call the clinic.",
    ),
    Example(
        409,
        "weekly-authorization-limit",
        "The appointment request conflicts with what is already there",
        "The insurance authorization for 'Toe walking' covers at most 2 visits a week, and that week has as many"
        " booked or requested already. Choose a day in another week.",
    ),
    Example(
        503,
        "settings-catching-up",
        "The settings have not reached this service yet",
        "A change to the clinic's settings (PatientCaseChanged) is still on its way here; try again in a moment.",
    ),
    Example(
        409,
        "idempotency-key-reused",
        "The idempotency key was used for a different request",
        "This portal user already submitted a different request with this idempotency key; use a new key.",
    ),
)
SERIES_RULES = (
    Example(422, "series-too-long", _BREAKS, "A series has from 2 to 12 visits at this clinic; this one asks for 20."),
    Example(422, "series-interval-not-offered", _BREAKS, "A series repeats every week or every second week."),
    Example(
        422,
        "series-visits-unknown",
        _BREAKS,
        "Choose which of the series' visits to send, by their numbers from 1 to 10.",
    ),
    Example(
        422,
        "series-visit-time-does-not-exist",
        _BREAKS,
        "Visit 3 would be at 2027-03-14 02:30, a time the clocks skip that day (daylight saving time begins);"
        " leave it out.",
    ),
)
_NOT_NOW = "The appointment request is not in a state that allows this"
REQUEST_NOT_PENDING = Example(
    409,
    "request-not-pending",
    _NOT_NOW,
    "Only a pending request can be approved; this one is declined.",
    request_status="declined",
)
EDIT_IN_PROGRESS = Example(
    409,
    "edit-in-progress",
    _NOT_NOW,
    "An edit is waiting for the calendar's answer; the request can be approved once it has one.",
    request_status="pending",
)
REQUEST_NOT_YOURS = Example(
    403, "request-not-yours", "Not allowed", "This portal account may not withdraw this request."
)
WITHDRAWAL_RULES = (REQUEST_NOT_PENDING, REQUEST_NOT_YOURS)
_CONFLICTS = "The appointment request conflicts with what is already there"
APPOINTMENT_CANCELLATION_RULES = (
    Example(
        409,
        "request-not-approved",
        _NOT_NOW,
        "Only an approved request's appointment can be cancelled; this one is pending.",
        request_status="pending",
    ),
    Example(
        409,
        "portal-cancellation-not-allowed",
        _CONFLICTS,
        "The clinic does not let appointments be cancelled from the portal; please call the clinic.",
    ),
    Example(
        409,
        "cancellation-too-late",
        _CONFLICTS,
        "Appointments can be cancelled from the portal up to 24 hours before they start; please call the clinic.",
    ),
    REQUEST_NOT_YOURS,
)
REVIEW_RULES = (
    REQUEST_NOT_PENDING,
    EDIT_IN_PROGRESS,
    Example(
        403,
        "staff-may-not-schedule",
        "Not allowed",
        "Only an active staff user with the Scheduling permission can decide appointment requests.",
    ),
    Example(
        403, "patient-not-visible-to-staff", "Not allowed", "This patient is not treated at any of your locations."
    ),
)
EDIT_RULES = (
    *REVIEW_RULES,
    Example(422, "nothing-to-change", _BREAKS, "The edit changes nothing about the request."),
    Example(422, "therapist-inactive", _BREAKS, "Dana Whitfield is inactive."),
    Example(422, "therapist-not-at-location", _BREAKS, "Elena Sorensen does not work at Harborview Downtown."),
    Example(422, "start-in-the-past", _BREAKS, "The new start has already passed."),
    Example(403, "location-not-assigned-to-staff", "Not allowed", "You are not assigned to Harborview Pasadena."),
    Example(
        422,
        "unknown-visit-type",
        "The request refers to something unknown",
        "No visit type with id 2b1c... is known to the request service.",
    ),
)
OFFER_RULES = (
    *REVIEW_RULES,
    Example(422, "offer-needs-one-to-three-times", _BREAKS, "Offer between 1 and 3 other times; this offer has 4."),
    Example(
        422,
        "offered-times-must-differ",
        _BREAKS,
        "Each offered time must differ from the requested time and from the other offered times.",
    ),
    Example(
        422, "offered-times-overlap", _BREAKS, "The offered times overlap; offer times that do not share a moment."
    ),
    Example(422, "therapist-not-at-location", _BREAKS, "Elena Sorensen does not work at Harborview Downtown."),
    Example(422, "start-in-the-past", _BREAKS, "The new start has already passed."),
    Example(403, "location-not-assigned-to-staff", "Not allowed", "You are not assigned to Harborview Pasadena."),
)
NO_OPEN_OFFER = Example(
    409,
    "no-open-offer",
    _NOT_NOW,
    "Only an open offer of other times can be accepted; this request is approving.",
    request_status="approving",
)
OFFER_ANSWER_RULES = (
    NO_OPEN_OFFER,
    Example(
        409,
        "not-an-offered-time",
        _NOT_NOW,
        "That time is not one of the times held for this request.",
        request_status="offered",
    ),
    Example(422, "start-in-the-past", _BREAKS, "The new start has already passed."),
    REQUEST_NOT_YOURS,
)
PREFERRED_TIMES_RULES = (
    Example(
        422,
        "preferred-dates-end-before-they-start",
        _BREAKS,
        "The dates end on 2027-03-01, before they start on 2027-03-08.",
    ),
    Example(422, "therapist-not-at-location", _BREAKS, "Elena Sorensen does not work at Harborview Downtown."),
)
NOT_AWAITING_A_TIME = Example(
    409,
    "request-not-awaiting-time",
    _NOT_NOW,
    "This request asked for one time, not for preferred times.",
)
CHOOSE_TIME_RULES = (
    *REVIEW_RULES,
    Example(
        409,
        "request-not-awaiting-time",
        _NOT_NOW,
        "Only a request awaiting a time can be given one; this one is approved.",
        request_status="approved",
    ),
    Example(
        422,
        "time-outside-preferred-times",
        _BREAKS,
        "That time is not inside the preferred times; offer it as another time instead.",
    ),
    Example(422, "start-in-the-past", _BREAKS, "The new start has already passed."),
)
DECLINE_RULES = (
    *REVIEW_RULES,
    Example(422, "decline-reason-required", _BREAKS, "Say why the request is declined; the portal user will read it."),
)

# --- the calendar's answers (the availability service's codes) ---------------------------------

INVALID_DATE_RANGE = Example(
    422,
    "invalid-date-range",
    "The request is not valid",
    "The range ends on 2026-12-01, before it starts on 2026-12-07.",
)
DATE_RANGE_TOO_LONG = Example(
    422, "date-range-too-long", "The request is not valid", "Ask for at most 62 days at a time."
)
UNKNOWN_CASE = Example(
    422,
    "unknown-case",
    "The request refers to something unknown",
    "The calendar does not know this case yet; try again shortly.",
)
CALENDAR_CONFLICT = Example(
    409,
    "calendar-conflict",
    "The time is taken",
    "The time overlaps an appointment or a block.",
    reason_code="conflicts-with-calendar",
    conflicting_item_ids=["0d4f2f4e-96b1-4bd6-8a61-3c4bb0d6b7a1"],
)
NOT_BOOKABLE = Example(
    422, "not-bookable", "The time cannot be booked", "The location is closed that day.", reason_code="location-closed"
)
SCHEDULE_REJECTED = Example(
    422, "overlapping-hours", "The working hours were not changed", "Two ranges of hours on weekday 0 overlap."
)
