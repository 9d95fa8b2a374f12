"""The problem documents the gateway answers with, as its OpenAPI document shows them.

The gateway passes a service's problem on unchanged, so each rule of the request workflow keeps
its own stable `type` (the base URI plus `code`); the examples here name them, so a page's author
finds in `/docs` every answer a call can give.
"""

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from clinic_contracts.problem_codes import PROBLEM_CODES
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

    @classmethod
    def of(cls, code: str, detail: str | None, **extensions) -> "Example":
        """An example of a catalogued code, with the status and title the catalogue gives it."""
        entry = PROBLEM_CODES[code]
        return cls(entry.status, code, entry.title, detail, **extensions)

    @classmethod
    def table(cls, details: dict[str, str]) -> tuple["Example", ...]:
        """Examples of catalogued codes, a row each: the code, and the detail of its example."""
        return tuple(cls.of(code, detail) for code, detail in details.items())

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

NOT_SIGNED_IN = Example.of("not-signed-in", "Your session has expired; sign in again.")
INVALID = Example.of(
    "invalid-request",
    "See `errors`.",
    errors=[{"location": ["body", "start"], "message": "Field required", "kind": "missing"}],
)
_REQUEST_ID = "6f1c1d2e-8a43-4c1b-9d55-0e4a1f6b2c3d"
INTERNAL_ERROR = Example.of(
    "internal-error",
    "The failure has been logged; if it happens again, quote its request id to the clinic's support.",
    request_id=_REQUEST_ID,
)
SERVICE_FAILED = Example.of(
    "service-failed", "The requests service broke off its answer. Try again shortly.", request_id=_REQUEST_ID
)
UNAVAILABLE = Example.of(
    "service-unavailable", "The requests service could not be reached. Try again shortly.", request_id=_REQUEST_ID
)
TIMED_OUT = Example.of(
    "service-timed-out",
    "The requests service did not answer in time. Try again shortly; if it did what was asked meanwhile, "
    "the page shows it when reloaded.",
    request_id=_REQUEST_ID,
)
# What any call can meet when a part of the system fails; the body never says more than this.
FAILURES = (INTERNAL_ERROR, SERVICE_FAILED, UNAVAILABLE, TIMED_OUT)
NOT_FOUND = Example.of("not-found", "No such request here.")
SIGNED_IN = (NOT_SIGNED_IN, INVALID, *FAILURES)

PORTAL_ONLY = Example.of("portal-only", "This part is for patients and caregivers.")
STAFF_ONLY = Example.of("staff-only", "This part is for clinic staff.")
NEEDS_ADMIN = Example.of("admin-permission-required", "Only staff with the Admin permission may change settings.")
NEEDS_SCHEDULING = Example.of(
    "scheduling-permission-required", "Only staff with the Scheduling permission may see requests."
)

# --- the request workflow's rules (the request service's codes) ---------------------------------

