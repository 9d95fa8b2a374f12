// What an API problem (RFC 9457: code, title, detail) means, in words a clinic user understands.
// A code not listed here falls back to the problem's own `detail`, which the services write for
// people too; the code itself is never shown. Every code is in clinic_contracts/problem_codes.py,
// which says which have a sentence here (tests/contracts/test_problem_catalogue.py checks both).

const NOT_FOUND = "We couldn't find that. It may have been removed, or your account may not have access to it.";
const TRY_AGAIN = "Someone else changed this at the same moment. Reload the page and try again.";

// A sentence, or a function of the problem when its detail names what went wrong (which day, which
// visit type) better than any fixed sentence could.
const SENTENCES = {
  // Signing in and permissions
  "invalid-credentials": "That email and password don't match an account. Check both and try again.",
  "not-signed-in": "You have been signed out. Please sign in again.",
  "clinic-required": "This email and password belong to accounts at more than one clinic. Please call your clinic.",
  "admin-permission-required": "Your account can't change clinic settings. Ask a clinic administrator for the Admin permission.",
  "scheduling-permission-required": "Your account can't see appointment requests. Ask a clinic administrator for the Scheduling permission.",
  "staff-only": "This page is for clinic staff. Sign in with a staff account to use it.",
  "portal-only": "This page is for patients and caregivers. Sign in with a portal account to use it.",
  "too-many-sign-in-attempts": (p) => `Too many failed sign-ins. ${p.retry_after_seconds ? `Please try again in ${Math.ceil(p.retry_after_seconds / 60)} minutes.` : "Please try again later."}`,
  "passwords-busy": "Many people are signing in right now. Please try again in a moment.",

  // Invitations and password reset links
  "invitation-not-found": "This invitation link isn't valid. Check that you opened the whole link, or ask the clinic to send a new one.",
  "invitation-expired": "This invitation has expired. Please ask the clinic to send you a new one.",
  "invitation-revoked": "The clinic has withdrawn this invitation. Please call the clinic if you think that's a mistake.",
  "invitation-already-used": "This invitation has already been used to set a password. Sign in, or use “Forgot your password?”.",
  "password-reset-not-found": "This password reset link isn't valid. Check that you opened the whole link, or ask for a new one.",
  "password-reset-expired": "This password reset link has expired: links work for one hour. Please ask for a new one.",
  "password-reset-revoked": "A newer password reset link has been sent since. Please use the newest one.",
  "password-reset-already-used": "This password reset link has already been used. Sign in, or ask for a new link.",
  "too-many-password-resets": (p) => `Too many password resets were asked for from here. ${p.retry_after_seconds ? `Please try again in ${Math.ceil(p.retry_after_seconds / 60)} minutes.` : "Please try again later."}`,
  "invitation-not-accepted": "This person hasn't accepted their invitation yet. Send the invitation again instead.",
  "account-inactive": "This account is deactivated. Reactivate it first.",

  // Something missing, or the system not answering
  "not-found": NOT_FOUND,
  "service-unavailable": "Part of the system isn't answering right now. Please try again in a minute.",
  "service-timed-out": "Part of the system is answering too slowly. Please reload the page in a minute to see whether it was done.",
  "service-failed": "Part of the system failed to answer. Please try again in a minute.",
  "internal-error": (p) => `Something went wrong on our side. Please try again; if it keeps happening, call the clinic${p.request_id ? ` and quote ${p.request_id}` : ""}.`,
  "request-too-large": "That is more than can be sent at once. Please send less.",
  "not-ready": "The system is starting up or busy. Please try again in a minute.",
  "network-error": "We couldn't reach the clinic's system. Check your internet connection and try again.",
  "unreadable-answer": "The clinic's system gave an answer we couldn't read. Please try again in a minute.",
  "concurrent-change": TRY_AGAIN,

  // Settings an admin changes
  "opening-hours-end-before-start": (p) => `Opening hours must end after they start. ${p.detail ?? ""}`,
  "opening-hours-overlap": (p) => `Opening hours on the same day can't overlap. ${p.detail ?? ""}`,
  "closure-ends-before-it-starts": "A closure's last day can't be before its first day.",
  "reference-to-another-clinic": "That belongs to another clinic, so it can't be used here.",
  "unknown-time-zone": (p) => `That time zone isn't recognised: choose one from the list. ${p.detail ?? ""}`,
  "name-required": (p) => p.detail ?? "Please fill in the name.",
  "invalid-email": (p) => `That doesn't look like an email address. ${p.detail ?? ""}`,
  "email-taken": "Another account at this clinic already uses that email address.",
  "last-admin": (p) => `The clinic needs an active admin. ${p.detail ?? ""}`,
  "location-inactive": (p) => p.detail ?? "That location is deactivated.",
  "patient-inactive": (p) => p.detail ?? "That patient is deactivated.",
  "date-of-birth-out-of-range": (p) => `That date of birth can't be right. ${p.detail ?? ""}`,
  "settings-catching-up": "The clinic has just changed its settings. Please try again in a few seconds.",
  "calendar-catching-up": "The calendar hasn't caught up with this change yet. Please try again in a few seconds.",
  "overlapping-hours": (p) => `Working hours on the same day can't overlap. ${p.detail ?? ""}`,
  "overlapping-periods": (p) => `Two periods of working hours overlap. ${p.detail ?? ""}`,
  "hours-end-before-start": (p) => `Working hours must end after they start. ${p.detail ?? ""}`,
  "period-ends-before-it-starts": (p) => `A period can't end before it starts. ${p.detail ?? ""}`,
  "exception-ends-before-it-starts": "Time off must end after it starts.",
  "password-too-short": (p) => `That password is too short. ${p.detail ?? ""}`,
  "password-too-long": (p) => `That password is too long. ${p.detail ?? ""}`,
  "therapist-inactive": (p) => `That therapist no longer works at the clinic. ${p.detail ?? ""}`,
  "therapist-not-at-location": (p) => `That therapist doesn't work at this location. ${p.detail ?? ""}`,
  "therapist-treats-active-cases-there": (p) => p.detail ?? "That therapist still has active cases at this location.",
  "staff-locations-ambiguous": "Choose either all locations or a list of locations, not both.",
  "patient-account-links-one-patient": "A patient's own account can be linked to that patient only. Use a caregiver account for several patients.",
  "visit-duration-out-of-range": (p) => `That visit length isn't allowed. ${p.detail ?? ""}`,

  // Appointment requests: sending one, and reviewing it
  "appointment-requests-off": "The clinic isn't taking appointment requests online right now. Please call the clinic.",
  "case-not-requestable": "This treatment can't be booked online right now. Please call the clinic.",
  "case-not-active": "This treatment has ended, so no visit can be requested for it. Please call the clinic.",
  "location-not-requestable": "This location isn't taking appointment requests online right now. Please call the clinic.",
  "location-not-the-cases": "Visits for this treatment are at its own location. Please choose that one.",
  "visit-type-inactive": (p) => `That kind of visit is no longer offered. ${p.detail ?? ""}`,
  "visit-type-not-requestable-for-case": "That kind of visit can't be requested for this treatment. Please choose another.",
  "portal-user-not-linked-to-patient": "Your account can't request appointments for this patient. Please call the clinic.",
  "portal-user-inactive": "Your portal account is no longer active. Please call the clinic.",
  "within-minimum-notice": (p) => `That time is too soon to request online. ${p.detail ?? "Please choose a later time."}`,
  "beyond-booking-horizon": (p) => `That time is too far ahead to request online. ${p.detail ?? "Please choose an earlier time."}`,
  "too-many-pending-requests": (p) => `There are already as many requests waiting for this treatment as the clinic allows. ${p.detail ?? ""}`,
  "authorization-exhausted": (p) => `All the visits the insurance authorization covers are already booked or requested. ${p.detail ?? "Please call the clinic."}`,
  "outside-authorization": (p) => `That day is outside the dates the insurance authorization covers. ${p.detail ?? "Please choose another day."}`,
  "weekly-authorization-limit": (p) => `The insurance authorization covers no more visits in that week. ${p.detail ?? "Please choose another week."}`,
  "authorization-ends-before-it-starts": "An authorization's last day can't be before its first day.",
  "request-not-pending": "This request is no longer waiting: someone has already dealt with it. The list now shows where it stands.",
  "edit-in-progress": "A change to this request is still being made. Please wait a moment and try again.",
  "request-not-yours": "This request belongs to another account.",
  "no-open-offer": "The offered times have already been answered, or have expired. The list now shows where this request stands.",
  "not-an-offered-time": "That time is no longer held for you. Please choose another of the offered times.",
  "offer-needs-one-to-three-times": "Offer between one and three other times.",
  "offered-times-must-differ": "Each offered time must differ from the requested time and from the other offered times.",
  "offered-times-overlap": "The offered times overlap. Choose times that don't share a moment.",
  "preferred-dates-end-before-they-start": "The last date must not be before the first date.",
  "time-outside-preferred-times": "That time isn't one of the days and times the family asked for. Offer it as another time instead.",
  "request-not-awaiting-time": "This request already has a time, or has been dealt with. The list now shows where it stands.",
  "already-on-waitlist": "This case is on the waitlist already. Leave it first to choose other times.",
  "waitlist-dates-invalid": "Choose dates from the first to the last day that would suit, ending today or later and no more than 180 days ahead.",
  "waitlist-windows-empty": "Choose at least one weekday and one part of the day that would suit.",
  "request-not-approved": "Only a booked appointment can be cancelled. The list now shows where this request stands.",
  "portal-cancellation-not-allowed": "The clinic doesn't let appointments be cancelled online. Please call the clinic to cancel.",
  "cancellation-too-late": (p) => `It's too late to cancel this appointment online. ${p.detail ?? "Please call the clinic."}`,
  "decline-reason-required": "Please give a reason for declining: the portal user will see it.",
  "patient-not-visible-to-staff": "You don't have access to this patient's requests.",
  "start-in-the-past": "That time has already passed. Please choose a later one.",
  "calendar-conflict": (p) => `That time clashes with the therapist's calendar. ${p.detail ?? ""}`,
  "not-bookable": (p) => `That time can't be booked. ${p.detail ?? ""}`,
  "idempotency-key-reused": "This request was already sent. Reload the page to see it.",
};

/** @type {[RegExp, string | ((problem: any) => string)][]} */
const PATTERNS = [
  [/-not-found$/, NOT_FOUND],
  [/^unknown-/, "That refers to something the clinic's system doesn't know. Reload the page and try again."],
  [/-exists$/, "That has been added already."],
];

function fieldName(location) {
  const name = [...(location ?? [])].reverse().find((part) => typeof part === "string" && part !== "body");
  return name ? name.replaceAll("_", " ") : "a value";
}

function invalidRequest(problem) {
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const which = errors.map((error) => `${fieldName(error.location)} (${error.message.toLowerCase()})`);
  const list = which.length ? ` Please check: ${which.join("; ")}.` : "";
  return `Some of what was entered wasn't accepted.${list}`;
}

/** The sentence to show a person for this problem document. */
export function explain(problem) {
  const code = problem?.code ?? "";
  let sentence = SENTENCES[code];
  if (code === "invalid-request") return invalidRequest(problem);
  if (sentence === undefined) sentence = PATTERNS.find(([pattern]) => pattern.test(code))?.[1];
  if (typeof sentence === "function") return sentence(problem).trim();
  if (sentence !== undefined) return sentence;
  return problem?.detail || problem?.title || "Something went wrong. Please try again.";
}
