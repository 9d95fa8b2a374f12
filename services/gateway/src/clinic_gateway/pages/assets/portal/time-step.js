// The "When?" step: a week of requestable times at the chosen location, grouped by day and in the
// location's own time zone, with the previous and next week.

import { api } from "../api.js";
import { el } from "../dom.js";
import { addDays, clockTime, dayName, localDay, todayIn, zoneName } from "../local-time.js";

/** The step over its <fieldset>: `show(choice)` lists the week for {case, visitType, location}. */
export function timeStep(fieldset, { onChoose, onProblem }) {
  const times = fieldset.querySelector(".times");
  const zoneNote = fieldset.querySelector(".zone-note");
  const range = fieldset.querySelector(".week-range");
  const previous = fieldset.querySelector(".previous-week");
  const next = fieldset.querySelector(".next-week");
  let choice = null;
  let firstDay = null;
  let weekStart = null;
  let chosenStart = null;
  // Bumped by each load, so the answer for a week no longer shown is dropped.
  let generation = 0;

  function dayGroup(day, slots) {
    const radios = slots.map((slot) =>
      el(
        "label",
        { class: "time" },
        el("input", {
          type: "radio",
          name: "time",
          value: slot.start,
          checked: slot.start === chosenStart,
          onchange: () => {
            chosenStart = slot.start;
            onChoose(slot);
          },
        }),
        el("span", {}, clockTime(slot.local_start)),
      ),
    );
    return el("fieldset", { class: "day-times" }, el("legend", {}, dayName(day)), el("div", { class: "time-grid" }, radios));
  }

  async function load() {
    const mine = ++generation;
    const weekEnd = addDays(weekStart, 6);
    range.textContent = `${dayName(weekStart, { short: true })} – ${dayName(weekEnd, { short: true })}`;
    previous.disabled = weekStart <= firstDay;
    fieldset.setAttribute("aria-busy", "true");
    times.replaceChildren(el("p", { class: "loading" }, "Loading times…"));
    const params = new URLSearchParams({
      visit_type_id: choice.visitType.visit_type_id,
      location_id: choice.location.location_id,
      date_from: weekStart,
      date_to: weekEnd,
    });
    try {
      const answer = await api(`/api/portal/cases/${choice.case.case_id}/slots?${params}`);
      if (mine !== generation) return;
      zoneNote.textContent = `Times are in ${zoneName(answer.time_zone)}.`;
      const days = new Map();
      for (const slot of answer.slots) {
        const day = localDay(slot.local_start);
        if (!days.has(day)) days.set(day, []);
        days.get(day).push(slot);
      }
      if (chosenStart && !answer.slots.some((slot) => slot.start === chosenStart)) {
        chosenStart = null;
        onChoose(null);
      }
      times.replaceChildren(
        ...(days.size
          ? [...days].map(([day, slots]) => dayGroup(day, slots))
          : [el("p", { class: "hint" }, "No free times this week. Please try the next week.")]),
      );
    } catch (error) {
      if (mine !== generation) return;
      times.replaceChildren();
      onProblem(error);
    } finally {
      if (mine === generation) fieldset.removeAttribute("aria-busy");
    }
  }

  previous.addEventListener("click", () => {
    weekStart = addDays(weekStart, -7) < firstDay ? firstDay : addDays(weekStart, -7);
    load();
  });
  next.addEventListener("click", () => {
    weekStart = addDays(weekStart, 7);
    load();
  });

  return {
    show(chosen) {
      choice = chosen;
      chosenStart = null;
      firstDay = todayIn(chosen.location.time_zone);
      weekStart = firstDay;
      fieldset.hidden = false;
      return load();
    },
    /** List the shown week again: after a refusal the taken time is gone from it. */
    refresh() {
      return choice ? load() : Promise.resolve();
    },
    hide() {
      generation += 1;
      choice = null;
      chosenStart = null;
      fieldset.hidden = true;
      times.replaceChildren();
    },
  };
}
