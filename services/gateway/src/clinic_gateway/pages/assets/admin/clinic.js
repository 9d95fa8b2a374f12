// The clinic-wide settings: appointment requests on or off, and the request rules.

import { api } from "../api.js";
import { say, switchControl, whileBusy } from "../dom.js";

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** How much of the clinic is open to requests: the feature alone opens nothing. */
export function showReadiness(settings) {
  const locations = settings.locations.filter((location) => location.allow_appointment_requests);
  const active = settings.cases.filter((item) => item.status === "active");
  const open = active.filter((item) => item.allow_appointment_requests);
  document.getElementById("readiness").textContent =
    `${locations.length} of ${plural(settings.locations.length, "location", "locations")} and ` +
    `${open.length} of ${plural(active.length, "active case", "active cases")} allow requests.`;
}

export function renderRequestsSwitch(settings) {
  const outcome = document.getElementById("requests-outcome");
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
  document.getElementById("requests-switch").replaceChildren(control);
  showReadiness(settings);
}

const NUMBERS = [
  "minimum_notice_hours",
  "booking_horizon_days",
  "slot_interval_minutes",
  "pending_request_expiry_hours",
  "max_pending_requests_per_case",
];

export function renderPolicy(settings) {
  const form = document.getElementById("policy-form");
  const outcome = document.getElementById("policy-outcome");
  const fill = (policy) => {
    for (const name of NUMBERS) form.elements[name].value = policy[name];
    form.elements.pending_request_holds_slot.checked = policy.pending_request_holds_slot;
  };
  fill(settings.clinic.request_policy);
  // An edit makes "saved" untrue; an invalid value stops the browser before "submit" fires.
  form.addEventListener("input", () => say(outcome, ""));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(outcome, "");
    const policy = { pending_request_holds_slot: form.elements.pending_request_holds_slot.checked };
    for (const name of NUMBERS) policy[name] = Number(form.elements[name].value);
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
}
