// A weekly series in the scheduler's list: one card for the portal user's one ask, its visits as
// rows with their own statuses. Each waiting visit is approved, declined with a reason, or left for
// later, and all the choices are sent at once; a visit is moved with its own "Move…" (the single
// request's edit), and each lives its own life afterwards.

import { api } from "../api.js";
import { checkedValues, el, say, uid, whileBusy } from "../dom.js";
import { visitTime, zoneName } from "../local-time.js";
import { schedulerStatus } from "../request-status.js";
import { requestDetail } from "./request-detail.js";

const LEAVE = "leave";

function visitRow(visit, { outcome, onShowCalendar }) {
  const zone = visit.time_zone;
  const number = visit.series.occurrence;
  const when = el("span", { class: "when" }, zone ? visitTime(visit.start, visit.end, zone) : visit.start);
  const row = el(
    "li",
    { class: "series-visit", "data-request-id": visit.request_id, "data-number": String(number) },
    el(
      "p",
      {},
      el("strong", {}, `Visit ${number}: `),
      when,
      " ",
      el("span", { class: `badge status-${visit.status}` }, schedulerStatus(visit.status)),
    ),
    visit.conflicting ? el("p", { class: "outcome bad" }, `Conflict: ${visit.conflict?.reason ?? ""}`) : null,
    visit.decline_reason ? el("p", {}, `Declined: ${visit.decline_reason}`) : null,
  );
  let choice = null;
  if (visit.status === "pending") {
    const name = uid("decision");
    const reasonId = uid("reason");
    const reason = el("input", { id: reasonId, type: "text", maxlength: "1000", class: "decline-reason" });
    const reasonField = el(
      "div",
      { class: "field", hidden: true },
      el("label", { for: reasonId }, `Reason for declining visit ${number} (the portal user will see it)`),
      reason,
    );
    const radios = [
      [LEAVE, "Decide later"],
      ["approve", "Approve"],
      ["decline", "Decline"],
    ].map(([value, label]) => {
      const id = uid("decide");
      const input = el("input", { type: "radio", name, value, id, checked: value === LEAVE });
      input.addEventListener("change", () => {
        reasonField.hidden = value !== "decline";
        if (value === "decline") reason.focus();
      });
      return el("label", { class: "check", for: id }, input, el("span", {}, label));
    });
    row.append(
      el("fieldset", { class: "decision" }, el("legend", {}, `Visit ${number}`), ...radios),
      reasonField,
    );
    choice = {
      visit,
      reason,
      value: () => checkedValues(row, name)[0],
      set(value) {
        /** @type {HTMLInputElement} */ (row.querySelector(`input[name=${name}][value=${value}]`)).click();
      },
    };
  }
  if (["pending", "approved"].includes(visit.status)) {
    const detail = requestDetail(visit, {
      outcome,
      onShowCalendar,
      onMoved: (answer) => {
        if (zone) when.textContent = visitTime(answer.start, answer.end, zone);
      },
    });
    row.append(el("div", { class: "actions" }, detail.open), detail.panel);
  }
  return { row, choice };
}

/** The card for `visits` (one series' requests, in order); `onReviewed(message, kind)` after sending. */
export function seriesCard(visits, { onReviewed, onShowCalendar }) {
  const first = visits[0];
  const headingId = uid("series");
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const who = first.patient_name ?? "the patient";
  const zone = first.time_zone;
  const rows = visits.map((visit) => visitRow(visit, { outcome, onShowCalendar }));
  const choices = rows.map((row) => row.choice).filter(Boolean);
  const card = el(
    "article",
    { class: "card request series", "aria-labelledby": headingId },
    el("h3", { id: headingId }, `${who} · ${first.visit_type_name ?? "Visit"} · weekly series`),
    el(
      "p",
      { class: "meta" },
      `${visits.length} of ${first.series.occurrences} visits requested · `,
      [first.location_name, first.therapist_name, zone ? zoneName(zone) : null].filter(Boolean).join(" · "),
    ),
    first.note
      ? el("blockquote", { class: "note" }, el("strong", {}, "Note from the portal user: "), first.note)
      : el("p", { class: "meta" }, "No note."),
    el("ul", { class: "series-visits" }, rows.map((row) => row.row)),
  );
  if (choices.length) {
    const approveAll = el("button", { type: "button" }, "Approve all waiting");
    approveAll.addEventListener("click", () => {
      for (const choice of choices) choice.set("approve");
    });
    const send = el("button", { type: "button", class: "primary" }, "Send decisions");
    send.addEventListener("click", () => sendDecisions(send));
    card.append(el("div", { class: "actions" }, approveAll, send));
  }
  card.append(outcome);

  async function sendDecisions(button) {
    say(outcome, "");
    const decisions = [];
    for (const choice of choices) {
      const value = choice.value();
      if (value === LEAVE) continue;
      if (value === "decline" && !choice.reason.value.trim()) {
        choice.reason.setAttribute("aria-invalid", "true");
        say(outcome, `Please give a reason for declining visit ${choice.visit.series.occurrence}: the portal user will see it.`, "bad");
        choice.reason.focus();
        return;
      }
      decisions.push({ request_id: choice.visit.request_id, decision: value, reason: choice.reason.value.trim() });
    }
    if (!decisions.length) {
      say(outcome, "Choose Approve or Decline for at least one visit.", "bad");
      return;
    }
    await whileBusy(button, "Sending…", async () => {
      try {
        const answer = await api(`/api/scheduler/series/${first.series.series_id}/decisions`, {
          method: "POST",
          body: { decisions },
        });
        const refused = answer.outcomes.filter((item) => !item.applied);
        const approved = decisions.filter((d) => d.decision === "approve").length;
        const declined = decisions.length - approved;
        const parts = [`${who}'s series: ${approved} approved, ${declined} declined.`];
        for (const item of refused) {
          const visit = visits.find((v) => v.request_id === item.request_id);
          parts.push(`Visit ${visit?.series.occurrence ?? "?"} was not changed: ${item.detail}`);
        }
        await onReviewed(parts.join(" "), refused.length ? "bad" : "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  }

  return el("li", { "data-series-id": first.series.series_id }, card);
}
