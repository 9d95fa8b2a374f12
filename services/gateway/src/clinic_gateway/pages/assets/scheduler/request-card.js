// One request in the scheduler's list: who, what, when (in the location's time zone), the note,
// its calendar snapshot, and for a pending one, approve, move or decline with a reason.

import { api } from "../api.js";
import { el, say, uid, whileBusy } from "../dom.js";
import { momentTime, visitTime, zoneName } from "../local-time.js";
import { appointmentCancellation, schedulerStatus } from "../request-status.js";
import { authorizationLines } from "./authorization.js";
import { requestDetail } from "./request-detail.js";
import { preferredTimesPanel } from "./preferred-times.js";
import { preferredTimesText } from "../preferred-times.js";

function approvalOutcome(request) {
  if (request.status === "approved") return ["Approved: the appointment is booked.", "ok"];
  if (request.status === "approving") return ["Approved: the appointment is being booked.", "ok"];
  if (request.conflicting) {
    return [`Not booked: ${request.conflict?.reason ?? "the time is no longer free."} The request is still waiting.`, "bad"];
  }
  return [`The request is now ${schedulerStatus(request.status).toLowerCase()}.`, ""];
}

function declineForm(request, who, outcome, onReviewed, opener) {
  const reasonId = uid("reason");
  const hintId = uid("reason-hint");
  const reason = el("textarea", { id: reasonId, required: true, maxlength: "1000", "aria-describedby": hintId });
  const send = el("button", { type: "submit", class: "danger" }, "Decline request");
  const cancel = el("button", { type: "button" }, "Cancel");
  const form = el(
    "form",
    { class: "confirm", hidden: true, novalidate: true },
    el(
      "div",
      { class: "field" },
      el("label", { for: reasonId }, "Reason for declining"),
      el("span", { class: "hint", id: hintId }, "The portal user who asked will see this reason."),
      reason,
    ),
    el("div", { class: "actions" }, send, cancel),
  );
  cancel.addEventListener("click", () => {
    form.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    say(outcome, "");
    if (!reason.value.trim()) {
      reason.setAttribute("aria-invalid", "true");
      say(outcome, "Please give a reason: the portal user will see it.", "bad");
      reason.focus();
      return;
    }
    return whileBusy(send, "Declining…", async () => {
      try {
        const path = `/api/scheduler/requests/${request.request_id}/decline`;
        await api(path, { method: "POST", body: { reason: reason.value.trim() } });
        await onReviewed(`Declined the request for ${who}. The portal user will see your reason.`, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });
  return form;
}

/** The visit's time; for a request awaiting one, the days and times asked for. */
function when(request, zone) {
  if (request.status === "awaiting-time" && request.preferred_times) {
    return `Flexible: ${preferredTimesText(request.preferred_times)}`;
  }
  return zone ? `${visitTime(request.start, request.end, zone)}, ${zoneName(zone)}` : request.start;
}

export function requestCard(request, { onReviewed, onShowCalendar }) {
  const headingId = uid("request");
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const who = request.patient_name ?? "the patient";
  const zone = request.time_zone;
  const card = el(
    "article",
    { class: "card request", "aria-labelledby": headingId },
    el(
      "h3",
      { id: headingId },
      `${who} · ${request.visit_type_name ?? "Visit"}`,
      " ",
      el("span", { class: `badge status-${request.status}` }, schedulerStatus(request.status)),
    ),
    el("p", { class: "when" }, when(request, zone)),
    el("p", { class: "meta" }, [request.location_name, request.therapist_name].filter(Boolean).join(" · ")),
    request.note
      ? el("blockquote", { class: "note" }, el("strong", {}, "Note from the portal user: "), request.note)
      : el("p", { class: "meta" }, "No note."),
    el("p", { class: "meta" }, `Sent ${momentTime(request.submitted_at)}`),
    request.conflicting ? el("p", { class: "outcome bad" }, `Conflict: ${request.conflict?.reason ?? ""}`) : null,
    // Settings changed since it was asked (a location or therapist deactivated): still decidable.
    ...(request.attention ?? []).map((reason) => el("p", { class: "outcome warn" }, `Needs attention: ${reason.reason}`)),
    ...authorizationLines(request),
    request.decline_reason ? el("p", {}, `Declined: ${request.decline_reason}`) : null,
    request.status === "appointment-cancelled"
      ? el("p", { class: "outcome warn" }, appointmentCancellation(request, { you: "The portal user" }))
      : null,
    request.status === "expired" && request.expiry ? el("p", { class: "meta" }, `Expired: ${request.expiry.reason}`) : null,
  );

  const detail = requestDetail(request, {
    outcome,
    onShowCalendar,
    onMoved: (answer) => {
      if (zone) card.querySelector(".when").textContent = `${visitTime(answer.start, answer.end, zone)}, ${zoneName(zone)}`;
      // Other times offered: no longer pending, so its badge says so and approve/decline go.
      const badge = card.querySelector(".badge");
      badge.className = `badge status-${answer.status}`;
      badge.textContent = schedulerStatus(answer.status);
      if (answer.status !== "pending") card.querySelectorAll(".pending-actions").forEach((part) => part.remove());
    },
  });
  if (request.status === "awaiting-time" && zone) {
    // It holds nothing yet: no snapshot of a requested time, but the free times inside its windows.
    const decline = el("button", { type: "button", "aria-expanded": "false" }, "Decline…");
    const form = declineForm(request, who, outcome, onReviewed, decline);
    decline.addEventListener("click", () => {
      form.hidden = false;
      decline.setAttribute("aria-expanded", "true");
      form.querySelector("textarea").focus();
    });
    card.append(preferredTimesPanel(request, zone, { outcome, onReviewed }), el("div", { class: "actions" }, decline), form);
  } else {
    card.append(el("div", { class: "actions" }, detail.open), detail.panel);
  }

  if (request.status === "pending") {
    const approve = el("button", { type: "button", class: "primary" }, "Approve");
    const decline = el("button", { type: "button", "aria-expanded": "false" }, "Decline…");
    const form = declineForm(request, who, outcome, onReviewed, decline);
    approve.addEventListener("click", () =>
      whileBusy(approve, "Approving…", async () => {
        say(outcome, "");
        try {
          const answer = await api(`/api/scheduler/requests/${request.request_id}/approve`, { method: "POST" });
          const [message, kind] = approvalOutcome(answer);
          await onReviewed(`${who}: ${message}`, kind);
        } catch (error) {
          say(outcome, error.message, "bad");
        }
      }),
    );
    decline.addEventListener("click", () => {
      form.hidden = false;
      decline.setAttribute("aria-expanded", "true");
      form.querySelector("textarea").focus();
    });
    form.classList.add("pending-actions");
    card.append(el("div", { class: "actions pending-actions" }, approve, decline), form);
  }
  card.append(outcome);
  return el("li", { "data-request-id": request.request_id }, card);
}
