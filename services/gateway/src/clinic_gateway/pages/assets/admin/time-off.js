// A therapist's time off (holidays, courses): stretches when no times are offered, at any of their
// locations. Entered in one time zone (their first location's, else the clinic's), saved whole.

import { api } from "../api.js";
import { el, firstInvalid, say, uid, whileBusy } from "../dom.js";
import { addDays, todayIn, utcToZoned, zoneName, zonedToUtc } from "../local-time.js";
import { withCalendar } from "./calendar-settings.js";
import { outcomeRegion } from "./forms.js";

export function timeOffEditor(therapist, timeZone) {
  const path = `/api/admin/therapists/${therapist.therapist_id}/time-off`;
  // Each stretch as wall-clock times in `timeZone`: {start: "2026-12-21T09:00", end: ...}.
  let stretches = [];
  let loaded = false;
  const list = el("div", { class: "closures" }, el("p", { class: "loading" }, "Loading the time off…"));
  const outcome = outcomeRegion();

  function row(stretch, index) {
    const number = el("span", { class: "visually-hidden" }, ` (time off ${index + 1})`);
    const time = (name, text) =>
      el(
        "label",
        {},
        el("span", {}, text, number.cloneNode(true)),
        el("input", {
          type: "datetime-local",
          required: true,
          value: stretch[name],
          oninput: (event) => {
            stretch[name] = event.target.value;
          },
        }),
      );
    return el(
      "div",
      { class: "closure" },
      time("start", "From"),
      time("end", "Until"),
      el(
        "button",
        {
          type: "button",
          class: "quiet",
          onclick: () => {
            stretches.splice(index, 1);
            draw();
            add.focus();
            say(outcome, "Time off removed. Save to keep the change.");
          },
        },
        "Remove",
        number.cloneNode(true),
      ),
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

  async function read() {
    try {
      load((await withCalendar(() => api(path), outcome)).time_off);
      say(outcome, "");
    } catch (error) {
      list.replaceChildren();
      say(outcome, error.message, "bad");
    }
  }

  const add = el("button", { type: "button" }, "Add time off");
  add.addEventListener("click", () => {
    const tomorrow = addDays(todayIn(timeZone), 1);
    stretches.push({ start: `${tomorrow}T00:00`, end: `${addDays(tomorrow, 1)}T00:00` });
    draw();
    list.querySelectorAll("input")[(stretches.length - 1) * 2].focus();
  });

  // Hidden until the stored one is read: saving replaces it whole.
  const actions = el("div", { class: "actions", hidden: true });
  const save = el("button", { type: "button", class: "primary" }, "Save time off");
  save.addEventListener("click", () => {
    say(outcome, "");
    const blank = firstInvalid(list);
    if (blank) {
      say(outcome, "Give each time off its start and end, or remove it.", "bad");
      blank.focus();
      return;
    }
    const body = stretches.map(({ start, end }) => ({
      start: zonedToUtc(start, timeZone),
      end: zonedToUtc(end, timeZone),
    }));
    return whileBusy(save, "Saving…", async () => {
      try {
        load((await withCalendar(() => api(path, { method: "PUT", body }), outcome)).time_off);
        say(outcome, `Time off of ${therapist.name} saved.`, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });

  actions.append(add, save);
  const summary = el("summary", { id: uid("time-off") }, "Time off");
  const details = el(
    "details",
    { class: "closures" },
    summary,
    el(
      "div",
      { role: "group", "aria-labelledby": summary.id },
      el("p", { class: "hint" }, `No times are offered then, at any location. Times in ${zoneName(timeZone)}.`),
      list,
      actions,
      outcome,
    ),
  );
  // Opening it again after a failed read tries again.
  details.addEventListener("toggle", () => {
    if (details.open && !loaded) read();
  });
  return details;
}
