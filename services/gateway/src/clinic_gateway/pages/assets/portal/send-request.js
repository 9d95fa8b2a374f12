// Sending the chosen request, and telling what became of it: waiting for the clinic, the time just
// taken by someone else, or still being checked.

import { api } from "../api.js";
import { say, whileBusy } from "../dom.js";
import { visitTime } from "../local-time.js";

// After a 202 the request is read again this often before saying it is still being checked.
const POLLS = 5;
const POLL_MILLISECONDS = 1000;
const TAKEN = "That time was just taken by someone else, so it can't be requested. Please choose another time: the list shows the times still free.";

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Outside a secure context randomUUID is missing: the same version-4 UUID from random bytes.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One portal submission at a time, each under an idempotency key: sending again after a failure
 * that left the outcome unknown (no connection, a service down) repeats the same attempt, so it
 * can't make two requests; a refusal in words, an answer, or `forget()` (a new choice or note)
 * starts a new attempt. `send` resolves to the answer, or to undefined once `outcome` says what failed.
 * @param {HTMLElement} outcome
 */
export function attempts(outcome) {
  let key = null;
  return {
    forget() {
      key = null;
    },
    /**
     * @param {string} path
     * @param {{ chosen: any, [field: string]: unknown }} what `chosen` gives the patient, case, visit type and place
     */
    async send(path, { chosen, ...fields }) {
      key ??= newKey();
      const body = {
        idempotency_key: key,
        patient_id: chosen.patient.patient_id,
        case_id: chosen.case.case_id,
        visit_type_id: chosen.visitType.visit_type_id,
        location_id: chosen.location.location_id,
        ...fields,
      };
      try {
        const answer = await api(path, { method: "POST", body });
        key = null;
        return answer;
      } catch (error) {
        // A refusal in words is final for this attempt; no answer at all may be retried as it was.
        if (error.status >= 400 && error.status < 500) key = null;
        say(outcome, error.message, "bad");
        outcome.focus();
        return undefined;
      }
    },
  };
}

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Sends `chosen` ({patient, case, visitType, location, slot}) with the note. One idempotency key
 * per attempt: pressing Send again after a failure that left the outcome unknown (no connection,
 * a service down) repeats the same attempt, so it can't make two requests; a new choice or note
 * starts a new attempt. `onSent({taken})` follows every settled answer.
 */
export function sender({ chosen, button, note, outcome, onSent, series }) {
  const attempt = attempts(outcome);
  note.addEventListener("input", () => attempt.forget());

  const describe = (slot) => `${visitTime(slot.start, slot.end, chosen.location.time_zone)}`;

  async function settled(request) {
    for (let poll = 0; poll < POLLS && request.status === "submitted"; poll += 1) {
      await pause(POLL_MILLISECONDS);
      request = await api(`/api/portal/requests/${request.request_id}`);
    }
    return request;
  }

  async function sendSeries() {
    let preview;
    try {
      preview = await series.current();
    } catch (error) {
      say(outcome, error.message, "bad");
      return;
    }
    if (!preview) return;
    const send = preview.visits.filter((visit) => visit.available).map((visit) => visit.number);
    if (!send.length) {
      say(outcome, "None of these visits is available. Please choose another time or fewer visits.", "bad");
      outcome.focus();
      return;
    }
    await whileBusy(button, "Sending…", async () => {
      const sent = await attempt.send("/api/portal/series", { chosen, note: note.value.trim(), ...preview.asked, send });
      if (sent === undefined) return;
      const requests = await Promise.all(sent.requests.map(settled));
      const held = requests.filter((request) => request.status === "pending").length;
      const taken = requests.filter((request) => request.status === "refused").length;
      const what = `${chosen.visitType.name} for ${chosen.patient.name}, ${send.length} visits`;
      const news = [`Series sent: ${what}.`, `${held} waiting for the clinic, the times kept for you meanwhile.`];
      if (taken) news.push(`${taken} just taken by someone else.`);
      if (held + taken < requests.length) news.push("The rest are still being checked.");
      say(outcome, `${news.join(" ")} It is under My requests below.`, "ok");
      await onSent({ taken: false });
      outcome.focus();
    });
  }

  async function send() {
    const slot = chosen.slot;
    if (!slot) {
      say(outcome, "Please choose a time first.", "bad");
      return;
    }
    say(outcome, "");
    if (series?.repeating()) {
      await sendSeries();
      return;
    }
    await whileBusy(button, "Sending…", async () => {
      const what = `${chosen.visitType.name} for ${chosen.patient.name}, ${describe(slot)}`;
      const answer = await attempt.send("/api/portal/requests", { chosen, start: slot.start, note: note.value.trim() });
      if (answer === undefined) return;
      const request = await settled(answer);
      if (request.status === "refused") {
        say(outcome, TAKEN, "bad");
        outcome.focus();
        await onSent({ taken: true });
        return;
      }
      if (request.status === "submitted") {
        say(outcome, `Your request (${what}) has reached the clinic and is being checked. It is under My requests below.`, "ok");
      } else {
        say(outcome, `Request sent: ${what}. Waiting for the clinic (pending): the time is kept for you meanwhile.`, "ok");
      }
      await onSent({ taken: false });
      outcome.focus();
    });
  }

  return {
    send,
    describe,
    forget: attempt.forget,
  };
}
