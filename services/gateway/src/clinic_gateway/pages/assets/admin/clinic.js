// The clinic-wide settings: appointment requests on or off, how much of the clinic is open to
// them, and the request rules.

import { api } from "../api.js";
import { control, el, say, switchControl, whileBusy } from "../dom.js";
import { field, outcomeRegion, selectInput } from "./forms.js";

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** How much of the clinic is open to requests: the feature alone opens nothing. */
function readiness(locations, cases) {
  const active = locations.filter((location) => location.active);
  const allowing = active.filter((location) => location.allow_appointment_requests);
  const activeCases = cases.filter((item) => item.status === "active");
  const open = activeCases.filter((item) => item.allow_appointment_requests);
  return (
    `${allowing.length} of ${plural(active.length, "location", "locations")} and ` +
    `${open.length} of ${plural(activeCases.length, "active case", "active cases")} allow requests.`
  );
}

function requestsSection(settings) {
  const outcome = outcomeRegion();
  const control = switchControl({
    label: "Take appointment requests through the portal",
    checked: settings.clinic.appointment_requests_enabled,
    describedBy: "requests-hint readiness",
    onToggle: async (enabled) => {
      say(outcome, "");
      try {
        settings.clinic = await api("/api/admin/clinic/appointment-requests", { method: "PUT", body: { enabled } });
        say(
          outcome,
          settings.clinic.appointment_requests_enabled
            ? "Appointment requests are on: portal users can send requests."
            : "Appointment requests are off: portal users can't send new requests.",
          "ok",
        );
        return settings.clinic.appointment_requests_enabled;
      } catch (error) {
        say(outcome, error.message, "bad");
        throw error;
      }
    },
  });
  return el(
    "section",
    { id: "requests", class: "card", "aria-labelledby": "requests-heading" },
    el("h2", { id: "requests-heading" }, "Appointment requests"),
    el(
      "p",
      { id: "requests-hint", class: "hint" },
      "When on, patients and caregivers can ask for appointments in the portal, at the locations and for the " +
        "cases that allow them. When off, no new requests can be sent; requests already waiting stay for " +
        "schedulers to review.",
    ),
    control,
    el("p", { id: "readiness", class: "hint" }, readiness(settings.locations, settings.cases)),
    outcome,
  );
}

const RULES = [
  ["minimum_notice_hours", "Minimum notice (hours)", "How long before the visit a request must arrive.", 0, 2160],
  ["booking_horizon_days", "How far ahead (days)", "Times can be requested up to this many days ahead.", 1, 730],
  ["slot_interval_minutes", "Start times every (minutes)", "Offered start times are this many minutes apart.", 5, 240],
  [
    "pending_request_expiry_hours",
    "A request waits at most (hours)",
    "A request nobody reviewed in this time expires.",
    1,
    1440,
  ],
  [
    "max_pending_requests_per_case",
    "Waiting requests per case, at most",
    "How many requests one case may have waiting for review at once.",
    1,
    100,
  ],
  [
    "max_series_visits",
    "Visits in a weekly series, at most",
    "How many visits a patient or caregiver may ask for at once when repeating a time every week or two.",
    2,
    52,
  ],
  [
    "counter_offer_hours",
    "Other times offered are held for (hours)",
    "When a scheduler offers other times, they stay held this long for the patient's answer.",
    1,
    336,
  ],
  [
    "waitlist_offer_hours",
    "A freed time offered from the waitlist is held for (hours)",
    "The next person waiting gets the time if it is not accepted in this time.",
    1,
    72,
  ],
];

/** A whole number from `min` to `max`, its id its name (the policy's field). */
function numberInput(name, { min, max, required = false }) {
  const attributes = { id: name, name, type: "number", inputmode: "numeric", step: "1", required };
  return el("input", { ...attributes, min: String(min), max: String(max) });
}

