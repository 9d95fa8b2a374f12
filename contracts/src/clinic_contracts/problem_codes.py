"""Every code an answer of the system can carry: one line each, with its HTTP status and title.

A problem document's `code` (the end of its `type`) names the rule that was broken; a refused
request's `refusal.code` and a calendar problem's `reason_code` name a `RefusalReason`. The pages
(`problems.js`), the gateway's OpenAPI examples and the tests all answer to this list:
tests/contracts/test_problem_catalogue.py fails when a service produces a code missing here, when a
code here is produced nowhere, when an OpenAPI example's status differs from its line, and when
problems.js lacks a sentence for a code marked as having one (or has one for a code not marked).

`sentence=False`: the pages show the problem's own `detail`, which every service writes for people,
because it names what went wrong (which file, which row, which field) better than a fixed sentence;
most of these reach only an admin's import, an operator's job, or a program.

To add a code: name it in the `_codes(...)` of its status and title below, or add one for them (and
its sentence in problems.js, unless sentence=False). The title is the one the code's answers carry;
where two services refuse by one code, the first.
"""

from dataclasses import dataclass

from clinic_contracts.events.availability import RefusalReason


@dataclass(frozen=True)
class Code:
    code: str
    status: int
    title: str
    sentence: bool = True  # problems.js explains it in its own words


def _codes(status: int, title: str, *codes: str, sentence: bool = True) -> tuple[Code, ...]:
    """The codes answered with one status and title."""
    return tuple(Code(code, status, title, sentence) for code in codes)


