// "Repeat": the chosen time once, every week or every two weeks for a number of visits. Before a
// series is sent the page shows each visit, available or taken (with why, in words), as the
// calendar judges it; the series then sends only the visits shown available.

import { api } from "../api.js";
import { checkedValues, el, say } from "../dom.js";
import { visitTime } from "../local-time.js";

/**
 * The repeat choice inside `container` for `chosen` ({case, visitType, location, slot});
 * `repeating()` is false for a single visit.
 */
// The clinic sets the most visits a series may have (the preview says so in words when exceeded).
const MOST_VISITS = 52;

export function seriesChoice(container, { chosen, onChange }) {
  const maxVisits = MOST_VISITS;
  const once = el("input", { type: "radio", name: "repeat", value: "0", checked: true, id: "repeat-once" });
  const weekly = el("input", { type: "radio", name: "repeat", value: "1", id: "repeat-weekly" });
  const fortnightly = el("input", { type: "radio", name: "repeat", value: "2", id: "repeat-fortnightly" });
  const count = el("input", {
    id: "series-visits",
    type: "number",
    inputmode: "numeric",
    min: "2",
    max: String(maxVisits),
    step: "1",
    value: "4",
    "aria-describedby": "series-visits-hint",
  });
  const countField = el(
    "div",
    { class: "field", hidden: true },
    el("label", { for: "series-visits" }, "Number of visits"),
    el("span", { class: "hint", id: "series-visits-hint" }, "From 2, the first one included; the clinic sets the most."),
    count,
  );
  const check = el("button", { type: "button", id: "series-check", hidden: true }, "Check these times");
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const list = el("ul", { id: "series-preview", class: "series-preview", hidden: true });
  container.append(
    el(
      "fieldset",
      { class: "repeat" },
      el("legend", {}, "Repeat"),
      .../** @type {[HTMLInputElement, string][]} */ ([
        [once, "Just this once"],
        [weekly, "Every week at this time"],
        [fortnightly, "Every 2 weeks at this time"],
      ]).map(([input, label]) => el("label", { class: "check", for: input.id }, input, el("span", {}, label))),
    ),
    countField,
    el("div", { class: "actions" }, check),
    outcome,
    list,
  );
  // The preview shown, for the choice it was made for; any change asks for a new one.
  let preview = null;

  const interval = () => Number(checkedValues(container, "repeat")[0]);
  const visits = () => Number(count.value);

  function forget() {
    preview = null;
    list.hidden = true;
    list.replaceChildren();
    say(outcome, "");
  }

  function changed() {
    const repeating = interval() > 0;
    countField.hidden = !repeating;
    check.hidden = !repeating;
    forget();
    onChange?.();
  }
  for (const input of [once, weekly, fortnightly, count]) input.addEventListener("change", changed);

  function visitItem(visit, zone) {
    const when = visit.start ? visitTime(visit.start, visit.end, zone) : visit.local_start.replace("T", " ").slice(0, 16);
    return el(
      "li",
      { class: visit.available ? "available" : "taken", "data-number": String(visit.number) },
      el("span", {}, `Visit ${visit.number}: ${when}`),
      " ",
      visit.available
        ? el("span", { class: "badge status-approved" }, "Available")
        : el("span", { class: "badge status-declined" }, "Not available"),
      visit.available ? null : el("span", { class: "hint" }, ` ${visit.unavailable_reason}`),
    );
  }

  async function load() {
    if (!chosen.slot) return null;
    if (!Number.isInteger(visits()) || visits() < 2 || visits() > maxVisits) {
      say(outcome, `Choose from 2 to ${maxVisits} visits.`, "bad");
      return null;
    }
    say(outcome, "Checking the times…");
    const asked = { visit_type_id: chosen.visitType.visit_type_id, first_start: chosen.slot.start, interval_weeks: interval(), visits: visits() };
    const answer = await api(`/api/portal/cases/${chosen.case.case_id}/series-preview`, { method: "POST", body: asked });
    preview = { asked, visits: answer.visits };
    list.replaceChildren(...answer.visits.map((visit) => visitItem(visit, answer.time_zone)));
    list.hidden = false;
    const free = answer.visits.filter((visit) => visit.available).length;
    say(outcome, `${free} of ${answer.visits.length} visits are available. Sending asks for the available ones.`, free ? "ok" : "bad");
    return preview;
  }
  check.addEventListener("click", () => load().catch((error) => say(outcome, error.message, "bad")));

  return {
    repeating: () => interval() > 0,
    forget,
    reset() {
      once.checked = true;
      changed();
    },
    /** The preview for the current choice (made now if there is none yet), or null. */
    async current() {
      return preview ?? (await load());
    },
  };
}
