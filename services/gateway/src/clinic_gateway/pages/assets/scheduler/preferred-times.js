// A request awaiting a time: the days and times of day the family gave, the free slots inside them
// (computed by the calendar as every slot list is), each with "Book this time", and the existing
// "Offer other times" for a time outside them.

import { api } from "../api.js";
import { el, say, whileBusy } from "../dom.js";
import { visitTime, zoneName } from "../local-time.js";
import { preferredTimesText } from "../preferred-times.js";
import { offerForm } from "./offer-form.js";

// Enough to choose from at a glance; the rest are a click on "Show more" away.
const FIRST_SHOWN = 12;

function bookedOutcome(answer) {
  if (answer.status === "approved") return ["Booked: the appointment is in the calendar.", "ok"];
  if (answer.status === "approving") return ["Booked: the appointment is being made.", "ok"];
  if (answer.edit_refusal) return [`That time couldn't be held: ${answer.edit_refusal.reason} Please choose another.`, "bad"];
  return ["The time is being held on the calendar. Look again in a moment.", ""];
}

/** The panel for `request` (status awaiting-time); `onReviewed(message, kind)` once it is answered. */
export function preferredTimesPanel(request, zone, { outcome, onReviewed }) {
  const who = request.patient_name ?? "the patient";
  const slots = el("ul", { class: "matching-slots", "aria-label": "Free times inside the preferred times" });
  const panel = el(
    "section",
    { class: "preferred-times", "aria-label": "Preferred times" },
    el("h4", {}, "Free times that suit"),
    el("p", { class: "hint" }, `Asked for: ${preferredTimesText(request.preferred_times)}, in ${zoneName(zone)}.`),
    slots,
  );

  function slotItem(slot) {
    const time = visitTime(slot.start, slot.end, zone);
    const book = el("button", { type: "button", class: "primary", "aria-label": `Book this time: ${time}` }, "Book this time");
    book.addEventListener("click", () =>
      whileBusy(book, "Booking…", async () => {
        say(outcome, "");
        try {
          const path = `/api/scheduler/requests/${request.request_id}/choose-time`;
          const answer = await api(path, { method: "POST", body: { start: slot.start } });
          const [message, kind] = bookedOutcome(answer);
          if (kind === "ok") await onReviewed(`${who}: ${message}`, kind);
          else say(outcome, message, kind);
        } catch (error) {
          say(outcome, error.message, "bad");
        }
      }),
    );
    return el("li", { class: "matching-slot" }, el("span", {}, time), " ", book);
  }

  async function load() {
    slots.replaceChildren(el("li", { class: "loading" }, "Loading free times…"));
    try {
      const matching = await api(`/api/scheduler/requests/${request.request_id}/matching-slots`);
      if (!matching.slots.length) {
        slots.replaceChildren(el("li", { class: "hint" }, "No free time inside these days and times. Offer other times, or decline."));
        return;
      }
      const shown = matching.slots.slice(0, FIRST_SHOWN).map(slotItem);
      const rest = matching.slots.slice(FIRST_SHOWN);
      if (rest.length) {
        const more = el("button", { type: "button", class: "quiet" }, `Show ${rest.length} more`);
        more.addEventListener("click", () => {
          more.parentElement.replaceWith(...rest.map(slotItem));
        });
        shown.push(el("li", {}, more));
      }
      slots.replaceChildren(...shown);
    } catch (error) {
      slots.replaceChildren();
      say(outcome, error.message, "bad");
    }
  }

  panel.append(
    offerForm(request, zone, {
      outcome,
      onOffered: async (answer) => {
        if (answer.status !== "awaiting-time") await onReviewed(`${who}: other times offered.`, "ok");
      },
    }),
  );
  load();
  return panel;
}
