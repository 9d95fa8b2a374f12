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

To add a code: one `Code(...)` line below (and its sentence in problems.js, unless sentence=False).
The title is the one the code's answers carry; where two services refuse by one code, the first.
"""

from dataclasses import dataclass

from clinic_contracts.events.availability import RefusalReason


@dataclass(frozen=True)
class Code:
    code: str
    status: int
    title: str
    sentence: bool = True  # problems.js explains it in its own words


PROBLEM_CODES: dict[str, Code] = {
    code.code: code
    for code in (
        Code("account-inactive", 422, "The settings were not changed"),
        Code("actor-may-not", 403, "You may not do this", sentence=False),
        Code("admin-permission-required", 403, "You may not do this"),
        Code("appointment-exists", 409, "The id is taken"),
        Code("appointment-requests-off", 422, "The appointment request breaks a rule"),
        Code("authorization-ends-before-it-starts", 422, "The settings were not changed"),
        Code("authorization-exhausted", 409, "The appointment request conflicts with what is already there"),
        Code("bad-request", 400, "The request cannot be read", sentence=False),
        Code("beyond-booking-horizon", 422, "The appointment request breaks a rule"),
        Code("block-exists", 409, "The id is taken"),
        Code("calendar-catching-up", 503, "The calendar has not caught up yet"),
        Code("calendar-conflict", 409, "The time is taken"),
        Code("cancellation-too-late", 409, "The appointment request conflicts with what is already there"),
        Code("case-not-active", 422, "The appointment request breaks a rule"),
        Code("case-not-requestable", 422, "The appointment request breaks a rule"),
        Code("case-of-another-patient", 422, "The appointment request breaks a rule", sentence=False),
        Code("clinic-not-found", 404, "This service knows no such clinic yet"),
        Code("clinic-required", 409, "Choose a clinic"),
        Code("closure-ends-before-it-starts", 422, "The settings were not changed"),
        Code("concurrent-change", 409, "Someone else changed this meanwhile"),
        Code("date-of-birth-out-of-range", 422, "The settings were not changed"),
        Code("date-range-too-long", 422, "The request is not valid", sentence=False),
        Code("decline-reason-required", 422, "The appointment request breaks a rule"),
        Code("digest-is-for-staff", 422, "The choice was not saved", sentence=False),
        Code("duplicate-external-id", 422, "The settings were not changed", sentence=False),
        Code("duration-required", 422, "The settings were not changed", sentence=False),
        Code("edit-in-progress", 409, "The appointment request is not in a state that allows this"),
        Code("email-not-failed", 409, "Only a failed email can be retried", sentence=False),
        Code("email-not-found", 404, "No such email"),
        Code("email-taken", 409, "The settings were not changed"),
        Code("end-or-visit-type-required", 422, "The request is not valid", sentence=False),
        Code("exception-ends-before-it-starts", 422, "The working hours were not changed"),
        Code("external-id-required", 422, "The settings were not changed", sentence=False),
        Code("external-id-too-long", 422, "The settings were not changed", sentence=False),
        Code("hours-end-before-start", 422, "The working hours were not changed"),
        Code("idempotency-key-reused", 409, "The idempotency key was used for a different request"),
        Code("import-refused", 422, "The import was refused", sentence=False),
        Code("internal-error", 500, "Something went wrong on our side"),
        Code("invalid-boolean", 422, "The settings were not changed", sentence=False),
        Code("invalid-bundle", 422, "The settings were not changed", sentence=False),
        Code("invalid-case-status", 422, "The settings were not changed", sentence=False),
        Code("invalid-columns", 422, "The settings were not changed", sentence=False),
        Code("invalid-credentials", 401, "Wrong email or password"),
        Code("invalid-csv", 422, "The settings were not changed", sentence=False),
        Code("invalid-date", 422, "The settings were not changed", sentence=False),
        Code("invalid-date-range", 422, "The request is not valid", sentence=False),
        Code("invalid-email", 422, "The settings were not changed"),
        Code("invalid-extension", 422, "The settings were not changed", sentence=False),
        Code("invalid-number", 422, "The settings were not changed", sentence=False),
        Code("invalid-opening-hours", 422, "The settings were not changed", sentence=False),
        Code("invalid-reference", 422, "The settings were not changed", sentence=False),
        Code("invalid-request", 422, "The request is not valid", sentence=False),
        Code("invalid-resource", 422, "The settings were not changed", sentence=False),
        Code("invalid-settings-seen", 422, "The Settings-Seen header is not valid", sentence=False),
        Code("invalid-times", 422, "The request is not valid", sentence=False),
        Code("invalid-value", 422, "The settings were not changed", sentence=False),
        Code("invitation-already-used", 409, "The link cannot be used"),
        Code("invitation-expired", 410, "The link cannot be used"),
        Code("invitation-not-accepted", 409, "The settings were not changed"),
        Code("invitation-not-found", 404, "The link cannot be used"),
        Code("invitation-revoked", 410, "The link cannot be used"),
        Code("last-admin", 409, "The settings were not changed"),
        Code("location-inactive", 422, "The settings were not changed"),
        Code("location-not-assigned-to-staff", 403, "Not allowed", sentence=False),
        Code("location-not-requestable", 422, "The appointment request breaks a rule"),
        Code("location-not-the-cases", 422, "The appointment request breaks a rule"),
        Code("location-required", 422, "The settings were not changed", sentence=False),
        Code("method-not-allowed", 405, "Method not allowed", sentence=False),
        Code("name-required", 422, "The settings were not changed"),
        Code("name-too-long", 422, "The settings were not changed", sentence=False),
        Code("no-open-offer", 409, "The appointment request is not in a state that allows this"),
        Code("not-an-offered-time", 409, "The appointment request is not in a state that allows this"),
        Code("not-authenticated", 401, "The call does not say who makes it", sentence=False),
        Code("not-bookable", 422, "The time cannot be booked"),
        Code("not-found", 404, "Not found"),
        Code("not-ready", 503, "The system is not ready"),
        Code("not-signed-in", 401, "Please sign in"),
        Code("nothing-to-change", 422, "The appointment request breaks a rule", sentence=False),
        Code("offer-needs-one-to-three-times", 422, "The appointment request breaks a rule"),
        Code("offered-times-must-differ", 422, "The appointment request breaks a rule"),
        Code("offered-times-overlap", 422, "The appointment request breaks a rule"),
        Code("opening-hours-end-before-start", 422, "The settings were not changed"),
        Code("opening-hours-overlap", 422, "The settings were not changed"),
        Code("operators-only", 403, "Not for this caller", sentence=False),
        Code("outside-authorization", 422, "The appointment request breaks a rule"),
        Code("overlapping-hours", 422, "The working hours were not changed"),
        Code("overlapping-periods", 422, "The working hours were not changed"),
        Code("password-reset-already-used", 409, "The link cannot be used"),
        Code("password-reset-expired", 410, "The link cannot be used"),
        Code("password-reset-not-found", 404, "The link cannot be used"),
        Code("password-reset-revoked", 410, "The link cannot be used"),
        Code("password-too-long", 422, "The settings were not changed"),
        Code("password-too-short", 422, "The settings were not changed"),
        Code("passwords-busy", 503, "Too many sign-ins at once"),
        Code("patient-account-links-one-patient", 422, "The settings were not changed"),
        Code("patient-inactive", 422, "The settings were not changed"),
        Code("patient-not-visible-to-staff", 403, "Not allowed"),
        Code("period-ends-before-it-starts", 422, "The working hours were not changed"),
        Code("portal-cancellation-not-allowed", 409, "The appointment request conflicts with what is already there"),
        Code("portal-only", 403, "You may not do this"),
        Code("portal-user-inactive", 422, "The appointment request breaks a rule"),
        Code("portal-user-not-found", 404, "Not found"),
        Code("portal-user-not-linked-to-patient", 422, "The appointment request breaks a rule"),
        Code("reference-refused", 422, "The settings were not changed", sentence=False),
        Code("reference-required", 422, "The settings were not changed", sentence=False),
        Code("reference-to-another-clinic", 422, "The settings were not changed"),
        Code("request-not-approved", 409, "The appointment request is not in a state that allows this"),
        Code("request-not-found", 404, "Not found"),
        Code("request-not-pending", 409, "The appointment request is not in a state that allows this"),
        Code("request-not-yours", 403, "Not allowed"),
        Code("request-too-large", 413, "The request body is too large"),
        Code("scheduling-permission-required", 403, "You may not do this"),
        Code("series-interval-not-offered", 422, "The appointment request breaks a rule", sentence=False),
        Code("series-too-long", 422, "The appointment request breaks a rule", sentence=False),
        Code("series-visit-time-does-not-exist", 422, "The appointment request breaks a rule", sentence=False),
        Code("series-visits-unknown", 422, "The appointment request breaks a rule", sentence=False),
        Code("service-failed", 502, "A part of the system failed"),
        Code("service-timed-out", 504, "A part of the system is answering too slowly"),
        Code("service-unavailable", 503, "A part of the system is not answering"),
        Code("settings-catching-up", 503, "The settings have not reached this service yet"),
        Code("settings-of-another-clinic", 422, "The appointment request breaks a rule", sentence=False),
        Code("staff-locations-ambiguous", 422, "The settings were not changed"),
        Code("staff-may-not-schedule", 403, "Not allowed", sentence=False),
        Code("staff-only", 403, "You may not do this"),
        Code("staff-user-not-found", 404, "Not found"),
        Code("start-in-the-past", 422, "The appointment request breaks a rule"),
        Code("therapist-inactive", 422, "The appointment request breaks a rule"),
        Code("therapist-not-at-location", 422, "The appointment request breaks a rule"),
        Code("therapist-or-location-required", 422, "The request is not valid", sentence=False),
        Code("therapist-treats-active-cases-there", 409, "The settings were not changed"),
        Code("time-zone-required", 422, "The settings were not changed", sentence=False),
        Code("too-many-password-resets", 429, "Too many password resets asked for"),
        Code("too-many-pending-requests", 409, "The appointment request conflicts with what is already there"),
        Code("too-many-sign-in-attempts", 429, "Too many failed sign-ins"),
        Code("unknown-case", 422, "The request refers to something unknown"),
        Code("unknown-import-file", 422, "The settings were not changed"),
        Code("unknown-location", 422, "The settings were not changed"),
        Code("unknown-patient", 422, "The settings were not changed"),
        Code("unknown-reference", 422, "The settings were not changed"),
        Code("unknown-therapist", 422, "The settings were not changed"),
        Code("unknown-time-zone", 422, "The settings were not changed"),
        Code("unknown-visit-type", 422, "The request refers to something unknown"),
        Code("unresolved-reference", 422, "The settings were not changed", sentence=False),
        Code("unsupported-value", 422, "The settings were not changed", sentence=False),
        Code("visit-duration-out-of-range", 422, "The settings were not changed"),
        Code("visit-type-inactive", 422, "The appointment request breaks a rule"),
        Code("visit-type-not-requestable-for-case", 422, "The appointment request breaks a rule"),
        Code("weekly-authorization-limit", 409, "The appointment request conflicts with what is already there"),
        Code("within-minimum-notice", 422, "The appointment request breaks a rule"),
        Code("wrong-number-of-cells", 422, "The settings were not changed", sentence=False),
        # Not problems: why an import's report ignored a row (its answer is a 200 report).
        Code("inactive-role", 200, "The row was ignored", sentence=False),
        Code("role-elements-ignored", 200, "The row was ignored", sentence=False),
        Code("unsupported-resource-type", 200, "The row was ignored", sentence=False),
        Code("already-on-waitlist", 409, "The appointment request conflicts with what is already there"),
        Code("waitlist-dates-invalid", 422, "The appointment request breaks a rule"),
        Code("waitlist-entry-not-found", 404, "Not found"),
        Code("waitlist-needs-portal-user", 422, "The waitlist entry breaks a rule", sentence=False),
        Code("waitlist-windows-empty", 422, "The appointment request breaks a rule"),
    )
}

# Why a time cannot be held or booked, in a refusal's `code` and a problem's `reason_code`; the
# pages show the calendar's own `reason` sentence with them.
REFUSAL_CODES = frozenset(reason.value for reason in RefusalReason)