PROBLEM_CODES: dict[str, Code] = {
    code.code: code
    for code in (
        # Not problems: why an import's report ignored a row (its answer is a 200 report).
        *_codes(
            200,
            "The row was ignored",
            "inactive-role",
            "role-elements-ignored",
            "unsupported-resource-type",
            sentence=False,
        ),
        *_codes(400, "The request cannot be read", "bad-request", sentence=False),
        *_codes(400, "The request is not valid", "invalid-json", sentence=False),
        *_codes(400, "The search is not valid", "invalid-search-parameter", sentence=False),
        *_codes(401, "Please sign in", "not-signed-in"),
        *_codes(401, "The call does not say who makes it", "not-authenticated", sentence=False),
        *_codes(401, "Wrong email or password", "invalid-credentials"),
        *_codes(403, "Not allowed", "patient-not-visible-to-staff", "request-not-yours"),
        *_codes(403, "Not allowed", "location-not-assigned-to-staff", "staff-may-not-schedule", sentence=False),
        *_codes(403, "Not for this caller", "operators-only", sentence=False),
        *_codes(
            403,
            "You may not do this",
            "admin-permission-required",
            "portal-only",
            "scheduling-permission-required",
            "staff-only",
        ),
        *_codes(403, "You may not do this", "actor-may-not", sentence=False),
        *_codes(404, "No such email", "email-not-found"),
        *_codes(
            404,
            "Not found",
            "calendar-feed-not-found",
            "not-found",
            "portal-user-not-found",
            "request-not-found",
            "staff-user-not-found",
            "waitlist-entry-not-found",
        ),
        *_codes(404, "The link cannot be used", "invitation-not-found", "password-reset-not-found"),
        *_codes(404, "This service knows no such clinic yet", "clinic-not-found"),
        *_codes(405, "Method not allowed", "method-not-allowed", sentence=False),
        *_codes(409, "Choose a clinic", "clinic-required"),
        *_codes(409, "Only a failed email can be retried", "email-not-failed", sentence=False),
        *_codes(409, "Someone else changed this meanwhile", "concurrent-change"),
        *_codes(
            409,
            "The appointment request conflicts with what is already there",
            "already-on-waitlist",
            "authorization-exhausted",
            "cancellation-too-late",
            "portal-cancellation-not-allowed",
            "too-many-pending-requests",
            "weekly-authorization-limit",
        ),
        *_codes(
            409,
            "The appointment request is not in a state that allows this",
            "edit-in-progress",
            "no-open-offer",
            "not-an-offered-time",
            "request-not-approved",
            "request-not-awaiting-time",
            "request-not-pending",
        ),
        *_codes(409, "The calendar feed was not made", "too-many-calendar-feeds", sentence=False),
        *_codes(409, "The id is taken", "appointment-exists", "block-exists"),
        *_codes(409, "The idempotency key was used for a different request", "idempotency-key-reused"),
        *_codes(409, "The link cannot be used", "invitation-already-used", "password-reset-already-used"),
        *_codes(
            409,
            "The settings were not changed",
            "email-taken",
            "invitation-not-accepted",
            "last-admin",
            "therapist-treats-active-cases-there",
        ),
        *_codes(409, "The time is taken", "calendar-conflict"),
        *_codes(
            410,
            "The link cannot be used",
            "invitation-expired",
            "invitation-revoked",
            "password-reset-expired",
            "password-reset-revoked",
        ),
        *_codes(413, "The request body is too large", "request-too-large"),
        *_codes(422, "The Settings-Seen header is not valid", "invalid-settings-seen", sentence=False),
        *_codes(
            422,
            "The appointment cannot be created",
            "appointment-must-be-proposed",
            "invalid-appointment",
            sentence=False,
        ),
        *_codes(
            422,
            "The appointment request breaks a rule",
            "appointment-requests-off",
            "beyond-booking-horizon",
            "case-not-active",
            "case-not-requestable",
            "decline-reason-required",
            "location-not-requestable",
            "location-not-the-cases",
            "offer-needs-one-to-three-times",
            "offered-times-must-differ",
            "offered-times-overlap",
            "outside-authorization",
            "portal-user-inactive",
            "portal-user-not-linked-to-patient",
            "preferred-dates-end-before-they-start",
            "start-in-the-past",
            "therapist-inactive",
            "therapist-not-at-location",
            "time-outside-preferred-times",
            "visit-type-inactive",
            "visit-type-not-requestable-for-case",
            "waitlist-dates-invalid",
            "waitlist-windows-empty",
            "within-minimum-notice",
        ),
        *_codes(
            422,
            "The appointment request breaks a rule",
            "case-of-another-patient",
            "nothing-to-change",
            "series-interval-not-offered",
            "series-too-long",
            "series-visit-time-does-not-exist",
            "series-visits-unknown",
            "settings-of-another-clinic",
            sentence=False,
        ),
        *_codes(
            422,
            "The calendar feed was not made",
            "calendar-feed-therapist-not-allowed",
            "calendar-feed-therapist-required",
            sentence=False,
        ),
        *_codes(422, "The choice was not saved", "digest-is-for-staff", sentence=False),
        *_codes(422, "The import was refused", "import-refused", sentence=False),
        *_codes(
            422,
            "The request is not valid",
            "date-range-too-long",
            "end-or-visit-type-required",
            "invalid-date-range",
            "invalid-request",
            "invalid-times",
            "therapist-or-location-required",
            sentence=False,
        ),
        *_codes(422, "The request refers to something unknown", "unknown-case", "unknown-visit-type"),
        *_codes(
            422,
            "The settings were not changed",
            "account-inactive",
            "authorization-ends-before-it-starts",
            "closure-ends-before-it-starts",
            "date-of-birth-out-of-range",
            "invalid-email",
            "location-inactive",
            "name-required",
            "opening-hours-end-before-start",
            "opening-hours-overlap",
            "password-too-long",
            "password-too-short",
            "patient-account-links-one-patient",
            "patient-inactive",
            "reference-to-another-clinic",
            "staff-locations-ambiguous",
            "unknown-import-file",
            "unknown-location",
            "unknown-patient",
            "unknown-reference",
            "unknown-therapist",
            "unknown-time-zone",
            "visit-duration-out-of-range",
        ),
        *_codes(
            422,
            "The settings were not changed",
            "duplicate-external-id",
            "duration-required",
            "external-id-required",
            "external-id-too-long",
            "invalid-boolean",
            "invalid-bundle",
            "invalid-case-status",
            "invalid-columns",
            "invalid-csv",
            "invalid-date",
            "invalid-extension",
            "invalid-number",
            "invalid-opening-hours",
            "invalid-reference",
            "invalid-resource",
            "invalid-value",
            "location-required",
            "name-too-long",
            "reference-refused",
            "reference-required",
            "time-zone-required",
            "unresolved-reference",
            "unsupported-value",
            "wrong-number-of-cells",
            sentence=False,
        ),
        *_codes(422, "The time cannot be booked", "not-bookable"),
        *_codes(422, "The waitlist entry breaks a rule", "waitlist-needs-portal-user", sentence=False),
        *_codes(
            422,
            "The working hours were not changed",
            "exception-ends-before-it-starts",
            "hours-end-before-start",
            "overlapping-hours",
            "overlapping-periods",
            "period-ends-before-it-starts",
        ),
        *_codes(429, "Too many failed sign-ins", "too-many-sign-in-attempts"),
        *_codes(429, "Too many password resets asked for", "too-many-password-resets"),
        *_codes(500, "Something went wrong on our side", "internal-error"),
        *_codes(502, "A part of the system failed", "service-failed"),
        *_codes(503, "A part of the system is not answering", "service-unavailable"),
        *_codes(503, "The calendar has not caught up yet", "calendar-catching-up"),
        *_codes(503, "The settings have not reached this service yet", "settings-catching-up"),
        *_codes(503, "The system is not ready", "not-ready"),
        *_codes(503, "Too many sign-ins at once", "passwords-busy"),
        *_codes(504, "A part of the system is answering too slowly", "service-timed-out"),
    )
}


# Why a time cannot be held or booked, in a refusal's `code` and a problem's `reason_code`; the
# pages show the calendar's own `reason` sentence with them.
REFUSAL_CODES = frozenset(reason.value for reason in RefusalReason)