SUBMISSION_RULES = Example.table(
    {
        "appointment-requests-off": "Harborview Physical Therapy does not take appointment requests now.",
        "portal-user-inactive": "This portal account is not active.",
        "case-of-another-patient": "The case is not this patient's.",
        "case-not-active": (
            "The case 'Left shoulder impingement 2025' is discharged; only an active case takes requests."
        ),
        "case-not-requestable": "The case 'Carpal tunnel' does not allow appointment requests.",
        "location-not-the-cases": "The case 'Toe walking' is treated at another location than Harborview Pasadena.",
        "location-not-requestable": "Harborview Downtown does not take appointment requests.",
        "visit-type-inactive": "The visit type 'Aquatic therapy' is no longer offered.",
        "visit-type-not-requestable-for-case": (
            "The visit type 'Evaluation' cannot be requested for the case 'Toe walking'."
        ),
        "within-minimum-notice": "Requests must start at least 24 hours from now.",
        "beyond-booking-horizon": "Requests must start within 60 days from now.",
        "settings-of-another-clinic": "The case belong to another clinic.",
        "portal-user-not-linked-to-patient": "This portal account may not request appointments for this patient.",
        "too-many-pending-requests": (
            "This case already has 3 requests waiting for an answer (at most 3); wait for one, or cancel one."
        ),
        "authorization-exhausted": (
            "The insurance authorization for 'Toe walking' covers 12 visits, and all of them are booked or requested "
            "already. Call the clinic about a new authorization."
        ),
        "outside-authorization": (
            "The insurance authorization for 'Toe walking' covers visits from February 1, 2027 to April 30, 2027; "
            "choose a day in that time, or call the clinic."
        ),
        "weekly-authorization-limit": (
            "The insurance authorization for 'Toe walking' covers at most 2 visits a week, and that week has as many "
            "booked or requested already. Choose a day in another week."
        ),
        "settings-catching-up": (
            "A change to the clinic's settings (PatientCaseChanged) is still on its way here; try again in a moment."
        ),
        "idempotency-key-reused": (
            "This portal user already submitted a different request with this idempotency key; use a new key."
        ),
    }
)
SERIES_RULES = Example.table(
    {
        "series-too-long": "A series has from 2 to 12 visits at this clinic; this one asks for 20.",
        "series-interval-not-offered": "A series repeats every week or every second week.",
        "series-visits-unknown": "Choose which of the series' visits to send, by their numbers from 1 to 10.",
        "series-visit-time-does-not-exist": (
            "Visit 3 would be at 2027-03-14 02:30, a time the clocks skip that day (daylight saving time begins); "
            "leave it out."
        ),
    }
)
REQUEST_NOT_PENDING = Example.of(
    "request-not-pending", "Only a pending request can be approved; this one is declined.", request_status="declined"
)
EDIT_IN_PROGRESS = Example.of(
    "edit-in-progress",
    "An edit is waiting for the calendar's answer; the request can be approved once it has one.",
    request_status="pending",
)
REQUEST_NOT_YOURS = Example.of("request-not-yours", "This portal account may not withdraw this request.")
WITHDRAWAL_RULES = (REQUEST_NOT_PENDING, REQUEST_NOT_YOURS)
APPOINTMENT_CANCELLATION_RULES = (
    Example.of(
        "request-not-approved",
        "Only an approved request's appointment can be cancelled; this one is pending.",
        request_status="pending",
    ),
    Example.of(
        "portal-cancellation-not-allowed",
        "The clinic does not let appointments be cancelled from the portal; please call the clinic.",
    ),
    Example.of(
        "cancellation-too-late",
        "Appointments can be cancelled from the portal up to 24 hours before they start; please call the clinic.",
    ),
    REQUEST_NOT_YOURS,
)
THERAPIST_NOT_AT_LOCATION = Example.of(
    "therapist-not-at-location", "Elena Sorensen does not work at Harborview Downtown."
)
START_IN_THE_PAST = Example.of("start-in-the-past", "The new start has already passed.")
# A time or place a scheduler proposes instead of the asked-for one (an edit, an offer) is judged by these.
NEW_TIME_RULES = (
    THERAPIST_NOT_AT_LOCATION,
    START_IN_THE_PAST,
    Example.of("location-not-assigned-to-staff", "You are not assigned to Harborview Pasadena."),
)
REVIEW_RULES = (
    REQUEST_NOT_PENDING,
    EDIT_IN_PROGRESS,
    Example.of(
        "staff-may-not-schedule",
        "Only an active staff user with the Scheduling permission can decide appointment requests.",
    ),
    Example.of("patient-not-visible-to-staff", "This patient is not treated at any of your locations."),
)
EDIT_RULES = (
    *REVIEW_RULES,
    Example.of("nothing-to-change", "The edit changes nothing about the request."),
    Example.of("therapist-inactive", "Dana Whitfield is inactive."),
    *NEW_TIME_RULES,
    Example.of("unknown-visit-type", "No visit type with id 2b1c... is known to the request service."),
)
OFFER_RULES = (
    *REVIEW_RULES,
    Example.of("offer-needs-one-to-three-times", "Offer between 1 and 3 other times; this offer has 4."),
    Example.of(
        "offered-times-must-differ",
        "Each offered time must differ from the requested time and from the other offered times.",
    ),
    Example.of("offered-times-overlap", "The offered times overlap; offer times that do not share a moment."),
    *NEW_TIME_RULES,
)
NO_OPEN_OFFER = Example.of(
    "no-open-offer",
    "Only an open offer of other times can be accepted; this request is approving.",
    request_status="approving",
)
OFFER_ANSWER_RULES = (
    NO_OPEN_OFFER,
    Example.of(
        "not-an-offered-time", "That time is not one of the times held for this request.", request_status="offered"
    ),
    START_IN_THE_PAST,
    REQUEST_NOT_YOURS,
)
PREFERRED_TIMES_RULES = (
    Example.of(
        "preferred-dates-end-before-they-start", "The dates end on 2027-03-01, before they start on 2027-03-08."
    ),
    THERAPIST_NOT_AT_LOCATION,
)
NOT_AWAITING_A_TIME = Example.of(
    "request-not-awaiting-time", "This request asked for one time, not for preferred times."
)
CHOOSE_TIME_RULES = (
    *REVIEW_RULES,
    Example.of(
        "request-not-awaiting-time",
        "Only a request awaiting a time can be given one; this one is approved.",
        request_status="approved",
    ),
    Example.of(
        "time-outside-preferred-times", "That time is not inside the preferred times; offer it as another time instead."
    ),
    START_IN_THE_PAST,
)
DECLINE_RULES = (
    *REVIEW_RULES,
    Example.of("decline-reason-required", "Say why the request is declined; the portal user will read it."),
)

# --- the calendar's answers (the availability service's codes) ---------------------------------

INVALID_DATE_RANGE = Example.of("invalid-date-range", "The range ends on 2026-12-01, before it starts on 2026-12-07.")
DATE_RANGE_TOO_LONG = Example.of("date-range-too-long", "Ask for at most 62 days at a time.")
UNKNOWN_CASE = Example.of("unknown-case", "The calendar does not know this case yet; try again shortly.")
CALENDAR_CONFLICT = Example.of(
    "calendar-conflict",
    "The time overlaps an appointment or a block.",
    reason_code="conflicts-with-calendar",
    conflicting_item_ids=["0d4f2f4e-96b1-4bd6-8a61-3c4bb0d6b7a1"],
)
NOT_BOOKABLE = Example.of("not-bookable", "The location is closed that day.", reason_code="location-closed")
SCHEDULE_REJECTED = Example.of("overlapping-hours", "Two ranges of hours on weekday 0 overlap.")
