// "My requests": what the portal user asked for, its status, withdrawing one still waiting, and
// cancelling a booked appointment where the clinic allows it.

import { api } from "../api.js";
import { el, say, uid, whileBusy } from "../dom.js";
import { visitTime, zoneName } from "../local-time.js";
import { portalStatus, portalStatusDetail } from "../request-status.js";
import { preferredTimesText } from "../preferred-times.js";
import { offeredTimes } from "./offered-times.js";

const WITHDRAWABLE = new Set(["submitted", "pending", "awaiting-time"]);

/** A booked appointment the clinic lets its portal user cancel, and not too late for it. */
function cancellable(request) {
  return request.status === "approved" && request.cancellable_until && new Date(request.cancellable_until) > new Date();
}

/** The visit's time; for a request still awaiting one, the days and times asked for. */
function when(request, zone) {
  if (request.status === "awaiting-time" && request.preferred_times) return preferredTimesText(request.preferred_times);
  return zone ? visitTime(request.start, request.end, zone) : new Date(request.start).toLocaleString();
}

export function myRequests({ patients, locations }) {
  const list = document.getElementById("request-list");
  const outcome = document.getElementById("my-requests-outcome");
  const patientName = new Map(patients.map((patient) => [patient.patient_id, patient.name]));
  const location = new Map(locations.map((place) => [place.location_id, place]));
  const visitTypeName = new Map();

  // Visit type names come with each case's requestable visit types; a case no longer open to
  // requests answers 404, and its requests then show the visit's length instead.
  async function learnVisitTypes(requests) {
    const cases = [...new Set(requests.map((request) => request.case_id))];
    await Promise.all(
      cases.map(async (caseId) => {
        try {
          for (const type of await api(`/api/portal/cases/${caseId}/visit-types`)) {
            visitTypeName.set(type.visit_type_id, type.name);
          }
        } catch {
          // Not requestable any more: fall back as said above.
        }
      }),
    );
  }

  // One confirmed action on a request: the button that asks, then "Yes, …" or keep it as it is.
  function confirmedAction(request, title, { label, question, yesLabel, busyLabel, path, done }) {
    const confirmId = uid("confirm");
    const ask = el("button", { type: "button" }, label);
    const confirm = el(
      "div",
      { class: "confirm", id: confirmId, role: "group", "aria-label": `${label}: ${title}?`, hidden: true },
      el("p", {}, question),
    );
    const yes = el("button", { type: "button", class: "danger" }, yesLabel);
    const keep = el("button", { type: "button" }, "Keep it");
    confirm.append(el("div", { class: "actions" }, yes, keep));
    ask.setAttribute("aria-expanded", "false");
    ask.setAttribute("aria-controls", confirmId);
    ask.addEventListener("click", () => {
      confirm.hidden = false;
      ask.setAttribute("aria-expanded", "true");
      keep.focus();
    });
    keep.addEventListener("click", () => {
      confirm.hidden = true;
      ask.setAttribute("aria-expanded", "false");
      ask.focus();
    });
    yes.addEventListener("click", () =>
      whileBusy(yes, busyLabel, async () => {
        try {
          await api(`/api/portal/requests/${request.request_id}/${path}`, { method: "POST" });
          await refresh();
          say(outcome, done, "ok");
          document.getElementById("my-requests-heading").focus();
        } catch (error) {
          say(outcome, error.message, "bad");
        }
      }),
    );
    return [el("div", { class: "actions" }, ask), confirm];
  }

  function withdrawControls(request, title) {
    return confirmedAction(request, title, {
      label: "Withdraw request",
      question: "Withdraw this request? The time will be given up.",
      yesLabel: "Yes, withdraw",
      busyLabel: "Withdrawing…",
      path: "withdraw",
      done: `Your request (${title}) is withdrawn.`,
    });
  }

  function cancelAppointmentControls(request, title) {
    return confirmedAction(request, title, {
      label: "Cancel appointment",
      question: "Cancel this appointment? The time will be given up, and the clinic will see that you cancelled it.",
      yesLabel: "Yes, cancel the appointment",
      busyLabel: "Cancelling…",
      path: "cancel-appointment",
      done: `Your appointment (${title}) is cancelled.`,
    });
  }

  function requestItem(request) {
    const place = location.get(request.location_id);
    const zone = place?.time_zone;
    const what = visitTypeName.get(request.visit_type_id) ?? "Visit";
    const who = patientName.get(request.patient_id) ?? "your patient";
    const title = request.series ? `Visit ${request.series.occurrence}: ${what} for ${who}` : `${what} for ${who}`;
    const headingId = uid("request");
    const detail = portalStatusDetail(request);
    const card = el(
      "article",
      { class: "card request", "aria-labelledby": headingId },
      el("h3", { id: headingId }, title, " ", el("span", { class: `badge status-${request.status}` }, portalStatus(request.status))),
      el("p", {}, when(request, zone)),
      el("p", { class: "meta" }, [place?.name, zone ? zoneName(zone) : null].filter(Boolean).join(" · ")),
      request.note ? el("p", { class: "meta" }, `Your note: ${request.note}`) : null,
      detail ? el("p", {}, detail) : null,
    );
    if (WITHDRAWABLE.has(request.status)) card.append(...withdrawControls(request, title));
    if (cancellable(request)) card.append(...cancelAppointmentControls(request, title));
    if (request.status === "offered" && request.counter_offer) {
      card.append(offeredTimes(request, zone, { outcome, answered: refresh }));
    }
    return el("li", { "data-request-id": request.request_id }, card);
  }

  // A weekly series is one request of the user's: one entry, its visits inside with their own
  // statuses and controls (each visit is decided, and may be withdrawn or cancelled, on its own).
  function seriesItem(visits) {
    const first = visits[0];
    const what = visitTypeName.get(first.visit_type_id) ?? "Visit";
    const who = patientName.get(first.patient_id) ?? "your patient";
    const headingId = uid("series");
    const counts = new Map();
    for (const visit of visits) counts.set(portalStatus(visit.status), (counts.get(portalStatus(visit.status)) ?? 0) + 1);
    const summary = [...counts].map(([status, n]) => `${n} ${status.toLowerCase()}`).join(", ");
    return el(
      "li",
      { "data-series-id": first.series.series_id },
      el(
        "article",
        { class: "card series", "aria-labelledby": headingId },
        el("h3", { id: headingId }, `Weekly series: ${what} for ${who}`),
        el("p", { class: "meta" }, `${visits.length} of ${first.series.occurrences} visits requested: ${summary}.`),
        el("ul", { class: "request-list series-visits" }, visits.map(requestItem)),
      ),
    );
  }

  function entries(items) {
    const series = new Map();
    const shown = [];
    for (const item of items) {
      if (!item.series) {
        shown.push(item);
        continue;
      }
      if (!series.has(item.series.series_id)) {
        series.set(item.series.series_id, []);
        shown.push(series.get(item.series.series_id));
      }
      series.get(item.series.series_id).push(item);
    }
    return shown.map((entry) =>
      Array.isArray(entry)
        ? seriesItem(entry.sort((a, b) => a.series.occurrence - b.series.occurrence))
        : requestItem(entry),
    );
  }

  async function refresh() {
    const page = await api("/api/portal/requests?limit=100");
    await learnVisitTypes(page.items);
    list.replaceChildren(
      ...(page.items.length
        ? entries(page.items)
        : [el("li", { class: "hint" }, "You have not requested an appointment yet.")]),
    );
  }

  return { refresh };
}
