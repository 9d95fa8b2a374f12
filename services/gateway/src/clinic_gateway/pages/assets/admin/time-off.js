// A therapist's time off (holidays, courses): stretches when no times are offered, at any of their
// locations. Entered in one time zone (their first location's, else the clinic's), saved whole.

import { api } from "../api.js";
import { el, uid } from "../dom.js";
import { addDays, todayIn, utcToZoned, zoneName, zonedToUtc } from "../local-time.js";
import { withCalendar } from "./calendar-settings.js";
import { outcomeRegion } from "./forms.js";
import { readWhenOpened, removeButton, rowInput, saveListButton } from "./list-editor.js";

export function timeOffEditor(therapist, timeZone) {
  const path = `/api/admin/therapists/${therapist.therapist_id}/time-off`;
  // Each stretch as wall-clock times in `timeZone`: {start: "2026-12-21T09:00", end: ...}.
  let stretches = [];
  let loaded = false;
  const list = el("div", { class: "closures" }, el("p", { class: "loading" }, "Loading the time off…"));
  const outcome = outcomeRegion();

  function row(stretch, index) {
    const number = el("span", { class: "visually-hidden" }, ` (time off ${index + 1})`);
    const time = (name, text) => rowInput(stretch, name, text, number, { type: "datetime-local", required: true });
    return el(
      "div",
      { class: "closure" },
      time("start", "From"),
      time("end", "Until"),
      removeButton({ number, add, outcome, removed: "Time off removed. Save to keep the change." }, () => {
        stretches.splice(index, 1);
        draw();
      }),
    );
  }

  function draw() {
    summary.textContent = loaded ? `Time off (${stretches.length})` : "Time off";
    list.replaceChildren(
      ...(stretches.length ? stretches.map(row) : [el("p", { class: "closed" }, "No time off planned.")]),
    );
  }

  const load = (timeOff) => {
    stretches = timeOff.map(({ start, end }) => ({
      start: utcToZoned(start, timeZone),
      end: utcToZoned(end, timeZone),
    }));
    loaded = true;
    actions.hidden = false;
    draw();
  };

  const add = el("button", { type: "button" }, "Add time off");
  add.addEventListener("click", () => {
    const tomorrow = addDays(todayIn(timeZone), 1);
    stretches.push({ start: `${tomorrow}T00:00`, end: `${addDays(tomorrow, 1)}T00:00` });
    draw();
    list.querySelectorAll("input")[(stretches.length - 1) * 2].focus();
  });

  // Hidden until the stored one is read: saving replaces it whole.
  const actions = el("div", { class: "actions", hidden: true });
  const save = saveListButton({
    label: "Save time off",
    list,
    outcome,
    incomplete: "Give each time off its start and end, or remove it.",
    save: async () => {
      const body = stretches.map(({ start, end }) => ({
        start: zonedToUtc(start, timeZone),
        end: zonedToUtc(end, timeZone),
      }));
      load((await withCalendar(() => api(path, { method: "PUT", body }), outcome)).time_off);
      return `Time off of ${therapist.name} saved.`;
    },
  });

  actions.append(add, save);
  const summary = el("summary", { id: uid("time-off") }, "Time off");
  return readWhenOpened({
    className: "closures",
    summary,
    hint: `No times are offered then, at any location. Times in ${zoneName(timeZone)}.`,
    list,
    actions,
    outcome,
    read: async () => load((await withCalendar(() => api(path), outcome)).time_off),
    loaded: () => loaded,
  });
}
