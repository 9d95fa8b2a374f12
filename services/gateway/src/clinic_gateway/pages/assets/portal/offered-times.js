// Other times the clinic offered for a request: "Accept" on each held one, or "Decline all".

import { api } from "../api.js";
import { el, say, whileBusy } from "../dom.js";
import { momentTime, visitTime } from "../local-time.js";

/**
 * The open offer's times and answers. `zone` is the location's; `answered()` refreshes the list
 * and returns, `outcome` is where the result is said.
 */
export function offeredTimes(request, zone, { outcome, answered }) {
  const held = request.counter_offer.times.filter((time) => time.state === "held");
  const when = (time) => (zone ? visitTime(time.start, time.end, zone) : new Date(time.start).toLocaleString());

  async function answer(button, busyLabel, path, body, done) {
    await whileBusy(button, busyLabel, async () => {
      try {
        await api(`/api/portal/requests/${request.request_id}/${path}`, { method: "POST", body });
        await answered();
        say(outcome, done, "ok");
        document.getElementById("my-requests-heading").focus();
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  }

  const choices = held.map((time) => {
    const accept = el("button", { type: "button", "aria-label": `Accept ${when(time)}` }, "Accept");
    accept.addEventListener("click", () =>
      answer(accept, "Accepting…", "offer/accept", { hold_id: time.hold_id }, `You accepted ${when(time)}.`),
    );
    return el("li", {}, el("span", {}, when(time)), " ", accept);
  });
  // A time freed for a family on the waitlist is one time, and nothing was asked for before it.
  const fromWaitlist = Boolean(request.waitlist_entry_id);
  const declineAll = el("button", { type: "button", class: "danger" }, fromWaitlist ? "Decline" : "Decline all");
  const declined = fromWaitlist
    ? "You declined the time; it goes to the next person waiting, and you stay on the waitlist."
    : "You declined the offered times; the request is closed.";
  declineAll.addEventListener("click", () => answer(declineAll, "Declining…", "offer/decline", undefined, declined));
  const until = momentTime(request.counter_offer.answer_by);
  return el(
    "div",
    { class: "offered-times" },
    el(
      "p",
      {},
      fromWaitlist
        ? `A time has come free that fits your waitlist. It is kept for you until ${until}.`
        : `The clinic can't give the time you asked for and offers these instead. They are kept for you until ${until}.`,
    ),
    el("ul", { class: "offered-time-list" }, ...choices),
    el("div", { class: "actions" }, declineAll),
  );
}
