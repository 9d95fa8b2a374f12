// Offering the portal user other times for a pending request: up to three starts, each held for
// them by the calendar until they answer.

import { api } from "../api.js";
import { el, say, uid, whileBusy } from "../dom.js";
import { momentTime, visitTime, zoneName, zonedToUtc } from "../local-time.js";

const MOST_TIMES = 3;

/** What became of an offer, in a sentence and its kind ("ok", "bad" or ""). */
export function offerOutcome(request, zone) {
  const offer = request.counter_offer;
  if (!offer) return [`The request is now ${request.status}.`, ""];
  const refused = offer.times.filter((time) => time.state === "refused");
  const why = refused.map((time) => `${visitTime(time.start, time.end, zone)}: ${time.refusal?.reason ?? "not free"}`);
  if (request.status === "offering") return ["The offered times are being held on the calendar. Look again in a moment.", ""];
  if (offer.outcome === "none-held") {
    const keeps = request.status === "awaiting-time" ? "The request still waits for a time." : "The request keeps its time.";
    return [`None of the offered times could be held (${why.join("; ")}). ${keeps}`, "bad"];
  }
  const held = offer.times.filter((time) => time.state === "held").length;
  const left = refused.length ? ` Not offered, as the calendar refused them: ${why.join("; ")}.` : "";
  return [`${held === 1 ? "1 time is" : `${held} times are`} offered, held until ${momentTime(offer.answer_by)}.${left}`, "ok"];
}

/**
 * Send a scheduler's change to a request (a move, an offer of other times) with `button` busy,
 * then say what became of it (`outcomeOf(answer)` gives [message, kind]) and hand the answer to
 * `done`; a refusal is said in `outcome`.
 */
export function sendChange(button, busyText, { path, body, outcome, outcomeOf, done }) {
  return whileBusy(button, busyText, async () => {
    try {
      const answer = await api(path, { method: "POST", body: body() });
      const [message, kind] = outcomeOf(answer);
      say(outcome, message, kind);
      await done(answer);
    } catch (error) {
      say(outcome, error.message, "bad");
    }
  });
}

export function offerForm(request, zone, { outcome, onOffered }) {
  const hintId = uid("offer-hint");
  const inputs = Array.from({ length: MOST_TIMES }, (_, index) => {
    const id = uid("offered-start");
    const input = el("input", { type: "datetime-local", id, step: "900", "aria-describedby": hintId });
    return { input, field: el("div", { class: "field" }, el("label", { for: id }, `Other time ${index + 1}`), input) };
  });
  const send = el("button", { type: "submit" }, "Offer these times");
  const form = el(
    "form",
    { class: "offer-times", novalidate: true, "aria-label": "Offer other times" },
    el("h4", {}, "Offer other times"),
    el(
      "p",
      { class: "hint", id: hintId },
      `Up to ${MOST_TIMES} start times, in ${zoneName(zone)}. The visit keeps its length; each time is held for the family until they answer, and the requested time is given up.`,
    ),
    ...inputs.map(({ field }) => field),
    el("div", { class: "actions" }, send),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = inputs.map(({ input }) => input.value).filter(Boolean);
    if (!chosen.length) {
      say(outcome, "Please choose at least one other time.", "bad");
      inputs[0].input.focus();
      return;
    }
    sendChange(send, "Offering…", {
      path: `/api/scheduler/requests/${request.request_id}/offer`,
      body: () => ({ times: chosen.map((value) => ({ start: zonedToUtc(value, zone) })) }),
      outcome,
      outcomeOf: (answer) => offerOutcome(answer, zone),
      done: onOffered,
    });
  });
  return form;
}
