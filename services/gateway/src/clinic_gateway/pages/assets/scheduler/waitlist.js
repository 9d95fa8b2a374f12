// The waitlist of the patients this scheduler sees, in the order freed times are offered (the
// clinic's `waitlist_order`): each entry's windows, its priority to change, and taking it off.

import { api } from "../api.js";
import { cardItem, el, say, uid, whileBusy } from "../dom.js";

const WEEKDAY = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const ORDER = {
  "first-come": "Freed times are offered in the order people joined.",
  priority: "Freed times are offered by priority (highest first), then in the order people joined.",
};

export function waitlist() {
  const section = document.getElementById("waitlist");
  const list = document.getElementById("waitlist-entries");
  const outcome = document.getElementById("waitlist-outcome");
  const order = document.getElementById("waitlist-order");

  async function act(button, busy, path, options, done) {
    await whileBusy(button, busy, async () => {
      try {
        await api(path, options);
        await refresh();
        say(outcome, done, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  }

  function entryItem(entry, place) {
    const who = entry.patient_name ?? "A patient";
    const priorityId = uid("priority");
    const priority = el("input", { type: "number", id: priorityId, value: String(entry.priority), min: "-1000", max: "1000" });
    const save = el("button", { type: "button" }, "Save priority");
    save.addEventListener("click", () =>
      act(save, "Saving…", `/api/scheduler/waitlist/${entry.entry_id}/priority`, {
        method: "PUT",
        body: { priority: Number(priority.value) },
      }, `${who}'s priority is ${priority.value}.`),
    );
    const remove = el("button", { type: "button", class: "danger" }, "Take off the waitlist");
    remove.addEventListener("click", () =>
      act(remove, "Taking off…", `/api/scheduler/waitlist/${entry.entry_id}/leave`, { method: "POST" }, `${who} is off the waitlist.`),
    );
    const days = entry.weekdays.map((day) => WEEKDAY[day]).join(", ");
    return cardItem(
      { "data-entry-id": entry.entry_id },
      `${place}. ${who}`,
      el(
        "p",
        { class: "meta" },
        `${entry.visit_type_name ?? "Visit"} with ${entry.therapist_name ?? "their therapist"} at ${entry.location_name ?? "their location"}`,
      ),
      el("p", {}, `${days}; ${entry.parts_of_day.join(", ")}; ${entry.first_day} to ${entry.last_day}.`),
      el("div", { class: "field" }, el("label", { for: priorityId }, "Priority"), priority),
      el("div", { class: "actions" }, save, remove),
    );
  }

  async function refresh() {
    const waiting = await api("/api/scheduler/waitlist");
    order.textContent = ORDER[waiting.order] ?? "";
    list.replaceChildren(
      ...(waiting.items.length
        ? waiting.items.map((entry, index) => entryItem(entry, index + 1))
        : [el("li", { class: "hint" }, "Nobody is waiting.")]),
    );
    section.hidden = false;
  }

  return { refresh };
}