function policySection(settings) {
  const outcome = outcomeRegion();
  const numbers = RULES.map(([name, label, hint, min, max]) =>
    field(label, numberInput(name, { min, max, required: true }), hint),
  );
  const holds = el(
    "div",
    { class: "field" },
    el(
      "label",
      { class: "check", for: "pending_request_holds_slot" },
      el("input", {
        id: "pending_request_holds_slot",
        name: "pending_request_holds_slot",
        type: "checkbox",
        "aria-describedby": "pending_request_holds_slot-hint",
      }),
      el(
        "span",
        {},
        "A waiting request holds its time ",
        el(
          "span",
          { class: "hint", id: "pending_request_holds_slot-hint" },
          "Nobody else can request the same time while it waits for review.",
        ),
      ),
    ),
  );
  // Empty is a choice of its own (portal users may not cancel), so this number is not required.
  const cancellation = field(
    "Portal users may cancel up to (hours before)",
    numberInput("portal_cancellation_notice_hours", { min: 0, max: 2160 }),
    "Patients and caregivers may cancel a booked appointment in the portal until this many hours before it. " +
      "Leave empty if they may not: they call the clinic instead.",
  );
  // What a request beyond a case's insurance authorization does; a case may choose otherwise.
  const authorizationLimit = field(
    "A request beyond a case's insurance authorization",
    selectInput("authorization_limit", [
      ["warn", "Accept, and warn the scheduler"],
      ["block", "Refuse the request"],
      ["allow", "Accept without a word"],
    ]),
    "Beyond the visits, days or visits a week the insurer authorized. A case's own authorization may choose otherwise.",
  );
  // Who on a waitlist is offered a freed time first.
  const waitlistOrder = field(
    "A freed time goes on the waitlist to",
    selectInput("waitlist_order", [
      ["first-come", "Who joined first"],
      ["priority", "The highest priority, then who joined first"],
    ]),
    "Schedulers set each waiting person's priority on their page.",
  );
  const form = el(
    "form",
    { id: "policy-form" },
    el("div", { class: "policy-grid" }, numbers, cancellation, holds, authorizationLimit, waitlistOrder),
    el("button", { class: "primary", type: "submit" }, "Save request rules"),
    outcome,
  );
  const input = (name) => control(form, name, HTMLInputElement);
  const holdsSlot = input("pending_request_holds_slot");
  const cancellationNotice = input("portal_cancellation_notice_hours");
  const limit = control(form, "authorization_limit", HTMLSelectElement);
  const order = control(form, "waitlist_order", HTMLSelectElement);
  const fill = (policy) => {
    for (const [name] of RULES) input(name).value = policy[name];
    holdsSlot.checked = policy.pending_request_holds_slot;
    cancellationNotice.value = policy.portal_cancellation_notice_hours ?? "";
    limit.value = policy.authorization_limit ?? "warn";
    order.value = policy.waitlist_order ?? "first-come";
  };
  fill(settings.clinic.request_policy);
  // An edit makes "saved" untrue; an invalid value stops the browser before "submit" fires.
  form.addEventListener("input", () => say(outcome, ""));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(outcome, "");
    const policy = { pending_request_holds_slot: holdsSlot.checked };
    for (const [name] of RULES) policy[name] = Number(input(name).value);
    const notice = cancellationNotice.value;
    policy.portal_cancellation_notice_hours = notice === "" ? null : Number(notice);
    policy.authorization_limit = limit.value;
    policy.waitlist_order = order.value;
    await whileBusy(form.querySelector("button[type=submit]"), "Saving…", async () => {
      try {
        settings.clinic = await api("/api/admin/clinic/request-policy", { method: "PUT", body: policy });
        fill(settings.clinic.request_policy);
        say(outcome, "Request rules saved.", "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });
  return el(
    "section",
    { id: "policy", class: "card", "aria-labelledby": "policy-heading" },
    el("h2", { id: "policy-heading" }, "Request rules"),
    form,
  );
}

export async function renderPage(root, { clinic }) {
  const [locations, cases] = await Promise.all([api("/api/admin/locations"), api("/api/admin/patient-cases")]);
  const settings = { clinic, locations, cases };
  root.replaceChildren(requestsSection(settings), policySection(settings));
}
